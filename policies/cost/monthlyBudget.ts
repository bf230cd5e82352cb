import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import { estimateCost } from "../../review/analysis/cost";
import type { GpuPoolInfo } from "../../review/analysis/pools";
import { configSchema, poolFacts, settingsOf } from "../lib";

const DEFAULTS: { monthlyUsd?: number } = {};

/**
 * GPU pools as the cost estimate reads them. The region of an EKS node group is its provider's; a
 * GKE node pool's is its location. (Not review/analysis/pools.ts: that pulls in the cloud SDKs, which
 * the policy pack does not need to load.)
 */
export function poolsOf(resources: readonly PolicyResource[]): GpuPoolInfo[] {
  const pools: GpuPoolInfo[] = [];
  for (const r of resources) {
    const f = poolFacts(r.type, r.props);
    if (f === undefined) {
      continue;
    }
    const region = f.cloud === "aws" ? r.provider?.props.region : r.props.location;
    pools.push({
      urn: r.urn,
      cloud: f.cloud,
      region: typeof region === "string" ? region : "unknown",
      // Not read from props: an unknown cluster name during preview must not stop the estimate.
      cluster: "unknown",
      pool: r.name,
      gpu: f.gpu,
      gpusPerNode: f.gpusPerNode,
      minNodes: f.minNodes,
      maxNodes: f.maxNodes,
      capacity: f.spot ? "spot" : "on-demand",
      instanceTypes: f.instanceTypes,
      zones: f.zones,
    });
  }
  return pools;
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
