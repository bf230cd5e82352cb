/**
 * The GPU catalog: accelerator models, the AWS and GCP machine shapes that carry them, and hourly Linux
 * prices per shape and region.
 *
 * Where the figures come from
 * - Prices, and the vCPU / memory of every shape except n1-standard-16, come from the SkyPilot catalog
 *   (`skypilot-org/skypilot-catalog`, `catalogs/v7/{aws,gcp}/vms.csv`), read on 2026-11-22 at the commits
 *   named in the sources below. The snapshot date of those commits is unknown. SkyPilot builds the AWS
 *   file from the EC2 pricing and spot-price APIs, and the GCP file from the Cloud Billing catalog.
 * - GPU memory and board power come from the public pages named in each model's source. The notes say
 *   which figures were re-read for this catalog and which were carried over from `shared/DESIGN.md`.
 *
 * How spot prices were reduced to one figure per region
 * - AWS: the CSV has one spot price per availability zone. The figure here is the **median over the
 *   region's zones**. When there is an even number of zones it is the **lower of the two middle values**, so
 *   every spot figure is one zone's real price and nothing is averaged. Zones with an empty spot cell are
 *   left out.
 * - GCP: the CSV has one spot price per zone, but every zone of a region had the same value in every row
 *   used here, so that value is used.
 *
 * How GCP shape prices are built
 * - The GCP file prices the VM (vCPU + memory) and the GPUs on separate rows. A shape's price here is
 *   `VM row + GPUs per node × the 1-GPU row`, for both on-demand and spot. The catalog's own N-GPU rows
 *   are the same product, give or take 1e-5 from rounding. For N1 + T4 the VM is the plain n1-standard-N
 *   row and the T4s are attached accelerators. The `gcp()` helper below works out each sum from the
 *   figures shown in that row, so a reviewer can check every part of it.
 * - Some GPU rows in this GCP snapshot have a much lower on-demand figure in some regions than in others,
 *   which looks like a different SKU mixed in. For example, H100 is 4.20076 $/GPU-h in us-central1 but
 *   9.79655 in us-east4, though the A3 VM price is the same in both regions. Every other GPU row used here
 *   has spot at 18-40% of on-demand. **When a GPU row's spot price is more than half its on-demand price,
 *   its on-demand figure is treated as suspect and left out.** The shape then has a spot price only. The
 *   rows affected are A100 40GB in europe-west4, A100 80GB in us-central1 and europe-west4, H100 in
 *   us-central1, and H200 in europe-west4.
 *
 * A missing price is left out (`priceOf` returns `undefined`, or the field is absent); no price is guessed.
 */
import type { Cloud, GpuId, GpuModel, InstanceShape, Price, Source } from "./types";

/** The date this catalog was put together and its sources were read (`YYYY-MM-DD`). */
export const CATALOG_DATE = "2026-11-22";

/**
 * Hours in a billing month: 8760 / 12 = 730. This is the convention of AWS's pricing pages and calculator,
 * and of Infracost.
 */
export const HOURS_PER_MONTH = 730;

// ---------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------

const SKYPILOT_AWS_CSV =
  "https://github.com/skypilot-org/skypilot-catalog/blob/001367d22a0033fac286a8c71aeac7109e431bcb/catalogs/v7/aws/vms.csv";
const SKYPILOT_GCP_CSV =
  "https://github.com/skypilot-org/skypilot-catalog/blob/017e2502fb63c7a28757acd94002b2d6099d3e3d/catalogs/v7/gcp/vms.csv";
const SNAPSHOT = "snapshot date unknown; read on 2026-11-22";

const SKYPILOT_AWS_SHAPE = {
  url: SKYPILOT_AWS_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. vCPUs, MemoryGiB, AcceleratorName and AcceleratorCount columns (from EC2 DescribeInstanceTypes).`,
} as const satisfies Source;

const SKYPILOT_AWS_PRICE = {
  url: SKYPILOT_AWS_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. On-demand: Price column (Linux, shared tenancy). Spot: median of SpotPrice over the region's zones (lower middle value when the count is even).`,
} as const satisfies Source;

