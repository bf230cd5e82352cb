import type { GuardrailPolicy } from "../types";
import { configSchema, environmentOf, settingsOf } from "../lib";
import { readPool } from "../../model/readers/pools";

/** GPUs each environment may use; an environment not listed may use any. */
export const DEFAULT_ALLOWED_GPUS: Record<string, string[]> = {
  dev: ["t4", "a10g", "l4", "l40s"],
  staging: ["t4", "a10g", "l4", "l40s", "a100-40gb", "a100-80gb"],
};

const DEFAULTS = { allowed: DEFAULT_ALLOWED_GPUS };

/**
 * GPU types are limited per environment: no H100/H200 (or A100 in dev) outside prod by default.
 *
 * Severity medium, mandatory: the largest GPUs cost 10-100x a T4 per hour, and development rarely
 * needs them.
 */
export const gpuEnforceAllowedTypes: GuardrailPolicy = {
  name: "cost-gpu-enforce-allowed-types",
  description: "GPU pools use only the GPU types allowed in their environment.",
  area: "cost",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Pick an allowed GPU for the pool, or allow it for the environment in this policy's `allowed` setting.",
  configSchema: configSchema({
    allowed: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string" } },
      default: DEFAULT_ALLOWED_GPUS,
    },
  }),
  validateResource: (args, reportViolation) => {
    const pool = readPool(args.type, args.props);
    if (pool === undefined) {
      return;
    }
    const s = settingsOf(args, DEFAULTS);
    const env = environmentOf(args.type, args.props, s);
    const allowed = env === undefined ? undefined : s.allowed[env];
    if (allowed !== undefined && !allowed.includes(pool.gpu)) {
      reportViolation(
        `GPU pool ${args.name} uses ${pool.gpu}, which ${env} does not allow (allowed: ${allowed.join(", ")})`,
      );
    }
  },
};
