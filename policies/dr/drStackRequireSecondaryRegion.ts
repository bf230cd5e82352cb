import type { PolicyResource } from "@pulumi/policy";
import { configSchema, settingsOf } from "../lib";
import type { GuardrailPolicy } from "../types";
import { drRegions, stackEnvironment } from "./facts";

/**
 * `dr-stack-require-secondary-region` (severity high, mandatory): a production stack declares disaster
 * recovery into another region. Losing a region must not take production inference down with it for
 * longer than the stack's RTO, and that needs capacity, data and DNS prepared elsewhere in advance.
 */
const DEFAULTS = { environments: ["prod"] };

export const drStackRequireSecondaryRegion: GuardrailPolicy = {
  name: "dr-stack-require-secondary-region",
  description:
    "A prod stack declares disaster recovery (hybrid-ai:disasterRecovery) into another region.",
  enforcementLevel: "mandatory",
  severity: "high",
  area: "dr",
  remediation:
    "Add hybrid-ai:disasterRecovery to the stack with a secondary cluster in another region (see README, Disaster recovery).",
  configSchema: configSchema({
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    const env = stackEnvironment(args.resources) ?? s.environment;
    if (env === undefined || !s.environments.includes(env)) {
      return;
    }
    const regions = drRegions(args.resources).filter(
      (r: PolicyResource) => r.props.rehearsal !== true,
    );
    if (regions.length === 0) {
      reportViolation(
        `${env} stack declares no disaster recovery: add hybrid-ai:disasterRecovery with a secondary in another region`,
      );
      return;
    }
    for (const r of regions) {
      const primary = r.props.primary as { region?: string; cloud?: string } | undefined;
      const secondary = r.props.secondary as { region?: string; cloud?: string } | undefined;
      if (primary?.region === secondary?.region && primary?.cloud === secondary?.cloud) {
        reportViolation(
          `DR region ${r.name} fails over within ${String(primary?.region)}: the secondary must be in another region`,
          r.urn,
        );
      }
    }
  },
};
