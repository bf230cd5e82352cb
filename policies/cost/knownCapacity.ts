import type { GuardrailPolicy } from "../types";
import { estimateCost } from "../../model/estimate/cost";
import { configSchema, settingsOf } from "../lib";
import { poolsOf } from "./monthlyBudget";

const DEFAULTS: { monthlyUsd?: number; maxGpus?: number } = {};

/**
 * The budget and GPU-cap checks can confirm their verdict: every GPU pool has a catalog price (when
 * the stack declares a budget) and a known GPU count and size (always). Otherwise a budget or cap that
 * "passes" has only summed the pools it could read; this policy says so instead of a silent pass.
 *
 * Severity high, advisory by default: set it mandatory in `hybrid-ai:policy.enforcement` to block a
 * change that the budget and cap cannot vouch for.
 */
export const stackRequireKnownCapacity: GuardrailPolicy = {
  name: "cost-stack-require-known-capacity",
  description: "Budget and GPU-cap checks see every GPU pool's price, GPUs and size.",
  area: "cost",
  severity: "high",
  enforcementLevel: "advisory",
  remediation:
    "Use instance types the catalog prices (model/catalog/gpus.ts) in regions it covers, or add the price with its source; pools of unknown size need known scaling bounds.",
  configSchema: configSchema({
    monthlyUsd: { type: "number", exclusiveMinimum: 0 },
    maxGpus: { type: "integer", minimum: 1 },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    const pools = poolsOf(args.resources);
    const unknownSize = pools.filter((p) =>
      p.unknown?.some((u) => /GPUs per node|node count|instance type/.test(u)),
    );
    if (unknownSize.length > 0) {
      reportViolation(
        `cannot confirm the GPU cap: ${unknownSize.length} GPU pool(s) of unknown GPUs or size (${unknownSize
          .map((p) => `${p.pool}: ${p.unknown!.join(", ")}`)
          .join("; ")})`,
      );
    }
    if (s.monthlyUsd !== undefined) {
      const estimate = estimateCost(pools);
      const unpriced = estimate.pools.filter((p) => p.unpricedReason !== undefined);
      if (unpriced.length > 0) {
        reportViolation(
          `cannot confirm the budget: ${unpriced.length} GPU pool(s) have no catalog price and are not in the $${Math.round(
            estimate.monthlyMaxUsd,
          ).toLocaleString(
            "en-US",
          )} estimate (${unpriced.map((p) => `${p.pool}: ${p.unpricedReason}`).join("; ")})`,
        );
      }
    }
  },
};
