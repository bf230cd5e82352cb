/**
 * Energy and carbon facts: power usage effectiveness (PUE) of the clouds' data centers, the carbon
 * intensity of each region's grid, the power a host draws beside its GPUs, and the board power of edge
 * hardware. Every table names its source and the date it was read; rows are one per line.
 *
 * Where the figures come from
 * - GCP grid intensity: Google's own per-region figures, `GoogleCloudPlatform/region-carbon-info`
 *   `data/yearly/2024.csv` (column "Grid carbon intensity (gCO2eq / kWh)", the average operational gross
 *   emissions of the local grid in 2024), read at commit 49f3f26 of 2025-12-03.
 * - AWS grid intensity: AWS publishes no per-region figure. The figures are those of Cloud Carbon
 *   Footprint (Thoughtworks), `cloud-carbon-footprint/cloud-carbon-footprint`
 *   `packages/aws/src/domain/AwsFootprintEstimationConstants.ts` and its methodology appendix, read at
 *   commit b7a049c of 2024-03-25: US regions from the EPA's eGRID2020 NERC-region factors, European
 *   regions from the EEA, others from carbonfootprint.com's 2021 electricity factors. They are older than
 *   Google's (2019-2021 grids) and say so in their source.
 * - PUE: AWS publishes one global figure (1.14 for 2025, on its sustainability page); every AWS region
 *   gets it. GCP: the trailing-twelve-month PUE of the campus serving the region where Cloud Carbon
 *   Footprint lists it (from google.com/about/datacenters/efficiency), else Google's fleet-wide 1.10.
 * - Host power: Cloud Carbon Footprint's per-vCPU minimum and maximum watts per cloud (SPECpower) and its
 *   memory coefficient (0.392 W per GB), at the 50% average server utilisation it assumes (LBNL 2016).
 *
 * A region that no table lists has no figure: look-ups return `undefined` and the estimate says so.
 */
import type { Cloud, Source, Target } from "./types";

/** The date these tables were put together and their sources read (`YYYY-MM-DD`). */
export const ENERGY_CATALOG_DATE = "2026-11-30";

// ---------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------

const GOOGLE_REGION_CARBON = {
  url: "https://github.com/GoogleCloudPlatform/region-carbon-info/blob/49f3f26bfd682305e8d9b572fea1f811900421a9/data/yearly/2024.csv",
  date: ENERGY_CATALOG_DATE,
  note: "Google's 2024 grid carbon intensity per Google Cloud region (gCO2eq/kWh, average operational gross emissions of the local grid; Google's own carbon-free energy purchases not subtracted). Commit of 2025-12-03.",
} as const satisfies Source;

const CCF_COMMIT = "b7a049c7d25c0022919ab9010199dd9e77aa4577";
const CCF_METHODOLOGY = `https://github.com/cloud-carbon-footprint/cloud-carbon-footprint/blob/${CCF_COMMIT}/microsite/docs/HowItWorks/Methodology.md`;

const AWS_GRID_EGRID = {
  url: CCF_METHODOLOGY,
  date: ENERGY_CATALOG_DATE,
  note: "Cloud Carbon Footprint's AWS grid factor (Appendix V): the EPA eGRID2020 factor of the region's NERC region (SERC for us-east-1, RFC for us-east-2, WECC for us-west-*), metric t/kWh x 1e6. 2019-2020 grid data; AWS publishes no per-region figure. Repository commit of 2024-03-25.",
} as const satisfies Source;

const AWS_GRID_EEA = {
  url: CCF_METHODOLOGY,
  date: ENERGY_CATALOG_DATE,
  note: "Cloud Carbon Footprint's AWS grid factor (Appendix V), from the European Environment Agency's CO2 emission intensity of the country's electricity, metric t/kWh x 1e6. AWS publishes no per-region figure. Repository commit of 2024-03-25.",
} as const satisfies Source;

const AWS_GRID_CARBONFOOTPRINT = {
  url: CCF_METHODOLOGY,
  date: ENERGY_CATALOG_DATE,
  note: "Cloud Carbon Footprint's AWS grid factor (Appendix V), from carbonfootprint.com's 2021 country electricity factors (2022_03 edition), metric t/kWh x 1e6. AWS publishes no per-region figure. Repository commit of 2024-03-25.",
} as const satisfies Source;

const AWS_PUE = {
  url: "https://sustainability.aboutamazon.com/environment/the-cloud/asdi",
  date: ENERGY_CATALOG_DATE,
  note: "'In 2025, our data centers reported an average global PUE of 1.14' (1.15 in 2024). AWS publishes no per-region PUE there, so every AWS region gets the global figure.",
} as const satisfies Source;

