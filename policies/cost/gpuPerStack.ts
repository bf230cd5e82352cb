import type { GuardrailPolicy } from "../types";
import { configSchema, settingsOf } from "../lib";
import { readPool } from "../../model/readers/pools";

const DEFAULTS = { maxGpus: 128 };

/**
 * A stack's GPU pools together stay within a GPU cap at their maximum sizes.
 *
 * Severity high, mandatory: many pools under the per-pool cap can still add up to a fleet nobody
 * budgeted for.
 */
export const gpuLimitPerStack: GuardrailPolicy = {
  name: "cost-gpu-limit-per-stack",
  description: "A stack's GPU pools together stay within the GPU cap per stack.",
  area: "cost",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Lower pools' `maxNodes`, or raise this policy's `maxGpus` setting in the stack's `hybrid-ai:policy`.",
  configSchema: configSchema({
    maxGpus: { type: "integer", minimum: 1, default: DEFAULTS.maxGpus },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    let total = 0;
    let pools = 0;
    for (const r of args.resources) {
      const pool = readPool(r.type, r.props);
      if (pool !== undefined) {
        total += pool.maxNodes * pool.gpusPerNode;
        pools += 1;
      }
    }
    if (total > s.maxGpus) {
      reportViolation(
        `the stack's ${pools} GPU pools may grow to ${total} GPUs; the cap per stack is ${s.maxGpus}`,
      );
    }
  },
};
