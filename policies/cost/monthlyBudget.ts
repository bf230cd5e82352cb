import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import { estimateCost } from "../../review/analysis/cost";
import { extractGpuPools, type ResourceLike } from "../../review/analysis/pools";
import { configSchema, settingsOf } from "../lib";

const DEFAULTS: { monthlyUsd?: number } = {};

/** A policy resource as the cost analysis reads it. */
export function asResourceLike(r: PolicyResource): ResourceLike {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent?.urn,
    provider: r.provider === undefined ? undefined : `${r.provider.urn}::provider`,
    inputs: r.props,
  };
}

const money = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;

/**
 * The stack's monthly GPU estimate at maximum size stays within its budget (`hybrid-ai:budget`,
 * passed as this policy's `monthlyUsd`). Pools without a catalog price are left out and named.
 *
 * Severity high, mandatory: the budget is what finance approved; a change that can exceed it needs
 * a new approval, not a surprise invoice. Not applicable when the stack declares no budget.
 */
export const stackLimitMonthlyBudget: GuardrailPolicy = {
  name: "cost-stack-limit-monthly-budget",
  description: "The stack's monthly GPU estimate at maximum size stays within its budget.",
  area: "cost",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Lower pools' `maxNodes` or use cheaper GPUs/spot, or raise `hybrid-ai:budget.monthlyUsd` with finance's approval.",
  configSchema: configSchema({ monthlyUsd: { type: "number", exclusiveMinimum: 0 } }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    if (s.monthlyUsd === undefined) {
      args.notApplicable("the stack declares no hybrid-ai:budget");
      return;
    }
    const estimate = estimateCost(extractGpuPools(args.resources.map(asResourceLike)));
    if (estimate.monthlyMaxUsd > s.monthlyUsd) {
      const unpriced = estimate.unpriced.length > 0 ? ` (${estimate.unpriced.length} unpriced pool${estimate.unpriced.length === 1 ? "" : "s"} not counted)` : "";
      reportViolation(
        `the GPU pools may cost ${money(estimate.monthlyMaxUsd)} a month at maximum size${unpriced}; the budget is ${money(s.monthlyUsd)}`,
      );
    }
  },
};
