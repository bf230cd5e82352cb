import type { GuardrailPolicy } from "../types";
import { configSchema, settingsOf } from "../lib";
import { readPool } from "../../model/readers/pools";

const DEFAULTS = { maxGpus: 64 };

/**
 * A GPU pool's size is capped: maxNodes x GPUs per node.
 *
 * Severity high, mandatory: an autoscaler with a typo in maxNodes can buy hundreds of GPUs in an
 * hour; the cap makes that a reviewed decision.
 */
export const gpuLimitPerPool: GuardrailPolicy = {
  name: "cost-gpu-limit-per-pool",
  description: "A GPU pool stays within the GPU cap per pool (maxNodes x GPUs per node).",
  area: "cost",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Lower the pool's `maxNodes`, or raise this policy's `maxGpus` setting in the stack's `hybrid-ai:policy`.",
  configSchema: configSchema({
    maxGpus: { type: "integer", minimum: 1, default: DEFAULTS.maxGpus },
  }),
  validateResource: (args, reportViolation) => {
    const pool = readPool(args.type, args.props);
    if (pool === undefined) {
      return;
    }
    const s = settingsOf(args, DEFAULTS);
    const gpus = pool.maxNodes * pool.gpusPerNode;
    if (gpus > s.maxGpus) {
      reportViolation(
        `GPU pool ${args.name} may grow to ${gpus} GPUs (${pool.maxNodes} nodes x ${pool.gpusPerNode}); the cap per pool is ${s.maxGpus}`,
      );
    }
  },
};
