/**
 * The example stacks reviewed as a user runs them: prod's energy and carbon per pool and in total with
 * sources, dev's schedule saving in dollars, kWh and CO2e, monitoring on every cluster and edge site
 * (exporter, XID and idle-GPU rules, dashboard), and prod's AWS and GCP budgets.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderTerminal } from "../review/report/terminal";
import type { ReviewResult } from "../review/result/model";
import { findProject } from "../review/run/project";
import { reviewStack } from "../review/run/stack";

const project = findProject(path.resolve(__dirname, ".."));
const review = (stack: string) => reviewStack({ stack, project, today: "2026-11-30" });

/** Resources of a type whose parent is the named component. */
const childrenOf = (r: ReviewResult, component: string, type: string) => {
  const parent = r.resources.find((x) => x.name === component)?.urn;
  return r.resources.filter((x) => x.parent === parent && x.type === type);
};
const alertsOf = (r: ReviewResult, target: string): string[] =>
  childrenOf(
    r,
    `${target}-monitoring`,
    "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
  ).flatMap((rule) =>
    (rule.inputs.spec as { groups: Array<{ rules: Array<{ alert: string }> }> }).groups.flatMap(
      (g) => g.rules.map((x) => x.alert),
    ),
  );

describe("prod", () => {
  let prod: ReviewResult;
  beforeAll(async () => {
    prod = await review("prod");
  });

  it("shows kWh and kg CO2e per pool and in total, each row with its PUE and grid sources", () => {
    expect(prod.energy.rows.map((r) => r.name)).toEqual(prod.gpuPools.map((p) => p.pool));
    for (const row of prod.energy.rows) {
      expect(row.kwh, row.name).toBeDefined();
      expect(row.kgCo2e, row.name).toBeDefined();
      expect(typeof row.pueSource === "object" && row.pueSource.url).toMatch(/^https:\/\//);
      expect(typeof row.gridSource === "object" && row.gridSource.url).toMatch(/^https:\/\//);
    }
    const l4 = prod.energy.rows.find((r) => r.name === "aws-use1-infer-l4")!;
    expect(l4).toMatchObject({ kwh: { min: 85.2, max: 426.1 }, kgCo2e: { min: 32.3, max: 161.5 } });
    expect(prod.energy.kwh.max).toBeGreaterThan(10_000);
    const text = renderTerminal(prod);
    expect(text).toContain("Energy and carbon a month");
    expect(text).toMatch(/Total: [\d,.]+-[\d,.]+ kWh and [\d,.]+-[\d,.]+ kg CO2e a month/);
    expect(text).toContain("region-carbon-info");
  });

  it("monitors every cluster: exporter, XID and idle-GPU rules per pool, dashboard", () => {
    for (const cluster of ["aws-use1", "aws-usw2", "gcp-euw4"]) {
      expect(
        childrenOf(prod, `${cluster}-monitoring`, "kubernetes:apps/v1:DaemonSet"),
      ).toHaveLength(1);
      expect(alertsOf(prod, cluster)).toEqual(expect.arrayContaining(["GpuXidError", "GpuIdle"]));
      const dashboards = childrenOf(prod, `${cluster}-monitoring`, "kubernetes:core/v1:ConfigMap")
        .map((c) => c.inputs.metadata as { labels: Record<string, string> })
        .filter((m) => m.labels.grafana_dashboard === "1");
      expect(dashboards, cluster).toHaveLength(1);
    }
    // The DR region's standby pools in us-west-2 get their own idle alerts.
    expect(alertsOf(prod, "aws-usw2").filter((a) => a === "GpuIdle")).toHaveLength(3);
  });

  it("creates an AWS budget and a GCP budget with the alert e-mails", () => {
    const aws = prod.resources.find((r) => r.type === "aws:budgets/budget:Budget")!;
    expect(aws.inputs.costFilters).toEqual([{ name: "TagKeyValue", values: ["user:stack$prod"] }]);
    expect(
      (aws.inputs.notifications as Array<{ subscriberEmailAddresses: string[] }>)[0]
        .subscriberEmailAddresses,
    ).toEqual(["finops@example.com"]);
    const gcp = prod.resources.find((r) => r.type === "gcp:billing/budget:Budget")!;
    expect(gcp.inputs.billingAccount).toBe("01A2B3-C4D5E6-F7A8B9");
    expect(prod.policy?.verdict).toBe("pass");
  });
});

describe("dev", () => {
  it("shows what its schedule saves in dollars, kWh and kg CO2e", async () => {
    const dev = await review("dev");
    const schedule = dev.savings.find((s) => s.lever === "schedule office-hours")!;
    expect(schedule.pools).toEqual(["aws-use1-dev-l4", "gcp-usc1-dev-t4"]);
    expect(schedule.usd!.max).toBeGreaterThan(0);
    expect(schedule.kwh.max).toBeGreaterThan(0);
    expect(schedule.kgCo2e.max).toBeGreaterThan(0);
    expect(dev.savings.filter((s) => s.lever.startsWith("spot "))).toHaveLength(2);
    const text = renderTerminal(dev);
    expect(text).toContain("What each schedule saves a month");
    expect(text).toMatch(/office-hours +│ +\$0\.00-\$[\d,.]+ +│ +0-[\d.]+ +│ +0-[\d.]+/);
  });
});

describe("edge-retail", () => {
  it("monitors every edge site with its hardware's exporter", async () => {
    const edge = await review("edge-retail");
    const exporters = Object.fromEntries(
      ["store-berlin-01", "store-lyon-03", "plant-detroit-02", "pop-frankfurt-01"].map((site) => [
        site,
        childrenOf(edge, `${site}-monitoring`, "kubernetes:apps/v1:DaemonSet").map(
          (d) => (d.inputs.metadata as { name: string }).name,
        ),
      ]),
    );
    expect(exporters).toEqual({
      "store-berlin-01": ["store-berlin-01-monitoring-dcgm-exporter"],
      "store-lyon-03": [],
      "plant-detroit-02": ["plant-detroit-02-monitoring-jetson-exporter"],
      "pop-frankfurt-01": ["pop-frankfurt-01-monitoring-dcgm-exporter"],
    });
    expect(alertsOf(edge, "store-berlin-01")).toEqual(
      expect.arrayContaining(["GpuXidError", "GpuIdle", "InferenceQueueDeep"]),
    );
    expect(alertsOf(edge, "plant-detroit-02")).toEqual(expect.arrayContaining(["GpuIdle"]));
    const berlin = edge.energy.rows.find((r) => r.name === "store-berlin-01")!;
    expect(berlin).toMatchObject({
      pue: 1.5,
      gramsCo2ePerKwh: 275.82,
      pueSource: "hybrid-ai:sites",
    });
    expect(berlin.electricityUsd).toBeDefined();
  });
});
