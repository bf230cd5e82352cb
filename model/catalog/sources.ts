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
import type { Source } from "./types";

/** The date this catalog was put together and its sources were read (`YYYY-MM-DD`). */
export const CATALOG_DATE = "2026-11-22";

// ---------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------

export const SKYPILOT_AWS_CSV =
  "https://github.com/skypilot-org/skypilot-catalog/blob/001367d22a0033fac286a8c71aeac7109e431bcb/catalogs/v7/aws/vms.csv";
export const SKYPILOT_GCP_CSV =
  "https://github.com/skypilot-org/skypilot-catalog/blob/017e2502fb63c7a28757acd94002b2d6099d3e3d/catalogs/v7/gcp/vms.csv";
export const SNAPSHOT = "snapshot date unknown; read on 2026-11-22";

export const SKYPILOT_AWS_SHAPE = {
  url: SKYPILOT_AWS_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. vCPUs, MemoryGiB, AcceleratorName and AcceleratorCount columns (from EC2 DescribeInstanceTypes).`,
} as const satisfies Source;

export const SKYPILOT_AWS_PRICE = {
  url: SKYPILOT_AWS_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. On-demand: Price column (Linux, shared tenancy). Spot: median of SpotPrice over the region's zones (lower middle value when the count is even).`,
} as const satisfies Source;

/**
 * Re-checked 2026-11-30 (issue 10): AWS cut P4 and P5 on-demand prices by up to 45% in June 2025; the
 * snapshot's on-demand figures for p4d, p4de and p5 predate the cut.
 */
const P4_P5_PRICE_CUT = `Re-checked 2026-11-30: the on-demand figure is the list price before AWS cut P4 and P5 on-demand prices by up to 45% in June 2025 (https://aws.amazon.com/blogs/aws/announcing-up-to-45-price-reduction-for-amazon-ec2-nvidia-gpu-accelerated-instances/), so it overstates today's price: treat it as an upper bound. The newest SkyPilot AWS catalog version reachable here (skypilot-catalog@27f67dd4e1bc0d35fa0ec075180ad54b230882c4) still lists the old figures, and no post-cut p4d/p4de/p5 figure was found in a source reachable here; the one found is p5en.48xlarge at 63.296 $/h in us-east-1 (dstackai/dstack pull request 4110, 2026-08-06), a shape this catalog does not carry.`;

/** p4d and p5 prices: the snapshot's, with the June 2025 price cut noted. */
export const SKYPILOT_AWS_PRICE_P4_P5 = {
  ...SKYPILOT_AWS_PRICE,
  date: "2026-11-30",
  note: `${SKYPILOT_AWS_PRICE.note} ${P4_P5_PRICE_CUT}`,
} as const satisfies Source;

export const SKYPILOT_AWS_PRICE_P4DE = {
  ...SKYPILOT_AWS_PRICE,
  date: "2026-11-30",
  note: `${SKYPILOT_AWS_PRICE.note} p4de rows appear twice per zone (AcceleratorName A100-80GB and A100); only the 'A100' copies carry a spot price, and those are the ones used. ${P4_P5_PRICE_CUT}`,
} as const satisfies Source;

export const SKYPILOT_AWS_PRICE_P5E = {
  ...SKYPILOT_AWS_PRICE,
  note: `${SNAPSHOT}. The snapshot has no on-demand price for p5e.48xlarge in any region, so there is none here. Spot is one zone's figure (usw2-az3), the only us-west-2 zone listed.`,
} as const satisfies Source;

export const SKYPILOT_GCP_SHAPE = {
  url: SKYPILOT_GCP_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. vCPUs and MemoryGiB columns.`,
} as const satisfies Source;

export const GCP_N1_DOCS = {
  url: "https://cloud.google.com/compute/docs/general-purpose-machines#n1_machine_types",
  date: CATALOG_DATE,
  note: "n1-standard-16: 16 vCPU, 60 GB. Neither its SkyPilot row nor this page was read for this catalog. The figure follows N1-standard's fixed 3.75 GB per vCPU, which the rows read for n1-standard-4, -8 and -32 (15, 30 and 120 GB) bear out. N1 carries T4s as attached accelerators; the T4 count per shape is this catalog's own convention, not a property of the machine type.",
} as const satisfies Source;

export const SKYPILOT_GCP_N1_SHAPE = {
  ...SKYPILOT_GCP_SHAPE,
  note: `${SKYPILOT_GCP_SHAPE.note} N1 carries T4s as attached accelerators; the T4 count per shape is this catalog's own convention, not a property of the machine type.`,
} as const satisfies Source;

export const SKYPILOT_GCP_PRICE = {
  url: SKYPILOT_GCP_CSV,
  date: CATALOG_DATE,
  note: `${SNAPSHOT}. Price = VM row (vCPU + memory) + GPUs per node × the 1-GPU accelerator row, on-demand and spot alike; all zones of the region had the same figures.`,
} as const satisfies Source;

export const SKYPILOT_GCP_PRICE_N1_T4 = {
  ...SKYPILOT_GCP_PRICE,
  note: `${SNAPSHOT}. N1 + T4: n1-standard-N VM row + GPU count × the 1-GPU T4 row (T4s are attached accelerators on N1), on-demand and spot alike.`,
} as const satisfies Source;

export const SKYPILOT_GCP_PRICE_SPOT_ONLY = {
  ...SKYPILOT_GCP_PRICE,
  note: `${SKYPILOT_GCP_PRICE.note} On-demand left out: this region's GPU row has spot above half of on-demand, which suggests a different SKU got mixed in (see the module comment).`,
} as const satisfies Source;

export const SKYPILOT_GCP_PRICE_H100_EU = {
  ...SKYPILOT_GCP_PRICE,
  note: `${SKYPILOT_GCP_PRICE.note} The H100 on-demand row here (12.73552 $/GPU-h) is 30% above us-east4's (9.79655) while the A3 VM is only 5% dearer; kept because it passes the spot/on-demand check, but worth re-checking against GCP's price list.`,
} as const satisfies Source;

export const AWS_DEADLINE_ACCELERATORS = {
  url: "https://docs.aws.amazon.com/deadline-cloud/latest/APIReference/API_AcceleratorSelection.html",
  date: CATALOG_DATE,
  note: "GPU memory: t4 16 GiB, a10g 24 GiB, l4 24 GiB, l40s 48 GiB. (EC2's GpuInfo in the SkyPilot AWS catalog reports less usable memory: 22888 MiB for A10G and L4, 45776 MiB for L40S.)",
} as const satisfies Source;

export const TDP_FROM_DESIGN =
  "The board power is from shared/DESIGN.md 'Figures found so far' (NVIDIA datasheet figure); it was not re-read for this catalog.";
