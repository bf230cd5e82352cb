import type { GuardrailPolicy } from "../types";
import { configSchema, environmentOf, poolFacts, settingsOf } from "../lib";

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
    const pool = poolFacts(args.type, args.props);
    if (pool === undefined) {
      return;
    }
    const s = settingsOf(args, DEFAULTS);
    const env = environmentOf(args.type, args.props, s);
    if (env !== undefined && s.environments.includes(env) && !pool.spot) {
      reportViolation(`GPU pool ${args.name} buys on-demand capacity; ${env} pools use spot`);
    }
  },
};
