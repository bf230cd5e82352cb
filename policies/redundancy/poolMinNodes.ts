import type { GuardrailPolicy } from "../types";
import { configSchema, matchesAny, poolInScope } from "../lib";

const DEFAULTS = { minNodes: 2, environments: ["prod"], exemptPools: [] as string[] };

/**
 * Prod GPU pools keep at least two nodes running.
 *
 * Severity high, mandatory: with one node, a node failure, a driver upgrade or a spot reclaim takes
 * the pool's endpoints down. Pools that scale to zero on purpose (training, batch) are listed in
 * `exemptPools` (name globs), or waived.
 */
export const poolRequireMinNodes: GuardrailPolicy = {
  name: "redundancy-pool-require-min-nodes",
  description: "Prod GPU pools keep at least two nodes.",
  area: "redundancy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set the pool's `minNodes` to at least 2, or list training/batch pools under this policy's `exemptPools` setting.",
  configSchema: configSchema({
    minNodes: { type: "integer", minimum: 1, default: DEFAULTS.minNodes },
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
    exemptPools: { type: "array", items: { type: "string" }, default: DEFAULTS.exemptPools },
  }),
  validateResource: (args, reportViolation) => {
    const scope = poolInScope(args, DEFAULTS);
    if (scope === undefined) {
      return;
    }
    const { pool, settings: s, env } = scope;
    if (matchesAny(args.name, s.exemptPools)) {
      return;
    }
    if (pool.minNodes < s.minNodes) {
      reportViolation(
        `GPU pool ${args.name} keeps ${pool.minNodes} node${pool.minNodes === 1 ? "" : "s"} at minimum; ${env} pools need at least ${s.minNodes}`,
      );
    }
  },
};
