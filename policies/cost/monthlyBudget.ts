import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import { estimateCost } from "../../model/estimate/cost";
import { extractGpuPools, type GpuPoolInfo, type ResourceLike } from "../../model/readers/pools";
import { UNKNOWN, configSchema, settingsOf } from "../lib";

const DEFAULTS: { monthlyUsd?: number } = {};

/**
 * GPU pools as the cost estimate reads them, through the one pool reader. Stack validation hands each
 * resource its provider, whose region is an EKS node group's.
 */
export function poolsOf(resources: readonly PolicyResource[]): GpuPoolInfo[] {
  const graph: ResourceLike[] = [];
  for (const r of resources) {
    // A provider reference is `<urn>::<id>`; stack validation hands the provider without its id.
    const provider = r.provider === undefined ? undefined : `${r.provider.urn}::${UNKNOWN}`;
    graph.push({ urn: r.urn, type: r.type, name: r.name, inputs: r.props, provider });
    if (r.provider !== undefined) {
      graph.push({
        urn: r.provider.urn,
        type: r.provider.type,
        name: r.provider.name,
        inputs: r.provider.props,
      });
    }
  }
  return extractGpuPools(graph);
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
  remediation:
    "Lower pools' `maxNodes` or use cheaper GPUs/spot, or raise `hybrid-ai:budget.monthlyUsd` with finance's approval.",
  configSchema: configSchema({ monthlyUsd: { type: "number", exclusiveMinimum: 0 } }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    if (s.monthlyUsd === undefined) {
      args.notApplicable("the stack declares no hybrid-ai:budget");
      return;
    }
    const estimate = estimateCost(poolsOf(args.resources));
    if (estimate.monthlyMaxUsd > s.monthlyUsd) {
      const unpriced =
        estimate.unpriced.length > 0
          ? ` (${estimate.unpriced.length} unpriced pool${estimate.unpriced.length === 1 ? "" : "s"} not counted)`
          : "";
      reportViolation(
        `the GPU pools may cost ${money(estimate.monthlyMaxUsd)} a month at maximum size${unpriced}; the budget is ${money(s.monthlyUsd)}`,
      );
    }
  },
};
