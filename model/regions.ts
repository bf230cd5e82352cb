/** Region and zone names of the clouds, checked offline. */
import { distance } from "fastest-levenshtein";
import type { Cloud } from "./catalog/types";
import {
  AWS_REGIONS,
  AWS_REGIONS_SOURCE,
  GCP_REGIONS,
  GCP_REGIONS_SOURCE,
  isKnownRegion,
} from "./rules/regions";

const REGION_PATTERN: Record<Cloud, RegExp> = {
  // us-east-1, eu-central-2, ap-southeast-3, us-gov-west-1
  aws: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/,
  // us-central1, europe-west4, asia-southeast1
  gcp: /^[a-z]+-[a-z]+\d+$/,
};

/** Whether `region` is shaped like a region name of `cloud`. */
export function isRegionName(cloud: Cloud, region: string): boolean {
  return REGION_PATTERN[cloud].test(region);
}

/** What a region name of `cloud` looks like, for error messages. */
export function regionExample(cloud: Cloud): string {
  return cloud === "aws" ? "us-east-1" : "europe-west4";
}

/**
 * Whether `zone` lies in `region`: AWS zones are the region plus a letter (`us-east-1a`), GCP zones the
 * region, a dash and a letter (`europe-west4-b`).
 */
export function zoneInRegion(cloud: Cloud, zone: string, region: string): boolean {
  const suffix = cloud === "aws" ? /^[a-z]$/ : /^-[a-z]$/;
  return zone.startsWith(region) && suffix.test(zone.slice(region.length));
}

/** An example zone of a region, for error messages. */
export function zoneExample(cloud: Cloud, region: string): string {
  return cloud === "aws" ? `${region}a` : `${region}-a`;
}

/**
 * Why `region` is not a region of `cloud` (shaped wrong, or made up like `us-east-9`), with the
 * nearest real names; `undefined` for a region the region table knows.
 */
export function regionProblem(cloud: Cloud, region: string): string | undefined {
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