const GCP_PUE_CAMPUS = {
  url: `https://github.com/cloud-carbon-footprint/cloud-carbon-footprint/blob/${CCF_COMMIT}/packages/gcp/src/domain/GcpFootprintEstimationConstants.ts`,
  date: ENERGY_CATALOG_DATE,
  note: "PUE_TRAILING_TWELVE_MONTH: the trailing-twelve-month PUE of the Google campus serving the region, as Cloud Carbon Footprint took it from https://www.google.com/about/datacenters/efficiency/ (repository commit of 2024-03-25).",
} as const satisfies Source;

const GCP_PUE_FLEET = {
  ...GCP_PUE_CAMPUS,
  note: "PUE_AVG 1.1: Google's fleet-wide average as Cloud Carbon Footprint uses it for regions without a published campus figure (https://www.google.com/about/datacenters/efficiency/; repository commit of 2024-03-25).",
} as const satisfies Source;

const CCF_HOST = {
  url: CCF_METHODOLOGY,
  date: ENERGY_CATALOG_DATE,
  note: "Compute: average (AWS) or median (GCP) minimum and maximum watts per vCPU over the cloud's processors (SPECpower); Average Watts = Min + 50% x (Max - Min), 50% being the average hyperscale server utilisation it assumes (LBNL 2016 US Data Center Energy Usage Report). Memory: 0.392 W per GB. Repository commit of 2024-03-25.",
} as const satisfies Source;

// ---------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------

/** Carbon intensity of the grid a cloud region draws from. */
export interface GridIntensity {
  readonly cloud: Cloud;
  readonly region: string;
  /** Grams of CO2 equivalent per kWh drawn. */
  readonly gramsCo2ePerKwh: number;
  readonly source: Source;
}

/** Power usage effectiveness of a cloud region (`region: "*"` for the cloud's fleet-wide figure). */
export interface PowerUsageEffectiveness {
  readonly cloud: Cloud;
  readonly region: string;
  /** Facility energy / IT energy, >= 1. */
  readonly pue: number;
  readonly source: Source;
}

/** What a cloud host draws beside its GPUs. */
export interface HostPower {
  readonly cloud: Cloud;
  readonly minWattsPerVcpu: number;
  readonly maxWattsPerVcpu: number;
  readonly source: Source;
}

/** Board power of one accelerator of an edge hardware class. */
export interface EdgeHardwarePower {
  /** An `EDGE_HARDWARE` value of the edge components. */
  readonly hardware: string;
  /** Watts of one accelerator at full load; 0 without one. */
  readonly acceleratorWatts: number;
  readonly source: Source;
}

// ---------------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------------

const gcpGrid = (region: string, gramsCo2ePerKwh: number): GridIntensity => ({
  cloud: "gcp",
  region,
  gramsCo2ePerKwh,
  source: GOOGLE_REGION_CARBON,
});
const awsGrid = (region: string, gramsCo2ePerKwh: number, source: Source): GridIntensity => ({
  cloud: "aws",
  region,
  gramsCo2ePerKwh,
  source,
});