const SKYPILOT_AWS_PRICE_P4DE = {
  ...SKYPILOT_AWS_PRICE,
  note: `${SKYPILOT_AWS_PRICE.note} p4de rows appear twice per zone (AcceleratorName A100-80GB and A100); only the 'A100' copies carry a spot price, and those are the ones used.`,
} as const satisfies Source;

const SKYPILOT_AWS_PRICE_P5E = {
  ...SKYPILOT_AWS_PRICE,
  note: `${SNAPSHOT}. The snapshot has no on-demand price for p5e.48xlarge in any region, so there is none here. Spot is one zone's figure (usw2-az3), the only us-west-2 zone listed.`,
} as const satisfies Source;

const SKYPILOT_GCP_SHAPE = {
  url: SKYPILOT_GCP_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. vCPUs and MemoryGiB columns.`,
} as const satisfies Source;

const GCP_N1_DOCS = {
  url: "https://cloud.google.com/compute/docs/general-purpose-machines#n1_machine_types",
  date: CATALOG_DATE,
  note: "n1-standard-16: 16 vCPU, 60 GB. Neither its SkyPilot row nor this page was read for this catalog. The figure follows N1-standard's fixed 3.75 GB per vCPU, which the rows read for n1-standard-4, -8 and -32 (15, 30 and 120 GB) bear out. N1 carries T4s as attached accelerators; the T4 count per shape is this catalog's own convention, not a property of the machine type.",
} as const satisfies Source;

const SKYPILOT_GCP_N1_SHAPE = {
  ...SKYPILOT_GCP_SHAPE,
  note: `${SKYPILOT_GCP_SHAPE.note} N1 carries T4s as attached accelerators; the T4 count per shape is this catalog's own convention, not a property of the machine type.`,
} as const satisfies Source;

const SKYPILOT_GCP_PRICE = {
  url: SKYPILOT_GCP_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. Price = VM row (vCPU + memory) + GPUs per node × the 1-GPU accelerator row, on-demand and spot alike; all zones of the region had the same figures.`,
} as const satisfies Source;

const SKYPILOT_GCP_PRICE_N1_T4 = {
  ...SKYPILOT_GCP_PRICE,
  note: `${SNAPSHOT}. N1 + T4: n1-standard-N VM row + GPU count × the 1-GPU T4 row (T4s are attached accelerators on N1), on-demand and spot alike.`,
} as const satisfies Source;

const SKYPILOT_GCP_PRICE_SPOT_ONLY = {
  ...SKYPILOT_GCP_PRICE,
  note: `${SKYPILOT_GCP_PRICE.note} On-demand left out: this region's GPU row has spot above half of on-demand, which suggests a different SKU got mixed in (see the module comment).`,
} as const satisfies Source;

const SKYPILOT_GCP_PRICE_H100_EU = {
  ...SKYPILOT_GCP_PRICE,
  note: `${SKYPILOT_GCP_PRICE.note} The H100 on-demand row here (12.73552 $/GPU-h) is 30% above us-east4's (9.79655) while the A3 VM is only 5% dearer; kept because it passes the spot/on-demand check, but worth re-checking against GCP's price list.`,
} as const satisfies Source;

const AWS_DEADLINE_ACCELERATORS = {
  url: "https://docs.aws.amazon.com/deadline-cloud/latest/APIReference/API_AcceleratorSelection.html",
  date: CATALOG_DATE,
  note: "GPU memory: t4 16 GiB, a10g 24 GiB, l4 24 GiB, l40s 48 GiB. (EC2's GpuInfo in the SkyPilot AWS catalog reports less usable memory: 22888 MiB for A10G and L4, 45776 MiB for L40S.)",
} as const satisfies Source;

const TDP_FROM_DESIGN =
  "The board power is from shared/DESIGN.md 'Figures found so far' (NVIDIA datasheet figure); it was not re-read for this catalog.";

