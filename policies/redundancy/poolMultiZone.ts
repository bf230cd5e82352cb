import type { GuardrailPolicy } from "../types";
import { configSchema, poolInScope } from "../lib";

const DEFAULTS = { minZones: 2, environments: ["prod"] };

/**
 * Prod GPU pools span at least two zones.
 *
 * Severity high, mandatory: a pool in one zone loses all its GPUs when that zone fails, and GPU
 * capacity is the hardest thing to find elsewhere during an incident.
 */
export const poolRequireMultiZone: GuardrailPolicy = {
  name: "redundancy-pool-require-multi-zone",
  description: "Prod GPU pools span at least two zones.",
  area: "redundancy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "List at least two zones of the cluster's region under the pool's `zones`.",
  configSchema: configSchema({
    minZones: { type: "integer", minimum: 1, default: DEFAULTS.minZones },
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateResource: (args, reportViolation) => {
    const scope = poolInScope(args, DEFAULTS);
    if (scope === undefined) {
      return;
    }
    const { pool, settings: s, env } = scope;
    if (pool.cloud === "akamai" || pool.cloud === "onprem") {
      args.notApplicable(
        pool.cloud === "akamai"
          ? "Akamai regions have no availability zones: a second LKE region (and DR) is how an Akamai pool survives a site loss"
          : "an on-prem site has no zones: the pool's machines are its redundancy (redundancy-pool-require-min-nodes)",
      );
      return;
    }
    if (pool.zones.length < s.minZones) {
      reportViolation(
        `GPU pool ${args.name} runs in ${pool.zones.length} zone${pool.zones.length === 1 ? "" : "s"} ` +
          `(${pool.zones.join(", ") || "none known"}); ${env} pools need at least ${s.minZones}`,
      );
    }
  },
};