/** Grid carbon intensity per cloud region, gCO2e/kWh. */
export const GRID_INTENSITY: readonly GridIntensity[] = [
  awsGrid("us-east-1", 379.069, AWS_GRID_EGRID), // SERC
  awsGrid("us-east-2", 410.608, AWS_GRID_EGRID), // RFC
  awsGrid("us-west-1", 322.167, AWS_GRID_EGRID), // WECC
  awsGrid("us-west-2", 322.167, AWS_GRID_EGRID), // WECC
  awsGrid("ca-central-1", 120, AWS_GRID_CARBONFOOTPRINT),
  awsGrid("sa-east-1", 61.7, AWS_GRID_CARBONFOOTPRINT),
  awsGrid("eu-central-1", 311, AWS_GRID_EEA), // Germany
  awsGrid("eu-west-1", 278.6, AWS_GRID_EEA), // Ireland
  awsGrid("eu-west-2", 225, AWS_GRID_EEA), // England
  awsGrid("eu-west-3", 51.1, AWS_GRID_EEA), // France
  awsGrid("eu-south-1", 213.4, AWS_GRID_EEA), // Italy
  awsGrid("eu-north-1", 8.8, AWS_GRID_EEA), // Sweden
  awsGrid("ap-south-1", 708.2, AWS_GRID_CARBONFOOTPRINT),
  awsGrid("ap-northeast-1", 465.8, AWS_GRID_CARBONFOOTPRINT),
  awsGrid("ap-northeast-2", 415.6, AWS_GRID_CARBONFOOTPRINT),
  awsGrid("ap-southeast-1", 408, AWS_GRID_CARBONFOOTPRINT),
  awsGrid("ap-southeast-2", 760, AWS_GRID_CARBONFOOTPRINT),
  gcpGrid("africa-south1", 656.85), // Johannesburg
  gcpGrid("asia-east1", 439.29), // Taiwan
  gcpGrid("asia-east2", 505.02), // Hong Kong
  gcpGrid("asia-northeast1", 452.85), // Tokyo
  gcpGrid("asia-northeast2", 296.19), // Osaka
  gcpGrid("asia-northeast3", 356.57), // Seoul
  gcpGrid("asia-south1", 678.76), // Mumbai
  gcpGrid("asia-south2", 531.83), // Delhi
  gcpGrid("asia-southeast1", 366.85), // Singapore
  gcpGrid("asia-southeast2", 560.55), // Jakarta
  gcpGrid("australia-southeast1", 497.5), // Sydney
  gcpGrid("australia-southeast2", 454.37), // Melbourne
  gcpGrid("europe-central2", 642.88), // Warsaw
  gcpGrid("europe-north1", 39.32), // Finland
  gcpGrid("europe-north2", 2.73), // Stockholm
  gcpGrid("europe-southwest1", 89.04), // Madrid
  gcpGrid("europe-west1", 103.37), // Belgium
  gcpGrid("europe-west2", 105.94), // London
  gcpGrid("europe-west3", 275.82), // Frankfurt
  gcpGrid("europe-west4", 208.81), // Eemshaven
  gcpGrid("europe-west6", 15.05), // Zürich
  gcpGrid("europe-west8", 201.69), // Milan
  gcpGrid("europe-west9", 16.3), // Paris
  gcpGrid("europe-west10", 275.82), // Berlin
  gcpGrid("europe-west12", 201.69), // Turin
  gcpGrid("me-central1", 366), // Doha
  gcpGrid("me-central2", 382.23), // Dammam
  gcpGrid("me-west1", 433.75), // Tel Aviv
  gcpGrid("northamerica-northeast1", 5.48), // Montréal
  gcpGrid("northamerica-northeast2", 58.56), // Toronto
  gcpGrid("northamerica-south1", 305), // Mexico
  gcpGrid("southamerica-east1", 67.32), // Sāo Paulo
  gcpGrid("southamerica-west1", 238), // Santiago
  gcpGrid("us-central1", 412.72), // Iowa
  gcpGrid("us-central2", 372.23), // Oklahoma
  gcpGrid("us-east1", 575.77), // South Carolina
  gcpGrid("us-east2", 340.42), // Georgia
  gcpGrid("us-east4", 323.05), // Northern Virginia
  gcpGrid("us-east5", 323.05), // Columbus
  gcpGrid("us-south1", 302.95), // Dallas
  gcpGrid("us-west1", 79.23), // Oregon
  gcpGrid("us-west2", 169.28), // Los Angeles
  gcpGrid("us-west3", 555.17), // Salt Lake City
  gcpGrid("us-west4", 357.3), // Las Vegas
];

/** Power usage effectiveness per cloud region; `"*"` rows hold the cloud's fleet-wide figure. */
export const PUE: readonly PowerUsageEffectiveness[] = [
  { cloud: "aws", region: "*", pue: 1.14, source: AWS_PUE },
  { cloud: "gcp", region: "*", pue: 1.1, source: GCP_PUE_FLEET },
  { cloud: "gcp", region: "us-east4", pue: 1.08, source: GCP_PUE_CAMPUS },
  { cloud: "gcp", region: "us-central1", pue: 1.11, source: GCP_PUE_CAMPUS },
  { cloud: "gcp", region: "us-central2", pue: 1.11, source: GCP_PUE_CAMPUS },
  { cloud: "gcp", region: "europe-west1", pue: 1.09, source: GCP_PUE_CAMPUS },
  { cloud: "gcp", region: "europe-west4", pue: 1.07, source: GCP_PUE_CAMPUS },
  { cloud: "gcp", region: "europe-north1", pue: 1.09, source: GCP_PUE_CAMPUS },
  { cloud: "gcp", region: "asia-east1", pue: 1.12, source: GCP_PUE_CAMPUS },
  { cloud: "gcp", region: "asia-southeast1", pue: 1.13, source: GCP_PUE_CAMPUS },
];

