/**
 * Akamai Cloud (Linode) GPU plans that LKE node pools can use, the regions that offer them, and prices.
 *
 * Where the figures come from
 * - Akamai prices a plan the same in every core region that offers it (the plan catalog's
 *   `region_prices` list is empty for GPU plans), so a price is given per plan and copied to each of the
 *   plan's regions.
 * - RTX 4000 Ada plans (vCPU, memory, GPUs, USD per hour): a plan table that says it was checked
 *   against the public plan catalog `https://api.linode.com/v4/linode/types` on 2026-06-05, read on
 *   2026-11-30 (see {@link AKAMAI_RTX4000_SOURCE}). The catalog itself cannot be fetched from here.
 *   Another third-party list of the same plans shows older figures (a2-s 1.04, a4-m 2.08 $/h); the newer
 *   table is used and the older one noted.
 * - RTX 6000 (Quadro, Turing) plans: Linode's own GPU docs (`linode/docs`,
 *   `docs/products/compute/compute-instances/plans/gpu/index.md`): 24 GB per card, 1-4 cards, 8-24
 *   dedicated vCPUs, 32-128 GB memory, from $1.50/h for one card. The 4-card plan's price (4 × 1.50) is
 *   a script's reading of the same catalog, noted below.
 * - RTX PRO 6000 Blackwell: the 2026-06-05 table (1 card, 96 GB, 16 vCPU, 176 GB, $2.50/h, limited
 *   availability). Its regions are not published in the sources read, so it has no region and no price
 *   in any region: it appears in sizing as a plan without a priced region.
 * - Regions offering each GPU: a 2026-01 list in an open-source Linode provider
 *   (see {@link AKAMAI_REGIONS_SOURCE}), which names Linode's GPU docs as its source.
 *
 * Akamai has no availability zones: a pool lives in one region, and spreading means more regions.
 * There is no spot capacity.
 */
import type { GpuModel, InstanceShape, Price, Source } from "./types";

/** The date the Akamai rows were read (`YYYY-MM-DD`). */
export const AKAMAI_CATALOG_DATE = "2026-11-30";

export const AKAMAI_RTX4000_SOURCE = {
  url: "https://api.linode.com/v4/linode/types",
  date: AKAMAI_CATALOG_DATE,
  note: "As transcribed in a third-party plan table marked 'verified vs Linode API, 2026-06-05' (found by the search index, repository not named); the endpoint itself was not reachable from here. An older third-party list gives g2-gpu-rtx4000a2-s 1.04 and g2-gpu-rtx4000a4-m 2.08 $/h; the newer figures are used.",
} as const satisfies Source;

const LINODE_GPU_DOCS = {
  url: "https://github.com/linode/docs/blob/03a026f20e5ed33225b188f34d900f6bfb48ed52/docs/products/compute/compute-instances/plans/gpu/index.md",
  date: AKAMAI_CATALOG_DATE,
  note: "NVIDIA Quadro RTX 6000, 24 GB GDDR6 per card; plans of 1-4 cards, 8-24 dedicated vCPUs, 32-128 GB memory; 'Pricing starts at $1,000/mo ($1.50/hr) for a GPU Instance with 1 GPU card, 8 vCPU cores, 32 GB of memory'.",
} as const satisfies Source;

const LINODE_RTX6000_X4 = {
  ...LINODE_GPU_DOCS,
  note: `${LINODE_GPU_DOCS.note} The 4-card plan (24 vCPU, 128 GB) is the top of that range; its $6.00/h is a script's reading of the plan catalog (g1-gpu-rtx6000-1 1.5, -2 3.0, ... per card), not Linode's page.`,
} as const satisfies Source;

export const AKAMAI_REGIONS_SOURCE = {
  url: "https://www.linode.com/docs/products/compute/compute-instances/plans/gpu/",
  date: AKAMAI_CATALOG_DATE,
  note: "GPU regions as of 2026-01 as listed by an open-source Linode provider that cites this page (RTX 4000 Ada: us-ord, us-sea, de-fra-2, fr-par, jp-osa, in-bom-2, sg-sin-2; RTX 6000: us-east, us-southeast, eu-central, ap-west, ap-south). Availability changes; a plan can be sold out in a listed region.",
} as const satisfies Source;