// ---------------------------------------------------------------------------------------------------
// GPU models
// ---------------------------------------------------------------------------------------------------

/** Every GPU the catalog knows, by catalog id: memory (GiB) and board power (W) of the variant the clouds run. */
export const GPUS: Readonly<Record<GpuId, GpuModel>> = {
  t4: {
    id: "t4",
    name: "NVIDIA T4",
    memoryGiB: 16,
    tdpWatts: 70,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} ${TDP_FROM_DESIGN}`,
    },
  },
  a10g: {
    id: "a10g",
    name: "NVIDIA A10G",
    memoryGiB: 24,
    tdpWatts: 150,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} No authoritative A10G power figure was found. The A10G is the AWS variant of the A10 (same 24 GB of GDDR6, per https://www.baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/), so the figure used is the A10's 150 W board power, not a published A10G one.`,
    },
  },
  l4: {
    id: "l4",
    name: "NVIDIA L4",
    memoryGiB: 24,
    tdpWatts: 72,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} ${TDP_FROM_DESIGN}`,
    },
  },
  l40s: {
    id: "l40s",
    name: "NVIDIA L40S",
    memoryGiB: 48,
    tdpWatts: 350,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} ${TDP_FROM_DESIGN}`,
    },
  },
  "a100-40gb": {
    id: "a100-40gb",
    name: "NVIDIA A100 40GB SXM4",
    memoryGiB: 40,
    tdpWatts: 400,
    source: {
      url: SKYPILOT_AWS_CSV,
      date: CATALOG_DATE,
      note: `${SNAPSHOT}. Memory: p4d.24xlarge GpuInfo, 40960 MiB per A100. ${TDP_FROM_DESIGN} SXM4 is the form used in p4d and a2-highgpu.`,
    },
  },
  "a100-80gb": {
    id: "a100-80gb",
    name: "NVIDIA A100 80GB SXM4",
    memoryGiB: 80,
    tdpWatts: 400,
    source: {
      url: SKYPILOT_AWS_CSV,
      date: CATALOG_DATE,
      note: `${SNAPSHOT}. Memory: p4de.24xlarge GpuInfo, 81920 MiB per GPU. Power: the A100 SXM4 figure from shared/DESIGN.md (not re-read); some OEM 80GB SXM boards are configured higher. SXM4 is the form used in p4de and a2-ultragpu.`,
    },
  },
  h100: {
    id: "h100",
    name: "NVIDIA H100 80GB SXM5",
    memoryGiB: 80,
    tdpWatts: 700,
    source: {
      url: "https://www.aiminingco.com/gpu/h200/specs",
      date: CATALOG_DATE,
      note: "The H200's 'TDP remains at 700W, matching the H100 SXM thermal envelope', which agrees with shared/DESIGN.md (H100 SXM 700 W). Memory: 80 GB, per p5.48xlarge GpuInfo in the SkyPilot AWS catalog (81920 MiB per GPU) and https://openmetal.io/resources/blog/how-the-h200-is-built-for-memory-bound-ai-workloads/. Both pages are third-party, not NVIDIA's datasheet. SXM5 is the form used in p5 and a3-highgpu.",
    },
  },
  h200: {
    id: "h200",
    name: "NVIDIA H200 141GB SXM5",
    memoryGiB: 141,
    tdpWatts: 700,
    source: {
      url: "https://openmetal.io/resources/blog/how-the-h200-is-built-for-memory-bound-ai-workloads/",
      date: CATALOG_DATE,
      note: "H200 SXM5: 141 GB HBM3e, 700 W TDP (a third-party page, not NVIDIA's datasheet). The memory agrees with p5e.48xlarge GpuInfo in the SkyPilot AWS catalog (144384 MiB = 141 GiB per GPU). SXM5 is the form used in p5e and a3-ultragpu.",
    },
  },
};

// ---------------------------------------------------------------------------------------------------
// Machine shapes
// ---------------------------------------------------------------------------------------------------

