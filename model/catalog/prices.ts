/**
 * Hourly Linux prices per shape and region (see sources.ts for where they come from and how spot and
 * GCP figures were reduced). A missing price is left out; no price is guessed.
 */
import {
  SKYPILOT_AWS_PRICE,
  SKYPILOT_AWS_PRICE_P4DE,
  SKYPILOT_AWS_PRICE_P4_P5,
  SKYPILOT_AWS_PRICE_P5E,
  SKYPILOT_GCP_PRICE,
  SKYPILOT_GCP_PRICE_H100_EU,
  SKYPILOT_GCP_PRICE_N1_T4,
  SKYPILOT_GCP_PRICE_SPOT_ONLY,
} from "./sources";
import { AKAMAI_PRICES } from "./akamai";
import { AZURE_PRICES } from "./azure";
import type { Price, Source } from "./types";

/**
 * Hours in a billing month: 8760 / 12 = 730. This is the convention of AWS's pricing pages and calculator,
 * and of Infracost.
 */
export const HOURS_PER_MONTH = 730;

function awsPrice(
  region: string,
  instanceType: string,
  onDemandUsdPerHour: number | undefined,
  spotUsdPerHour: number | undefined,
  source: Source = SKYPILOT_AWS_PRICE,
): Price {
  return {
    cloud: "aws",
    region,
    instanceType,
    ...(onDemandUsdPerHour === undefined ? {} : { onDemandUsdPerHour }),
    ...(spotUsdPerHour === undefined ? {} : { spotUsdPerHour }),
    source,
  };
}