/** GPUs that only Akamai's plans carry. */
export const AKAMAI_GPUS = {
  "rtx4000-ada": {
    id: "rtx4000-ada",
    name: "NVIDIA RTX 4000 Ada Generation",
    memoryGiB: 20,
    tdpWatts: 130,
    source: {
      ...AKAMAI_RTX4000_SOURCE,
      note: `${AKAMAI_RTX4000_SOURCE.note} 20 GB per card (the g2 plans' VRAM column). The 130 W board power is NVIDIA's figure for the full-height card (the SFF variant is 70 W); it was not re-read here.`,
    },
  },
  rtx6000: {
    id: "rtx6000",
    name: "NVIDIA Quadro RTX 6000",
    memoryGiB: 24,
    tdpWatts: 295,
    source: {
      ...LINODE_GPU_DOCS,
      note: `${LINODE_GPU_DOCS.note} The 295 W board power is NVIDIA's Quadro RTX 6000 figure; it was not re-read here.`,
    },
  },
  rtxpro6000: {
    id: "rtxpro6000",
    name: "NVIDIA RTX PRO 6000 Blackwell",
    memoryGiB: 96,
    tdpWatts: 600,
    source: {
      ...AKAMAI_RTX4000_SOURCE,
      note: `${AKAMAI_RTX4000_SOURCE.note} 96 GB per card (g3-gpu-rtxpro6000-blackwell-1). The 600 W is NVIDIA's workstation-edition maximum; the server edition Akamai runs may be configured lower. Not re-read here.`,
    },
  },
} as const satisfies Record<string, GpuModel>;

function plan(
  name: string,
  gpu: InstanceShape["gpu"],
  gpusPerNode: number,
  vcpu: number,
  memoryGiB: number,
  source: Source,
): InstanceShape {
  return { cloud: "akamai", name, gpu, gpusPerNode, vcpu, memoryGiB, source };
}

/** Akamai GPU plans (Linode types) LKE node pools can use. Memory is the plan's RAM in GB. */
export const AKAMAI_SHAPES: readonly InstanceShape[] = [
  plan("g2-gpu-rtx4000a1-s", "rtx4000-ada", 1, 4, 16, AKAMAI_RTX4000_SOURCE),
  plan("g2-gpu-rtx4000a1-l", "rtx4000-ada", 1, 16, 64, AKAMAI_RTX4000_SOURCE),
  plan("g2-gpu-rtx4000a2-s", "rtx4000-ada", 2, 8, 32, AKAMAI_RTX4000_SOURCE),
  plan("g2-gpu-rtx4000a4-s", "rtx4000-ada", 4, 32, 128, AKAMAI_RTX4000_SOURCE),
  plan("g2-gpu-rtx4000a4-m", "rtx4000-ada", 4, 48, 196, AKAMAI_RTX4000_SOURCE),
  plan("g1-gpu-rtx6000-1", "rtx6000", 1, 8, 32, LINODE_GPU_DOCS),
  plan("g1-gpu-rtx6000-4", "rtx6000", 4, 24, 128, LINODE_RTX6000_X4),
  plan("g3-gpu-rtxpro6000-blackwell-1", "rtxpro6000", 1, 16, 176, AKAMAI_RTX4000_SOURCE),
];

/** USD per hour of each plan, the same in every region offering it. */
export const AKAMAI_PLAN_PRICES: Readonly<Record<string, { usdPerHour: number; source: Source }>> =
  {
    "g2-gpu-rtx4000a1-s": { usdPerHour: 0.52, source: AKAMAI_RTX4000_SOURCE },
    "g2-gpu-rtx4000a1-l": { usdPerHour: 0.96, source: AKAMAI_RTX4000_SOURCE },
    "g2-gpu-rtx4000a2-s": { usdPerHour: 1.05, source: AKAMAI_RTX4000_SOURCE },
    "g2-gpu-rtx4000a4-s": { usdPerHour: 2.96, source: AKAMAI_RTX4000_SOURCE },
    "g2-gpu-rtx4000a4-m": { usdPerHour: 3.57, source: AKAMAI_RTX4000_SOURCE },
    "g1-gpu-rtx6000-1": { usdPerHour: 1.5, source: LINODE_GPU_DOCS },
    "g1-gpu-rtx6000-4": { usdPerHour: 6.0, source: LINODE_RTX6000_X4 },
    "g3-gpu-rtxpro6000-blackwell-1": { usdPerHour: 2.5, source: AKAMAI_RTX4000_SOURCE },
  };

/** Core regions offering each Akamai GPU. */
export const AKAMAI_GPU_REGIONS: Readonly<Record<string, readonly string[]>> = {
  "rtx4000-ada": ["us-ord", "us-sea", "de-fra-2", "fr-par", "jp-osa", "in-bom-2", "sg-sin-2"],
  rtx6000: ["us-east", "us-southeast", "eu-central", "ap-west", "ap-south"],
  rtxpro6000: [],
};

/** Every plan's price in every region that offers its GPU (no spot: Akamai sells none). */
export const AKAMAI_PRICES: readonly Price[] = AKAMAI_SHAPES.flatMap((shape) => {
  const price = AKAMAI_PLAN_PRICES[shape.name];
  return (AKAMAI_GPU_REGIONS[shape.gpu] ?? []).map((region): Price => ({
    cloud: "akamai",
    region,
    instanceType: shape.name,
    onDemandUsdPerHour: price.usdPerHour,
    source: price.source,
  }));
});
