/** Region and zone names of the clouds, checked offline. */
import { distance } from "fastest-levenshtein";
import type { Target } from "./catalog/types";
import {
  AWS_REGIONS,
  AWS_REGIONS_SOURCE,
  GCP_REGIONS,
  GCP_REGIONS_SOURCE,
  isKnownRegion,
} from "./rules/regions";

const REGION_PATTERN: Record<Target, RegExp> = {
  // us-east-1, eu-central-2, ap-southeast-3, us-gov-west-1
  aws: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/,
  // us-central1, europe-west4, asia-southeast1
  gcp: /^[a-z]+-[a-z]+\d+$/,
  // eastus2, westeurope, southcentralus, swedencentral (Azure's `location` names)
  azure: /^[a-z]+[a-z0-9]*$/,
  // us-ord, de-fra-2, eu-central, us-southeast (Linode region ids)
  akamai: /^[a-z]{2}-[a-z]+(-\d+)?$/,
  // the team's own site name, e.g. fra-dc1
  onprem: /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/,
};

const REGION_EXAMPLES: Record<Target, string> = {
  aws: "us-east-1",
  gcp: "europe-west4",
  azure: "westeurope",
  akamai: "us-ord",
  onprem: "fra-dc1",
};

/** Azure availability zones as AKS and VM APIs name them. */
export const AZURE_ZONES = ["1", "2", "3"] as const;

/** Whether `region` is shaped like a region name of `cloud` (a site name on-prem). */
export function isRegionName(cloud: Target, region: string): boolean {
  return REGION_PATTERN[cloud].test(region);
}

/** What a region name of `cloud` looks like, for error messages. */
export function regionExample(cloud: Target): string {
  return REGION_EXAMPLES[cloud];
}

/**
 * Whether `zone` lies in `region`: AWS zones are the region plus a letter (`us-east-1a`), GCP zones the
 * region, a dash and a letter (`europe-west4-b`), Azure zones `1`-`3` of any zonal region. Akamai
 * regions and on-prem sites have no zones.
 */
export function zoneInRegion(cloud: Target, zone: string, region: string): boolean {
  if (cloud === "azure") {
    return (AZURE_ZONES as readonly string[]).includes(zone);
  }
  if (cloud === "akamai" || cloud === "onprem") {
    return false;
  }
  const suffix = cloud === "aws" ? /^[a-z]$/ : /^-[a-z]$/;
  return zone.startsWith(region) && suffix.test(zone.slice(region.length));
}

/** Whether the target has availability zones at all. */
export function hasZones(cloud: Target): boolean {
  return cloud === "aws" || cloud === "gcp" || cloud === "azure";
}

/** An example zone of a region, for error messages. */
export function zoneExample(cloud: Target, region: string): string {
  return cloud === "aws" ? `${region}a` : cloud === "azure" ? `"1"` : `${region}-a`;
}

/**
 * Why `region` is not a region of `cloud` (shaped wrong, or made up like `us-east-9`), with the
 * nearest real names; `undefined` for a region the region table knows.
 */
export function regionProblem(cloud: "aws" | "gcp", region: string): string | undefined {
  const name = cloud === "aws" ? "an AWS" : "a GCP";
  if (!isRegionName(cloud, region)) {
    return `is not ${name} region name (got ${JSON.stringify(region)}), e.g. ${regionExample(cloud)}`;
  }
  if (isKnownRegion(cloud, region)) {
    return undefined;
  }
  const known = cloud === "aws" ? AWS_REGIONS : GCP_REGIONS;
  const near = [...known]
    .sort((a, b) => distance(region, a) - distance(region, b) || a.localeCompare(b))
    .slice(0, 3);
  return `is not ${name} region (got ${JSON.stringify(region)}); nearest names: ${near.join(", ")} (source: ${(cloud === "aws" ? AWS_REGIONS_SOURCE : GCP_REGIONS_SOURCE).url})`;
}