function aws(
  name: string,
  gpu: GpuId,
  gpusPerNode: number,
  vcpu: number,
  memoryGiB: number,
): InstanceShape {
  return { cloud: "aws", name, gpu, gpusPerNode, vcpu, memoryGiB, source: SKYPILOT_AWS_SHAPE };
}

function gcp(
  name: string,
  gpu: GpuId,
  gpusPerNode: number,
  vcpu: number,
  memoryGiB: number,
  gcpAcceleratorType: string,
  source: Source = SKYPILOT_GCP_SHAPE,
): InstanceShape {
  return { cloud: "gcp", name, gpu, gpusPerNode, vcpu, memoryGiB, gcpAcceleratorType, source };
}

/** Every machine shape the catalog knows, AWS first. GCP shapes name the `guestAccelerators` type GKE needs. */
export const SHAPES: readonly InstanceShape[] = [
  // AWS: G4dn (T4)
  aws("g4dn.xlarge", "t4", 1, 4, 16),
  aws("g4dn.2xlarge", "t4", 1, 8, 32),
  aws("g4dn.12xlarge", "t4", 4, 48, 192),
  // AWS: G5 (A10G)
  aws("g5.xlarge", "a10g", 1, 4, 16),
  aws("g5.2xlarge", "a10g", 1, 8, 32),
  aws("g5.4xlarge", "a10g", 1, 16, 64),
  aws("g5.12xlarge", "a10g", 4, 48, 192),
  aws("g5.48xlarge", "a10g", 8, 192, 768),
  // AWS: G6 (L4)
  aws("g6.xlarge", "l4", 1, 4, 16),
  aws("g6.2xlarge", "l4", 1, 8, 32),
  aws("g6.4xlarge", "l4", 1, 16, 64),
  aws("g6.12xlarge", "l4", 4, 48, 192),
  aws("g6.48xlarge", "l4", 8, 192, 768),
  // AWS: G6e (L40S)
  aws("g6e.xlarge", "l40s", 1, 4, 32),
  aws("g6e.2xlarge", "l40s", 1, 8, 64),
  aws("g6e.12xlarge", "l40s", 4, 48, 384),
  aws("g6e.48xlarge", "l40s", 8, 192, 1536),
  // AWS: P4d / P4de / P5 / P5e
  aws("p4d.24xlarge", "a100-40gb", 8, 96, 1152),
  aws("p4de.24xlarge", "a100-80gb", 8, 96, 1152),
  aws("p5.48xlarge", "h100", 8, 192, 2048),
  aws("p5e.48xlarge", "h200", 8, 192, 2048),

  // GCP: N1 + attached T4 (the GPU count is this catalog's convention for each shape)
  gcp("n1-standard-4", "t4", 1, 4, 15, "nvidia-tesla-t4", SKYPILOT_GCP_N1_SHAPE),
  gcp("n1-standard-8", "t4", 1, 8, 30, "nvidia-tesla-t4", SKYPILOT_GCP_N1_SHAPE),
  gcp("n1-standard-16", "t4", 2, 16, 60, "nvidia-tesla-t4", GCP_N1_DOCS),
  gcp("n1-standard-32", "t4", 4, 32, 120, "nvidia-tesla-t4", SKYPILOT_GCP_N1_SHAPE),
  // GCP: G2 (L4)
  gcp("g2-standard-4", "l4", 1, 4, 16, "nvidia-l4"),
  gcp("g2-standard-8", "l4", 1, 8, 32, "nvidia-l4"),
  gcp("g2-standard-12", "l4", 1, 12, 48, "nvidia-l4"),
  gcp("g2-standard-24", "l4", 2, 24, 96, "nvidia-l4"),
  gcp("g2-standard-48", "l4", 4, 48, 192, "nvidia-l4"),
  gcp("g2-standard-96", "l4", 8, 96, 384, "nvidia-l4"),
  // GCP: A2 (A100 40GB / 80GB)
  gcp("a2-highgpu-1g", "a100-40gb", 1, 12, 85, "nvidia-tesla-a100"),
  gcp("a2-highgpu-2g", "a100-40gb", 2, 24, 170, "nvidia-tesla-a100"),
  gcp("a2-highgpu-4g", "a100-40gb", 4, 48, 340, "nvidia-tesla-a100"),
  gcp("a2-highgpu-8g", "a100-40gb", 8, 96, 680, "nvidia-tesla-a100"),
  gcp("a2-ultragpu-1g", "a100-80gb", 1, 12, 170, "nvidia-a100-80gb"),
  gcp("a2-ultragpu-2g", "a100-80gb", 2, 24, 340, "nvidia-a100-80gb"),
  gcp("a2-ultragpu-4g", "a100-80gb", 4, 48, 680, "nvidia-a100-80gb"),
  gcp("a2-ultragpu-8g", "a100-80gb", 8, 96, 1360, "nvidia-a100-80gb"),
  // GCP: A3 (H100 / H200)
  gcp("a3-highgpu-8g", "h100", 8, 208, 1872, "nvidia-h100-80gb"),
  gcp("a3-ultragpu-8g", "h200", 8, 224, 2952, "nvidia-h200-141gb"),
];

