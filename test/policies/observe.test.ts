/**
 * Observe guardrails, each from a compliant fixture with one field changed: monitoring on prod GPU
 * pools, budget alerts with a declared budget, the monthly energy and carbon budget.
 */
import { describe, expect, it } from "vitest";
import { budgetRequireAlerts } from "../../policies/observe/budgetRequireAlerts";
import type { PolicyResource } from "@pulumi/policy";
import { PLUGIN_PACKAGE, isComponentType } from "../../model/contracts";
import { clusterOf, poolRequireMonitoring } from "../../policies/observe/poolRequireMonitoring";
import pkg from "../../package.json";
import { stackLimitEnergy } from "../../policies/observe/stackLimitEnergy";
import type { EvaluatedResource } from "../../review/policy/evaluate";
import { awsProvider, costTags, eksPool, gkePool, messages, res } from "./fixtures";

const cluster = res("hybrid-ai:compute:GpuCluster", "aws-use1", {});
const poolComponent = res(
  "hybrid-ai:compute:GpuNodePool",
  "aws-use1-infer-l4",
  {},
  { parent: cluster.urn },
);
/** The fixture EKS pool, under its GpuNodePool under its GpuCluster, as the stack builds it. */
const pool = (over: Record<string, unknown> = {}): EvaluatedResource => ({
  ...eksPool(over),
  parent: poolComponent.urn,
});

const rules = (target: string, alerts: string[]): EvaluatedResource =>
  res("kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${target}-monitoring-rules`, {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: `${target}-monitoring-rules`,
      namespace: "monitoring",
      labels: { ...costTags, "hybrid-ai/monitors": target },
    },
    spec: {
      groups: [{ name: "g", rules: alerts.map((alert) => ({ alert, expr: "vector(1)" })) }],
    },
  });

const graph = (...extra: EvaluatedResource[]) => [
  awsProvider,
  cluster,
  poolComponent,
  pool(),
  ...extra,
];

describe("observe-pool-require-monitoring", () => {
  it("passes a prod pool whose cluster has XID and idle-GPU rules", async () => {
    expect(
      await messages(poolRequireMonitoring, graph(rules("aws-use1", ["GpuXidError", "GpuIdle"]))),
    ).toEqual([]);
  });
  it("flags a prod pool whose cluster no rule monitors", async () => {
    expect(
      await messages(poolRequireMonitoring, graph(rules("gcp-euw4", ["GpuXidError", "GpuIdle"]))),
    ).toEqual([
      "GPU pool aws-use1-infer-l4 (prod) runs on aws-use1, which no PrometheusRule monitors (no hybrid-ai/monitors: aws-use1)",
    ]);
  });
  it("flags rules without the idle-GPU alert", async () => {
    expect(
      await messages(poolRequireMonitoring, graph(rules("aws-use1", ["GpuXidError"]))),
    ).toEqual([
      "GPU pool aws-use1-infer-l4 (prod): the rules monitoring aws-use1 raise no GpuIdle alert",
    ]);
  });
  it("leaves dev pools alone by default", async () => {
    const devPool = { ...pool({ tags: { ...costTags, environment: "dev" } }) };
    expect(
      await messages(poolRequireMonitoring, [awsProvider, cluster, poolComponent, devPool]),
    ).toEqual([]);
  });
});

const awsBudget = (notifications: unknown[]) =>
  res("aws:budgets/budget:Budget", "budget-aws", {
    budgetType: "COST",
    limitAmount: "200000",
    limitUnit: "USD",
    timeUnit: "MONTHLY",
    notifications,
    tags: costTags,
  });
const notice = {
  comparisonOperator: "GREATER_THAN",
  threshold: 80,
  thresholdType: "PERCENTAGE",
  notificationType: "ACTUAL",
  subscriberEmailAddresses: ["finops@example.com"],
};
const gcpBudget = res("gcp:billing/budget:Budget", "budget-gcp", {
  billingAccount: "012345-6789AB-CDEF01",
  thresholdRules: [{ thresholdPercent: 0.8 }],
});

describe("observe-budget-require-alerts", () => {
  it("passes when each cloud with GPU pools has an alerting budget", async () => {
    expect(
      await messages(
        budgetRequireAlerts,
        [awsProvider, eksPool(), gkePool(), awsBudget([notice]), gcpBudget],
        {
          monthlyUsd: 200_000,
        },
      ),
    ).toEqual([]);
  });
  it("flags an AWS budget that tells nobody, and a missing GCP budget", async () => {
    const silent = awsBudget([{ ...notice, subscriberEmailAddresses: [] }]);
    expect(
      await messages(budgetRequireAlerts, [awsProvider, eksPool(), gkePool(), silent], {
        monthlyUsd: 200_000,
      }),
    ).toEqual([
      "the stack declares a budget of $200,000 a month but no AWS Budget alerts on its AWS spend",
      "the stack declares a budget of $200,000 a month but no GCP billing budget alerts on its GCP spend",
    ]);
  });
  it("is not applicable without a budget", async () => {
    expect(await messages(budgetRequireAlerts, [awsProvider, eksPool()])).toEqual([]);
  });
});

describe("observe-stack-limit-energy", () => {
  it("passes within the energy and carbon budgets", async () => {
    // g6.xlarge in us-east-1 at 10 nodes: 426.1 kWh, 161.5 kg CO2e a month
    expect(
      await messages(stackLimitEnergy, [awsProvider, eksPool()], {
        monthlyKwh: 500,
        monthlyKgCo2e: 200,
      }),
    ).toEqual([]);
  });
  it("flags each budget the pools exceed at maximum size", async () => {
    expect(
      await messages(stackLimitEnergy, [awsProvider, eksPool()], {
        monthlyKwh: 400,
        monthlyKgCo2e: 150,
      }),
    ).toEqual([
      "the GPU pools may use 426 kWh a month at maximum size; the energy budget is 400 kWh",
      "the GPU pools may emit 162 kg CO2e a month at maximum size; the carbon budget is 150 kg",
    ]);
  });
  it("is not applicable until a budget is set", async () => {
    expect(await messages(stackLimitEnergy, [awsProvider, eksPool()])).toEqual([]);
  });
});

describe("components used from other languages (the plugin's tokens)", () => {
  it("finds a pool's cluster by the token Pulumi's provider host gives GpuCluster in Python or Go", () => {
    const clusterResource = { type: "hybrid-ai-infra:index:GpuCluster", name: "aws-use1" };
    const poolResource = {
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "aws-use1-infer-l4",
      parent: { type: "hybrid-ai-infra:index:GpuNodePool", name: "p", parent: clusterResource },
    };
    expect(clusterOf(poolResource as unknown as PolicyResource)).toBe("aws-use1");
  });

  it("reads both tokens of every component, and the package name is package.json's", () => {
    expect(PLUGIN_PACKAGE).toBe(pkg.name);
    expect(isComponentType("hybrid-ai:compute:GpuNodePool", "gpuNodePool")).toBe(true);
    expect(isComponentType("hybrid-ai-infra:index:GpuNodePool", "gpuNodePool")).toBe(true);
    expect(isComponentType("hybrid-ai-infra:index:GpuCluster", "gpuNodePool")).toBe(false);
    expect(isComponentType("other:index:GpuNodePool", "gpuNodePool")).toBe(false);
  });
});
