import type { GuardrailPolicy } from "../types";
import { configSchema, poolInScope } from "../lib";

const DEFAULTS = { environments: ["dev", "staging"] };

/** Tag of an EKS node group naming its shutdown schedule. */
export const SCHEDULE_TAG = "hybrid-ai/schedule";
/** Resource label of a GKE node pool naming its shutdown schedule. */
export const SCHEDULE_LABEL = "schedule";

/**
 * Non-prod GPU pools have a shutdown schedule.
 *
 * Severity low, advisory: nights and weekends are two thirds of a month; a pool switched off then
 * costs a third. Advisory, because a pool that scales to zero when idle already saves most of it.
 * The schedule feature tags an EKS node group `hybrid-ai/schedule: <name>` and labels a GKE node
 * pool `schedule: <name>`.
 */
export const poolRequireShutdownSchedule: GuardrailPolicy = {
  name: "cost-pool-require-shutdown-schedule",
  description: "Non-prod GPU pools have a shutdown schedule.",
  area: "cost",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Give the pool a shutdown schedule (nights and weekends), or waive this for pools that must stay up.",
  configSchema: configSchema({
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateResource: (args, reportViolation) => {
    const scope = poolInScope(args, DEFAULTS);
    if (scope === undefined) {
      return;
    }
    const { pool, env } = scope;
    if (pool.cloud === "akamai") {
      args.notApplicable("LKE node pools keep at least one node: a schedule cannot switch one off");
      return;
    }
    if (pool.schedule === undefined) {
      const where = pool.cloud === "aws" ? `tag ${SCHEDULE_TAG}` : `label ${SCHEDULE_LABEL}`;
      reportViolation(
        `GPU pool ${args.name} has no shutdown schedule (no ${where}); ${env} pools switch off when unused`,
      );
    }
  },
};