/** One GPU's hourly figures in one GCP region, as the catalog's 1-GPU accelerator row gives them. */
interface GcpGpuRow {
  /** Omitted when the row failed the spot/on-demand check (see the module comment). */
  readonly onDemand?: number;
  readonly spot: number;
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/**
 * A GCP price: VM row + `count` × the 1-GPU row. `vm` is [on-demand, spot] of the machine-type row.
 * When the GPU row has no trusted on-demand figure, the shape gets a spot price only.
 */
function gcpPrice(
  region: string,
  instanceType: string,
  vm: readonly [onDemand: number, spot: number],
  gpu: GcpGpuRow,
  count: number,
  source: Source,
): Price {
  return {
    cloud: "gcp",
    region,
    instanceType,
    ...(gpu.onDemand === undefined
      ? {}
      : { onDemandUsdPerHour: round5(vm[0] + count * gpu.onDemand) }),
    spotUsdPerHour: round5(vm[1] + count * gpu.spot),
    source,
  };
}

// GCP 1-GPU accelerator rows (USD per GPU-hour) from the SkyPilot GCP catalog.
const T4_US_CENTRAL1: GcpGpuRow = { onDemand: 0.35, spot: 0.14 };
const T4_US_EAST1: GcpGpuRow = { onDemand: 0.35, spot: 0.14 };
const T4_EUROPE_WEST4: GcpGpuRow = { onDemand: 0.3675, spot: 0.14 };
const L4_US_CENTRAL1: GcpGpuRow = { onDemand: 0.56004, spot: 0.2231 };
const L4_EUROPE_WEST4: GcpGpuRow = { onDemand: 0.58804, spot: 0.2106 };
const A100_US_CENTRAL1: GcpGpuRow = { onDemand: 2.93391, spot: 1.1472 };
const A100_US_EAST1: GcpGpuRow = { onDemand: 2.93391, spot: 1.1472 };
// Catalog on-demand 1.61365 left out: spot 1.1691 is 72% of it.
const A100_EUROPE_WEST4: GcpGpuRow = { spot: 1.1691 };
// Catalog on-demand 1.8462 left out: spot 1.5712 is 85% of it.
const A100_80GB_US_CENTRAL1: GcpGpuRow = { spot: 1.5712 };
// Catalog on-demand 2.03285 left out: spot 1.5771 is 78% of it.
const A100_80GB_EUROPE_WEST4: GcpGpuRow = { spot: 1.5771 };
// Catalog on-demand 4.20076 left out: spot 2.253 is 54% of it, and us-east4 lists 9.79655 for the same GPU.
const H100_US_CENTRAL1: GcpGpuRow = { spot: 2.253 };
const H100_EUROPE_WEST4: GcpGpuRow = { onDemand: 12.73552, spot: 2.2913 };
// The catalog lists H200 only as 8-GPU rows: 74.49392 on-demand / 29.7976 spot in us-central1.
const H200_US_CENTRAL1: GcpGpuRow = { onDemand: 74.49392 / 8, spot: 29.7976 / 8 };
// 8-GPU row: on-demand 36.60258 left out (spot 31.28752 is 85% of it).
const H200_EUROPE_WEST4: GcpGpuRow = { spot: 31.28752 / 8 };

/**
 * Linux prices in USD per hour, GPUs included, for each shape in the regions where the sources gave
 * one: AWS us-east-1, us-west-2, eu-west-1, eu-central-1 and GCP us-central1, europe-west4, us-east1.
 */
// One row per line (prettier keeps them so): region, shape, on-demand, spot, [source].
// prettier-ignore
export const PRICES: readonly Price[] = [
  // ---- AWS: G4dn (T4)
  awsPrice("us-east-1", "g4dn.xlarge", 0.526, 0.1869),
  awsPrice("us-west-2", "g4dn.xlarge", 0.526, 0.1809),
  awsPrice("eu-west-1", "g4dn.xlarge", 0.587, 0.2658),
  awsPrice("eu-central-1", "g4dn.xlarge", 0.658, 0.2383),
  awsPrice("us-east-1", "g4dn.2xlarge", 0.752, 0.3119),
  awsPrice("us-west-2", "g4dn.2xlarge", 0.752, 0.2782),
  awsPrice("eu-west-1", "g4dn.2xlarge", 0.838, 0.3803),
  awsPrice("eu-central-1", "g4dn.2xlarge", 0.94, 0.2652),
  awsPrice("us-east-1", "g4dn.12xlarge", 3.912, 1.3849),
  awsPrice("eu-west-1", "g4dn.12xlarge", 4.362, 1.9688),
  awsPrice("eu-central-1", "g4dn.12xlarge", 4.89, 1.4626),
  // ---- AWS: G5 (A10G)
  awsPrice("us-east-1", "g5.xlarge", 1.006, 0.4028),
  awsPrice("us-west-2", "g5.xlarge", 1.006, 0.3644),
  awsPrice("eu-west-1", "g5.xlarge", 1.123, 0.5084),
  awsPrice("eu-central-1", "g5.xlarge", 1.258, 0.51),
  awsPrice("us-east-1", "g5.2xlarge", 1.212, 0.5063),
  awsPrice("us-west-2", "g5.2xlarge", 1.212, 0.4136),
  awsPrice("eu-west-1", "g5.2xlarge", 1.35296, 0.611),
  awsPrice("eu-central-1", "g5.2xlarge", 1.5156, 0.5243),
  awsPrice("us-east-1", "g5.4xlarge", 1.624, 0.6507),
  awsPrice("us-west-2", "g5.4xlarge", 1.624, 0.5012),
  awsPrice("eu-west-1", "g5.4xlarge", 1.81287, 0.8158),
  awsPrice("eu-central-1", "g5.4xlarge", 2.03081, 0.5909),
  awsPrice("us-east-1", "g5.12xlarge", 5.672, 2.5445),
  awsPrice("us-west-2", "g5.12xlarge", 5.672, 1.9383),
  awsPrice("eu-west-1", "g5.12xlarge", 6.33167, 2.7775),
  awsPrice("eu-central-1", "g5.12xlarge", 7.09282, 1.5691),
  awsPrice("us-east-1", "g5.48xlarge", 16.288, 4.3694),
  awsPrice("us-west-2", "g5.48xlarge", 16.288, 5.0311),
  awsPrice("eu-west-1", "g5.48xlarge", 18.18233, 7.9607),
  awsPrice("eu-central-1", "g5.48xlarge", 20.3681, 5.8871),
  // ---- AWS: G6 (L4); the snapshot has no eu-west-1 rows for G6
  awsPrice("us-east-1", "g6.xlarge", 0.8048, 0.4102),
  awsPrice("us-west-2", "g6.xlarge", 0.8048, 0.4128),
  awsPrice("eu-central-1", "g6.xlarge", 1.0064, 0.3603),
  awsPrice("us-east-1", "g6.2xlarge", 0.9776, 0.4196),
  awsPrice("us-west-2", "g6.2xlarge", 0.9776, 0.4752),
  awsPrice("eu-central-1", "g6.2xlarge", 1.22249, 0.3225),
  awsPrice("us-east-1", "g6.4xlarge", 1.3232, 0.5226),
  awsPrice("us-west-2", "g6.4xlarge", 1.3232, 0.5255),
  awsPrice("eu-central-1", "g6.4xlarge", 1.65466, 0.5672),
  awsPrice("us-east-1", "g6.12xlarge", 4.6016, 1.9139),
  awsPrice("us-west-2", "g6.12xlarge", 4.6016, 1.6926),
  awsPrice("eu-central-1", "g6.12xlarge", 5.75429, 2.0727),
  awsPrice("us-east-1", "g6.48xlarge", 13.3504, 3.1769),
  awsPrice("us-west-2", "g6.48xlarge", 13.3504, 4.2975),
  awsPrice("eu-central-1", "g6.48xlarge", 16.69464, 2.1887),
  // ---- AWS: G6e (L40S); the snapshot has no eu-west-1 rows for G6e
  awsPrice("us-east-1", "g6e.xlarge", 1.861, 0.7945),
  awsPrice("us-west-2", "g6e.xlarge", 1.861, 0.8123),
  awsPrice("eu-central-1", "g6e.xlarge", 2.327, 0.6762),
  awsPrice("us-east-1", "g6e.2xlarge", 2.24208, 0.8285),
  awsPrice("us-west-2", "g6e.2xlarge", 2.24208, 1.3388),
  awsPrice("eu-central-1", "g6e.2xlarge", 2.8035, 0.9583),
  awsPrice("us-east-1", "g6e.12xlarge", 10.49264, 4.9957),
  awsPrice("us-west-2", "g6e.12xlarge", 10.49264, 4.8851),
  awsPrice("eu-central-1", "g6e.12xlarge", 13.12002, 5.4618),
  awsPrice("us-east-1", "g6e.48xlarge", 30.13118, 7.5464),
  awsPrice("us-west-2", "g6e.48xlarge", 30.13118, 9.6916),
  awsPrice("eu-central-1", "g6e.48xlarge", 37.67612, 8.8929),
  // ---- AWS: P4d / P4de / P5 / P5e
  awsPrice("us-east-1", "p4d.24xlarge", 32.7726, 6.7915, SKYPILOT_AWS_PRICE_P4_P5),
  awsPrice("us-west-2", "p4d.24xlarge", 32.7726, 11.3278, SKYPILOT_AWS_PRICE_P4_P5),
  awsPrice("eu-west-1", "p4d.24xlarge", 35.39655, 16.3182, SKYPILOT_AWS_PRICE_P4_P5),
  awsPrice("eu-central-1", "p4d.24xlarge", 40.94475, 18.213, SKYPILOT_AWS_PRICE_P4_P5),
  awsPrice("us-east-1", "p4de.24xlarge", 40.96575, 5.8394, SKYPILOT_AWS_PRICE_P4DE),
  awsPrice("us-west-2", "p4de.24xlarge", 40.96575, 7.107, SKYPILOT_AWS_PRICE_P4DE),
  awsPrice("us-east-1", "p5.48xlarge", 98.32, 25.8774, SKYPILOT_AWS_PRICE_P4_P5),
  awsPrice("us-west-2", "p5.48xlarge", 98.32, 30.9762, SKYPILOT_AWS_PRICE_P4_P5),
  awsPrice("us-west-2", "p5e.48xlarge", undefined, 15.7656, SKYPILOT_AWS_PRICE_P5E),

  // ---- GCP: N1 + T4 (VM row + count × T4 row). n1-standard-16's VM row was not read: no price.
  gcpPrice("us-central1", "n1-standard-4", [0.19, 0.04815], T4_US_CENTRAL1, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("us-central1", "n1-standard-8", [0.38, 0.0963], T4_US_CENTRAL1, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("us-central1", "n1-standard-32", [1.51999, 0.3852], T4_US_CENTRAL1, 4, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("us-east1", "n1-standard-4", [0.19, 0.04815], T4_US_EAST1, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("us-east1", "n1-standard-8", [0.38, 0.0963], T4_US_EAST1, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("us-east1", "n1-standard-32", [1.51999, 0.3852], T4_US_EAST1, 4, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("europe-west4", "n1-standard-4", [0.20917, 0.07782], T4_EUROPE_WEST4, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("europe-west4", "n1-standard-8", [0.41834, 0.15564], T4_EUROPE_WEST4, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("europe-west4", "n1-standard-32", [1.67334, 0.62256], T4_EUROPE_WEST4, 4, SKYPILOT_GCP_PRICE_N1_T4),
  // ---- GCP: G2 (L4). g2-standard-96's VM row was not read, and neither was the us-east1 L4 row: no price.
  gcpPrice("us-central1", "g2-standard-4", [0.14679, 0.05874], L4_US_CENTRAL1, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("us-central1", "g2-standard-8", [0.29358, 0.11747], L4_US_CENTRAL1, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("us-central1", "g2-standard-12", [0.44038, 0.17621], L4_US_CENTRAL1, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("us-central1", "g2-standard-24", [0.88075, 0.35242], L4_US_CENTRAL1, 2, SKYPILOT_GCP_PRICE),
  gcpPrice("us-central1", "g2-standard-48", [1.7615, 0.70483], L4_US_CENTRAL1, 4, SKYPILOT_GCP_PRICE),
  gcpPrice("europe-west4", "g2-standard-4", [0.15429, 0.06174], L4_EUROPE_WEST4, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("europe-west4", "g2-standard-8", [0.30857, 0.12347], L4_EUROPE_WEST4, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("europe-west4", "g2-standard-12", [0.46286, 0.18521], L4_EUROPE_WEST4, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("europe-west4", "g2-standard-24", [0.92571, 0.37042], L4_EUROPE_WEST4, 2, SKYPILOT_GCP_PRICE),
  gcpPrice("europe-west4", "g2-standard-48", [1.85143, 0.74083], L4_EUROPE_WEST4, 4, SKYPILOT_GCP_PRICE),
  // ---- GCP: A2 highgpu (A100 40GB)
  gcpPrice("us-central1", "a2-highgpu-1g", [0.73948, 0.29576], A100_US_CENTRAL1, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("us-central1", "a2-highgpu-2g", [1.47895, 0.59151], A100_US_CENTRAL1, 2, SKYPILOT_GCP_PRICE),
  gcpPrice("us-central1", "a2-highgpu-4g", [2.95791, 1.18302], A100_US_CENTRAL1, 4, SKYPILOT_GCP_PRICE),
  gcpPrice("us-central1", "a2-highgpu-8g", [5.91582, 2.36604], A100_US_CENTRAL1, 8, SKYPILOT_GCP_PRICE),
  gcpPrice("us-east1", "a2-highgpu-1g", [0.73948, 0.29576], A100_US_EAST1, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("us-east1", "a2-highgpu-2g", [1.47895, 0.59151], A100_US_EAST1, 2, SKYPILOT_GCP_PRICE),
  gcpPrice("us-east1", "a2-highgpu-4g", [2.95791, 1.18302], A100_US_EAST1, 4, SKYPILOT_GCP_PRICE),
  gcpPrice("us-east1", "a2-highgpu-8g", [5.91582, 2.36604], A100_US_EAST1, 8, SKYPILOT_GCP_PRICE),
  gcpPrice("europe-west4", "a2-highgpu-1g", [0.81406, 0.31824], A100_EUROPE_WEST4, 1, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a2-highgpu-2g", [1.62813, 0.63648], A100_EUROPE_WEST4, 2, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a2-highgpu-4g", [3.25626, 1.27296], A100_EUROPE_WEST4, 4, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a2-highgpu-8g", [6.51251, 2.54592], A100_EUROPE_WEST4, 8, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  // ---- GCP: A2 ultragpu (A100 80GB): spot only, see the module comment
  gcpPrice("us-central1", "a2-ultragpu-1g", [1.09962, 0.43983], A100_80GB_US_CENTRAL1, 1, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("us-central1", "a2-ultragpu-2g", [2.19924, 0.87966], A100_80GB_US_CENTRAL1, 2, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("us-central1", "a2-ultragpu-4g", [4.39849, 1.75932], A100_80GB_US_CENTRAL1, 4, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("us-central1", "a2-ultragpu-8g", [8.79698, 3.51864], A100_80GB_US_CENTRAL1, 8, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a2-ultragpu-1g", [1.2105, 0.47328], A100_80GB_EUROPE_WEST4, 1, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a2-ultragpu-2g", [2.42101, 0.94656], A100_80GB_EUROPE_WEST4, 2, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a2-ultragpu-4g", [4.84202, 1.89312], A100_80GB_EUROPE_WEST4, 4, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a2-ultragpu-8g", [9.68403, 3.78624], A100_80GB_EUROPE_WEST4, 8, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  // ---- GCP: A3 (H100 / H200); the catalog has neither in us-east1
  gcpPrice("us-central1", "a3-highgpu-8g", [9.46006, 2.17547], H100_US_CENTRAL1, 8, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  gcpPrice("europe-west4", "a3-highgpu-8g", [9.93306, 1.7888], H100_EUROPE_WEST4, 8, SKYPILOT_GCP_PRICE_H100_EU),
  gcpPrice("us-central1", "a3-ultragpu-8g", [12.266, 2.82111], H200_US_CENTRAL1, 8, SKYPILOT_GCP_PRICE),
  gcpPrice("europe-west4", "a3-ultragpu-8g", [12.8793, 2.31952], H200_EUROPE_WEST4, 8, SKYPILOT_GCP_PRICE_SPOT_ONLY),
  // ---- Azure (azure.ts) and Akamai (akamai.ts)
  ...AZURE_PRICES,
  ...AKAMAI_PRICES,
];
