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
export const GpuId = {
  T4: "t4",
  A10G: "a10g",
  L4: "l4",
  L40S: "l40s",
  A100_40GB: "a100-40gb",
  A100_80GB: "a100-80gb",
  H100: "h100",
  H200: "h200",
  H100_NVL: "h100-nvl",
  RTX4000_ADA: "rtx4000-ada",
  RTX6000: "rtx6000",
  RTXPRO6000: "rtxpro6000",
} as const;
export type GpuId = (typeof GpuId)[keyof typeof GpuId];
export const GPU_IDS = Object.values(GpuId) as [GpuId, ...GpuId[]];

/** Providers whose machine shapes and prices the catalog holds. */
export const Cloud = { Aws: "aws", Gcp: "gcp", Azure: "azure", Akamai: "akamai" } as const;
export type Cloud = (typeof Cloud)[keyof typeof Cloud];
export const CLOUDS = Object.values(Cloud) as [Cloud, ...Cloud[]];

/**
 * Where a cluster runs: a cloud of the catalog, or the team's own racks. (Spelled out rather than
 * spread from {@link Cloud}: the component provider reads enum members from the literal.)
 */
export const Target = {
  Aws: "aws",
  Gcp: "gcp",
  Azure: "azure",
  Akamai: "akamai",
  Onprem: "onprem",
} as const;
export type Target = (typeof Target)[keyof typeof Target];
// Every cloud is a target, under the same key (a compile-time check; the literal stays plain for the
// component provider, which reads `{...} as const` only).
Target satisfies { [K in keyof typeof Cloud]: (typeof Cloud)[K] };
export const TARGETS = Object.values(Target) as [Target, ...Target[]];

/** How each target is named in messages. */
export const TARGET_NAMES: Readonly<Record<Target, string>> = {
  aws: "AWS",
  gcp: "GCP",
  azure: "Azure",
  akamai: "Akamai",
  onprem: "on-prem",
};

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
  /**
   * EC2 instance type (`g6.xlarge`), GCE machine type (`g2-standard-4`), Azure VM size
   * (`Standard_NC4as_T4_v3`) or Linode plan (`g2-gpu-rtx4000a1-s`).
   */
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
