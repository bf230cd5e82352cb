import type { GuardrailPolicy } from "../types";
import { configSchema, poolInScope } from "../lib";

const DEFAULTS = { environments: ["dev", "staging"] };

/**
 * Non-prod GPU pools use spot capacity.
 *
 * Severity medium, mandatory: spot GPUs cost 40-80% less, and non-prod work tolerates a reclaim.
 */
export const poolRequireSpot: GuardrailPolicy = {
  name: "cost-pool-require-spot",
  description: "Non-prod GPU pools use spot capacity.",
  area: "cost",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Set the pool's `capacity: spot`.",
  configSchema: configSchema({
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateResource: (args, reportViolation) => {
    const scope = poolInScope(args, DEFAULTS);
    if (scope === undefined) {
      return;
    }
    const { pool, env } = scope;
    if (pool.capacity !== "spot") {
      reportViolation(`GPU pool ${args.name} buys on-demand capacity; ${env} pools use spot`);
    }
  },
};