/** Host power per cloud, watts per vCPU at idle and at full load. */
export const HOST_POWER: readonly HostPower[] = [
  { cloud: "aws", minWattsPerVcpu: 0.74, maxWattsPerVcpu: 3.5, source: CCF_HOST },
  { cloud: "gcp", minWattsPerVcpu: 0.71, maxWattsPerVcpu: 4.26, source: CCF_HOST },
];

/** Watts per GB of memory a host draws (Cloud Carbon Footprint's memory coefficient). */
export const MEMORY_WATTS_PER_GB = 0.392;

/**
 * The utilisation the estimate assumes for GPUs and hosts alike: 50%, the average hyperscale server
 * utilisation Cloud Carbon Footprint assumes (LBNL 2016). A GPU then draws half its board power.
 */
export const ASSUMED_UTILISATION = { fraction: 0.5, source: CCF_HOST } as const;

const GPU_CATALOG_TDP = {
  url: "shared/DESIGN.md",
  date: ENERGY_CATALOG_DATE,
  note: "The board power the GPU catalog has for this GPU (NVIDIA datasheet figure, not re-read).",
} as const satisfies Source;

const NVIDIA_A2 = {
  url: "https://www.nvidia.com/en-us/data-center/products/a2/",
  date: ENERGY_CATALOG_DATE,
  note: "A2: 40-60 W configurable board power; the upper figure is used. Not re-read for this table.",
} as const satisfies Source;

const JETSON_AGX_ORIN = {
  url: "https://forums.developer.nvidia.com/t/maximum-power-consumption-bounds-for-orin-agx/323456",
  date: ENERGY_CATALOG_DATE,
  note: "NVIDIA quoting the Jetson AGX Orin module data sheet: 'JAO 64GB Maximum Module Power: Up to 60W' (32GB: 40 W). The figure covers the whole module, CPU included, so no host share is added.",
} as const satisfies Source;

const NO_ACCELERATOR = {
  url: "n/a",
  date: ENERGY_CATALOG_DATE,
  note: "No accelerator: only the host share counts.",
} as const satisfies Source;

const edge = (hardware: string, acceleratorWatts: number, source: Source): EdgeHardwarePower => ({
  hardware,
  acceleratorWatts,
  source,
});

/** Board power of edge hardware classes, per accelerator. */
export const EDGE_HARDWARE_POWER: readonly EdgeHardwarePower[] = [
  edge("nvidia-l4", 72, GPU_CATALOG_TDP),
  edge("nvidia-t4", 70, GPU_CATALOG_TDP),
  edge("nvidia-a2", 60, NVIDIA_A2),
  edge("jetson-orin", 60, JETSON_AGX_ORIN),
  edge("cpu", 0, NO_ACCELERATOR),
];

// ---------------------------------------------------------------------------------------------------
// Look-ups (pure)
// ---------------------------------------------------------------------------------------------------

/** The grid intensity of a cloud region, or `undefined` when no table lists it. */
export function gridIntensityOf(cloud: Cloud, region: string): GridIntensity | undefined {
  return GRID_INTENSITY.find((g) => g.cloud === cloud && g.region === region);
}

/** The PUE of a cloud region: its own figure, else the cloud's fleet-wide one. */
export function pueOf(cloud: Cloud, region: string): PowerUsageEffectiveness {
  return (
    PUE.find((p) => p.cloud === cloud && p.region === region) ??
    PUE.find((p) => p.cloud === cloud && p.region === "*")!
  );
}

/**
 * Whether the tables hold a PUE and host power for a target: AWS and GCP so far. Azure, Akamai and
 * on-prem pools are left out of energy estimates (with a note) until rows for them are added.
 */
export function hasEnergyFigures(target: Target): target is Cloud {
  return (
    target !== "onprem" &&
    PUE.some((p) => p.cloud === target) &&
    HOST_POWER.some((h) => h.cloud === target)
  );
}

/** Host power coefficients of a cloud. */
export function hostPowerOf(cloud: Cloud): HostPower {
  return HOST_POWER.find((h) => h.cloud === cloud)!;
}

/** Board power of an edge hardware class, or `undefined` for one the table does not know. */
export function edgeHardwarePowerOf(hardware: string): EdgeHardwarePower | undefined {
  return EDGE_HARDWARE_POWER.find((h) => h.hardware === hardware);
}
