import type { GuardrailPolicy } from "../types";
import { T, asObj, asStrings, configSchema, settingsOf } from "../lib";
import { readPool } from "../../model/readers/pools";

const DEFAULTS = { allowedRegions: [] as string[] };

/** The region of a zone: `us-east-1a` → `us-east-1`, `europe-west4-b` → `europe-west4`. */
export function zoneRegion(zone: string): string {
  return /-[a-z]$/.test(zone)
    ? zone.slice(0, -2)
    : /\d[a-z]$/.test(zone)
      ? zone.slice(0, -1)
      : zone;
}

/** Regions a resource places data or compute in, as far as its properties tell. */
function regionsOf(type: string, props: Record<string, unknown>): string[] {
  const regions = new Set<string>();
  if (type === T.awsProvider || type === T.gcpProvider) {
    if (typeof props.region === "string") {
      regions.add(props.region);
    }
  } else if (type.startsWith("gcp:")) {
    for (const key of ["region", "location"]) {
      if (typeof props[key] === "string") {
        regions.add(zoneRegion(props[key] as string));
      }
    }
  } else if (type.startsWith("aws:") && typeof props.region === "string") {
    regions.add(props.region);
  }
  const pool = readPool(type, props);
  for (const z of pool?.zones ?? asStrings(asObj(props).nodeLocations)) {
    regions.add(zoneRegion(z));
  }
  return [...regions];
}

/**
 * Resources run and store data only in the regions the stack allows (`hybrid-ai:allowedRegions`,
 * passed as this policy's `allowedRegions`): data residency.
 *
 * Severity critical, mandatory: customer data or models in a region the contract excludes is a
 * compliance breach, not a cost. Not applicable when the stack lists no allowed regions.
 */
export const regionEnforceAllowed: GuardrailPolicy = {
  name: "security-region-enforce-allowed",
  description: "Resources stay in the regions the stack allows.",
  area: "security",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Move the resource to an allowed region, or add the region to `hybrid-ai:allowedRegions` after a data-residency review.",
  configSchema: configSchema({ allowedRegions: { type: "array", items: { type: "string" } } }),
  validateResource: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    if (s.allowedRegions.length === 0) {
      args.notApplicable("the stack lists no hybrid-ai:allowedRegions");
      return;
    }
    const allowed = s.allowedRegions.map((r) => r.toLowerCase());
    const outside = regionsOf(args.type, args.props).filter(
      (r) => !allowed.includes(r.toLowerCase()),
    );
    if (outside.length > 0) {
      reportViolation(
        `${args.name} is in ${outside.join(", ")}, outside the allowed regions (${s.allowedRegions.join(", ")})`,
      );
    }
  },
};