// ---------------------------------------------------------------------------------------------------
// Prices
// ---------------------------------------------------------------------------------------------------

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
  awsPrice("us-east-1", "p4d.24xlarge", 32.7726, 6.7915),
  awsPrice("us-west-2", "p4d.24xlarge", 32.7726, 11.3278),
  awsPrice("eu-west-1", "p4d.24xlarge", 35.39655, 16.3182),
  awsPrice("eu-central-1", "p4d.24xlarge", 40.94475, 18.213),
  awsPrice("us-east-1", "p4de.24xlarge", 40.96575, 5.8394, SKYPILOT_AWS_PRICE_P4DE),
  awsPrice("us-west-2", "p4de.24xlarge", 40.96575, 7.107, SKYPILOT_AWS_PRICE_P4DE),
  awsPrice("us-east-1", "p5.48xlarge", 98.32, 25.8774),
  awsPrice("us-west-2", "p5.48xlarge", 98.32, 30.9762),
  awsPrice("us-west-2", "p5e.48xlarge", undefined, 15.7656, SKYPILOT_AWS_PRICE_P5E),

  // ---- GCP: N1 + T4 (VM row + count × T4 row). n1-standard-16's VM row was not read: no price.
  gcpPrice(
    "us-central1",
    "n1-standard-4",
    [0.19, 0.04815],
    T4_US_CENTRAL1,
    1,
    SKYPILOT_GCP_PRICE_N1_T4,
  ),
  gcpPrice(
    "us-central1",
    "n1-standard-8",
    [0.38, 0.0963],
    T4_US_CENTRAL1,
    1,
    SKYPILOT_GCP_PRICE_N1_T4,
  ),
  gcpPrice(
    "us-central1",
    "n1-standard-32",
    [1.51999, 0.3852],
    T4_US_CENTRAL1,
    4,
    SKYPILOT_GCP_PRICE_N1_T4,
  ),
  gcpPrice("us-east1", "n1-standard-4", [0.19, 0.04815], T4_US_EAST1, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice("us-east1", "n1-standard-8", [0.38, 0.0963], T4_US_EAST1, 1, SKYPILOT_GCP_PRICE_N1_T4),
  gcpPrice(
    "us-east1",
    "n1-standard-32",
    [1.51999, 0.3852],
    T4_US_EAST1,
    4,
    SKYPILOT_GCP_PRICE_N1_T4,
  ),
  gcpPrice(
    "europe-west4",
    "n1-standard-4",
    [0.20917, 0.07782],
    T4_EUROPE_WEST4,
    1,
    SKYPILOT_GCP_PRICE_N1_T4,
  ),
  gcpPrice(
    "europe-west4",
    "n1-standard-8",
    [0.41834, 0.15564],
    T4_EUROPE_WEST4,
    1,
    SKYPILOT_GCP_PRICE_N1_T4,
  ),
  gcpPrice(
    "europe-west4",
    "n1-standard-32",
    [1.67334, 0.62256],
    T4_EUROPE_WEST4,
    4,
    SKYPILOT_GCP_PRICE_N1_T4,
  ),
  // ---- GCP: G2 (L4). g2-standard-96's VM row was not read, and neither was the us-east1 L4 row: no price.
  gcpPrice(
    "us-central1",
    "g2-standard-4",
    [0.14679, 0.05874],
    L4_US_CENTRAL1,
    1,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "us-central1",
    "g2-standard-8",
    [0.29358, 0.11747],
    L4_US_CENTRAL1,
    1,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "us-central1",
    "g2-standard-12",
    [0.44038, 0.17621],
    L4_US_CENTRAL1,
    1,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "us-central1",
    "g2-standard-24",
    [0.88075, 0.35242],
    L4_US_CENTRAL1,
    2,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "us-central1",
    "g2-standard-48",
    [1.7615, 0.70483],
    L4_US_CENTRAL1,
    4,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "europe-west4",
    "g2-standard-4",
    [0.15429, 0.06174],
    L4_EUROPE_WEST4,
    1,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "europe-west4",
    "g2-standard-8",
    [0.30857, 0.12347],
    L4_EUROPE_WEST4,
    1,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "europe-west4",
    "g2-standard-12",
    [0.46286, 0.18521],
    L4_EUROPE_WEST4,
    1,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "europe-west4",
    "g2-standard-24",
    [0.92571, 0.37042],
    L4_EUROPE_WEST4,
    2,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "europe-west4",
    "g2-standard-48",
    [1.85143, 0.74083],
    L4_EUROPE_WEST4,
    4,
    SKYPILOT_GCP_PRICE,
  ),
  // ---- GCP: A2 highgpu (A100 40GB)
  gcpPrice(
    "us-central1",
    "a2-highgpu-1g",
    [0.73948, 0.29576],
    A100_US_CENTRAL1,
    1,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "us-central1",
    "a2-highgpu-2g",
    [1.47895, 0.59151],
    A100_US_CENTRAL1,
    2,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "us-central1",
    "a2-highgpu-4g",
    [2.95791, 1.18302],
    A100_US_CENTRAL1,
    4,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "us-central1",
    "a2-highgpu-8g",
    [5.91582, 2.36604],
    A100_US_CENTRAL1,
    8,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice("us-east1", "a2-highgpu-1g", [0.73948, 0.29576], A100_US_EAST1, 1, SKYPILOT_GCP_PRICE),
  gcpPrice("us-east1", "a2-highgpu-2g", [1.47895, 0.59151], A100_US_EAST1, 2, SKYPILOT_GCP_PRICE),
  gcpPrice("us-east1", "a2-highgpu-4g", [2.95791, 1.18302], A100_US_EAST1, 4, SKYPILOT_GCP_PRICE),
  gcpPrice("us-east1", "a2-highgpu-8g", [5.91582, 2.36604], A100_US_EAST1, 8, SKYPILOT_GCP_PRICE),
  gcpPrice(
    "europe-west4",
    "a2-highgpu-1g",
    [0.81406, 0.31824],
    A100_EUROPE_WEST4,
    1,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a2-highgpu-2g",
    [1.62813, 0.63648],
    A100_EUROPE_WEST4,
    2,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a2-highgpu-4g",
    [3.25626, 1.27296],
    A100_EUROPE_WEST4,
    4,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a2-highgpu-8g",
    [6.51251, 2.54592],
    A100_EUROPE_WEST4,
    8,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  // ---- GCP: A2 ultragpu (A100 80GB): spot only, see the module comment
  gcpPrice(
    "us-central1",
    "a2-ultragpu-1g",
    [1.09962, 0.43983],
    A100_80GB_US_CENTRAL1,
    1,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "us-central1",
    "a2-ultragpu-2g",
    [2.19924, 0.87966],
    A100_80GB_US_CENTRAL1,
    2,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "us-central1",
    "a2-ultragpu-4g",
    [4.39849, 1.75932],
    A100_80GB_US_CENTRAL1,
    4,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "us-central1",
    "a2-ultragpu-8g",
    [8.79698, 3.51864],
    A100_80GB_US_CENTRAL1,
    8,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a2-ultragpu-1g",
    [1.2105, 0.47328],
    A100_80GB_EUROPE_WEST4,
    1,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a2-ultragpu-2g",
    [2.42101, 0.94656],
    A100_80GB_EUROPE_WEST4,
    2,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a2-ultragpu-4g",
    [4.84202, 1.89312],
    A100_80GB_EUROPE_WEST4,
    4,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a2-ultragpu-8g",
    [9.68403, 3.78624],
    A100_80GB_EUROPE_WEST4,
    8,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  // ---- GCP: A3 (H100 / H200); the catalog has neither in us-east1
  gcpPrice(
    "us-central1",
    "a3-highgpu-8g",
    [9.46006, 2.17547],
    H100_US_CENTRAL1,
    8,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
  gcpPrice(
    "europe-west4",
    "a3-highgpu-8g",
    [9.93306, 1.7888],
    H100_EUROPE_WEST4,
    8,
    SKYPILOT_GCP_PRICE_H100_EU,
  ),
  gcpPrice(
    "us-central1",
    "a3-ultragpu-8g",
    [12.266, 2.82111],
    H200_US_CENTRAL1,
    8,
    SKYPILOT_GCP_PRICE,
  ),
  gcpPrice(
    "europe-west4",
    "a3-ultragpu-8g",
    [12.8793, 2.31952],
    H200_EUROPE_WEST4,
    8,
    SKYPILOT_GCP_PRICE_SPOT_ONLY,
  ),
];

// ---------------------------------------------------------------------------------------------------
// Look-ups (pure)
// ---------------------------------------------------------------------------------------------------

/** The GPU model for a catalog id (`"l4"`), or `undefined` for an id the catalog does not know. */
export function gpuById(id: string): GpuModel | undefined {
  return Object.prototype.hasOwnProperty.call(GPUS, id) ? GPUS[id as GpuId] : undefined;
}

/** The shapes of one cloud, optionally only those carrying the given GPU, in catalog order (a new array). */
export function shapesFor(cloud: Cloud, gpu?: GpuId): InstanceShape[] {
  return SHAPES.filter((s) => s.cloud === cloud && (gpu === undefined || s.gpu === gpu));
}

/** The shape of a cloud with this EC2 instance type or GCE machine type name, or `undefined`. */
export function shapeByName(cloud: Cloud, name: string): InstanceShape | undefined {
  return SHAPES.find((s) => s.cloud === cloud && s.name === name);
}

/**
 * The default shape for a GPU on a cloud. With `gpusPerNode`, it is the shape with the fewest vCPUs that
 * carries exactly that many of the GPU. Without it, it is the shape with the fewest GPUs, and then the
 * fewest vCPUs. Returns `undefined` when the cloud has no such shape (e.g. A10G on GCP).
 */
export function defaultShape(
  cloud: Cloud,
  gpu: GpuId,
  gpusPerNode?: number,
): InstanceShape | undefined {
  const candidates = shapesFor(cloud, gpu).filter(
    (s) => gpusPerNode === undefined || s.gpusPerNode === gpusPerNode,
  );
  let best: InstanceShape | undefined;
  for (const s of candidates) {
    if (
      best === undefined ||
      s.gpusPerNode < best.gpusPerNode ||
      (s.gpusPerNode === best.gpusPerNode && s.vcpu < best.vcpu)
    ) {
      best = s;
    }
  }
  return best;
}

/** The catalog price of a shape in a region, or `undefined` when none was found (an unknown price). */
export function priceOf(cloud: Cloud, region: string, instanceType: string): Price | undefined {
  return PRICES.find(
    (p) => p.cloud === cloud && p.region === region && p.instanceType === instanceType,
  );
}
