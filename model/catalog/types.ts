/**
 * Types of the GPU catalog: accelerators, the cloud machine shapes that carry them, and hourly prices.
 * Every figure carries a `source` so a reviewer can check it and see how old it is.
 */

/** Where a figure comes from, and when it was read. */
export interface Source {
  /** A public address, or a document and section name. */
  readonly url: string;
  /** The date the figure was read or published, `YYYY-MM-DD`. */
  readonly date: string;
  /** What was read there, when the address alone does not say it. */
  readonly note?: string;
}

/** Catalog keys of the GPUs we know; `gpu:` in a pool's config takes one of these. */
export const GPU_IDS = [
  "t4",
  "a10g",
  "l4",
  "l40s",
  "a100-40gb",
  "a100-80gb",
  "h100",
  "h200",
] as const;
export type GpuId = (typeof GPU_IDS)[number];

export type Cloud = "aws" | "gcp";

/** One accelerator model. */
export interface GpuModel {
  readonly id: GpuId;
  /** Marketing name, e.g. `NVIDIA L4`. */
  readonly name: string;
  readonly memoryGiB: number;
  /** Board power (TDP) of the variant the clouds use (SXM where they use SXM). */
  readonly tdpWatts: number;
  readonly source: Source;
}

/** A machine shape of one cloud that carries GPUs. */
export interface InstanceShape {
  readonly cloud: Cloud;
  /** EC2 instance type (`g6.xlarge`) or GCE machine type (`g2-standard-4`). */
  readonly name: string;
  readonly gpu: GpuId;
  readonly gpusPerNode: number;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /**
   * GCP only: the accelerator type passed to `guestAccelerators` (`nvidia-l4`). N1 shapes take T4s as
   * attached accelerators; A2/A3/G2 shapes come with theirs, and GKE still wants the type named.
   */
  readonly gcpAcceleratorType?: string;
  readonly source: Source;
}

/** Linux price of one shape in one region, USD per hour; GPUs included. */
export interface Price {
  readonly cloud: Cloud;
  readonly region: string;
  readonly instanceType: string;
  readonly onDemandUsdPerHour?: number;
  readonly spotUsdPerHour?: number;
  readonly source: Source;
}
