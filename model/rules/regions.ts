/**
 * The regions each cloud has, so a made-up region (`us-east-9`) is refused from the config alone, and
 * the GCP region nearest to each AWS region, for the places where a GCP API wants a GCP region but
 * our input is an AWS one (Cloud DNS routing geos). One row per region.
 */
import { documented, read, type RuleSource } from "./source";

export const AWS_REGIONS_SOURCE: RuleSource = read(
  "https://www.npmjs.com/package/@pulumi/aws/v/7.48.0 (types/enums/index.d.ts, enum Region)",
  "Every region of pulumi-aws 7.48's Region enum, the provider this project deploys with.",
);

// prettier-ignore
export const AWS_REGIONS: readonly string[] = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
  "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1",
  "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-isoe-west-1", "eu-north-1", "eu-south-1",
  "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "eusc-de-east-1", "il-central-1",
  "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
  "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1",
  "us-isob-west-1", "us-isof-east-1", "us-isof-south-1", "us-west-1", "us-west-2",
];

export const GCP_REGIONS_SOURCE: RuleSource = documented(
  "https://cloud.google.com/compute/docs/regions-zones#available",
  "Cross-checked against the regions of the SkyPilot GCP catalog snapshot (skypilot-org/skypilot-catalog@017e2502fb63c7a28757acd94002b2d6099d3e3d, catalogs/v7/gcp/vms.csv); europe-north2, asia-southeast3 and northamerica-south1 are the newest.",
);

// prettier-ignore
export const GCP_REGIONS: readonly string[] = [
  "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
  "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2", "asia-southeast3",
  "australia-southeast1", "australia-southeast2", "europe-central2", "europe-north1", "europe-north2",
  "europe-southwest1", "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6",
  "europe-west8", "europe-west9", "europe-west10", "europe-west12", "me-central1", "me-central2",
  "me-west1", "northamerica-northeast1", "northamerica-northeast2", "northamerica-south1",
  "southamerica-east1", "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5",
  "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
];

const NEAREST_SOURCE = documented(
  "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html and https://cloud.google.com/compute/docs/regions-zones#available",
  "The GCP region in the same metro area as the AWS region, or the nearest one by the cities both pages name.",
);

/** An AWS region and the GCP region nearest to it, with both cities. */
export interface NearestGcpRegion {
  readonly aws: string;
  readonly awsCity: string;
  readonly gcp: string;
  readonly gcpCity: string;
}

// prettier-ignore
export const NEAREST_GCP_REGION: readonly NearestGcpRegion[] = [
  { aws: "us-east-1", awsCity: "N. Virginia", gcp: "us-east4", gcpCity: "Ashburn, Virginia" },
  { aws: "us-east-2", awsCity: "Ohio", gcp: "us-east5", gcpCity: "Columbus, Ohio" },
  { aws: "us-west-1", awsCity: "N. California", gcp: "us-west2", gcpCity: "Los Angeles" },
  { aws: "us-west-2", awsCity: "Oregon", gcp: "us-west1", gcpCity: "The Dalles, Oregon" },
  { aws: "ca-central-1", awsCity: "Montreal", gcp: "northamerica-northeast1", gcpCity: "Montreal" },
  { aws: "ca-west-1", awsCity: "Calgary", gcp: "us-west1", gcpCity: "The Dalles, Oregon" },
  { aws: "mx-central-1", awsCity: "Querétaro", gcp: "northamerica-south1", gcpCity: "Querétaro" },
  { aws: "sa-east-1", awsCity: "São Paulo", gcp: "southamerica-east1", gcpCity: "São Paulo" },
  { aws: "eu-west-1", awsCity: "Ireland", gcp: "europe-west2", gcpCity: "London" },
  { aws: "eu-west-2", awsCity: "London", gcp: "europe-west2", gcpCity: "London" },
  { aws: "eu-west-3", awsCity: "Paris", gcp: "europe-west9", gcpCity: "Paris" },
  { aws: "eu-central-1", awsCity: "Frankfurt", gcp: "europe-west3", gcpCity: "Frankfurt" },
  { aws: "eu-central-2", awsCity: "Zurich", gcp: "europe-west6", gcpCity: "Zurich" },
  { aws: "eu-north-1", awsCity: "Stockholm", gcp: "europe-north2", gcpCity: "Stockholm" },
  { aws: "eu-south-1", awsCity: "Milan", gcp: "europe-west8", gcpCity: "Milan" },
  { aws: "eu-south-2", awsCity: "Spain", gcp: "europe-southwest1", gcpCity: "Madrid" },
  { aws: "il-central-1", awsCity: "Tel Aviv", gcp: "me-west1", gcpCity: "Tel Aviv" },
  { aws: "me-central-1", awsCity: "UAE", gcp: "me-central1", gcpCity: "Doha" },
  { aws: "me-south-1", awsCity: "Bahrain", gcp: "me-central2", gcpCity: "Dammam" },
  { aws: "af-south-1", awsCity: "Cape Town", gcp: "africa-south1", gcpCity: "Johannesburg" },
  { aws: "ap-south-1", awsCity: "Mumbai", gcp: "asia-south1", gcpCity: "Mumbai" },
  { aws: "ap-south-2", awsCity: "Hyderabad", gcp: "asia-south1", gcpCity: "Mumbai" },
  { aws: "ap-east-1", awsCity: "Hong Kong", gcp: "asia-east2", gcpCity: "Hong Kong" },
  { aws: "ap-east-2", awsCity: "Taipei", gcp: "asia-east1", gcpCity: "Changhua County, Taiwan" },
  { aws: "ap-northeast-1", awsCity: "Tokyo", gcp: "asia-northeast1", gcpCity: "Tokyo" },
  { aws: "ap-northeast-2", awsCity: "Seoul", gcp: "asia-northeast3", gcpCity: "Seoul" },
  { aws: "ap-northeast-3", awsCity: "Osaka", gcp: "asia-northeast2", gcpCity: "Osaka" },
  { aws: "ap-southeast-1", awsCity: "Singapore", gcp: "asia-southeast1", gcpCity: "Singapore" },
  { aws: "ap-southeast-2", awsCity: "Sydney", gcp: "australia-southeast1", gcpCity: "Sydney" },
  { aws: "ap-southeast-3", awsCity: "Jakarta", gcp: "asia-southeast2", gcpCity: "Jakarta" },
  { aws: "ap-southeast-4", awsCity: "Melbourne", gcp: "australia-southeast2", gcpCity: "Melbourne" },
  { aws: "ap-southeast-5", awsCity: "Malaysia", gcp: "asia-southeast1", gcpCity: "Singapore" },
  { aws: "ap-southeast-6", awsCity: "New Zealand", gcp: "australia-southeast1", gcpCity: "Sydney" },
  { aws: "ap-southeast-7", awsCity: "Thailand", gcp: "asia-southeast3", gcpCity: "Bangkok" },
];

export const NEAREST_GCP_REGION_SOURCE: RuleSource = NEAREST_SOURCE;

/** Regions where Cloud Scheduler runs jobs; the schedule's jobs live in the cluster's region. */
export const CLOUD_SCHEDULER_SOURCE: RuleSource = documented(
  "https://cloud.google.com/scheduler/docs/locations",
  "Cloud Scheduler is a regional service; this table takes it to be offered in every GCP region listed here, which the page should be checked against for the newest regions.",
);

/** Whether `region` is a region of `cloud`. */
export function isKnownRegion(cloud: "aws" | "gcp", region: string): boolean {
  return (cloud === "aws" ? AWS_REGIONS : GCP_REGIONS).includes(region);
}

/** The GCP region nearest to a region of either cloud: itself for a GCP region. */
export function nearestGcpRegion(cloud: string, region: string): string | undefined {
  if (cloud === "gcp") {
    return GCP_REGIONS.includes(region) ? region : undefined;
  }
  return cloud === "aws" ? NEAREST_GCP_REGION.find((r) => r.aws === region)?.gcp : undefined;
}
