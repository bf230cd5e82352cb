/**
 * GpuMonitoring and CloudBudget under Pulumi's mock runtime: every registered resource's type, name,
 * parent and provider, the webhook URL kept secret, and the budgets' filters, thresholds and recipients.
 */
import * as k8s from "@pulumi/kubernetes";
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { CloudBudget } from "../components/observe/cloudBudget";
import { GpuMonitoring } from "../components/observe/gpuMonitoring";
import { ValidationError } from "../model/validation";
import type { Capture, CapturedResource } from "../model/graph";
import { captureProgram } from "./support/capture";

const costAllocation = {
  owner: "ml-platform",
  costCenter: "cc-4711",
  environment: "prod" as const,
  stack: "prod",
};
const WEBHOOK = "https://hooks.example.com/services/T000/B000/s3cr3t-token";

const run = (program: () => void): Promise<Capture> =>
  captureProgram({
    project: "hybrid-ai",
    stack: "prod",
    config: {},
    program: async () => {
      program();
    },
  });

const named = (c: Capture, name: string): CapturedResource => {
  const found = c.resources.filter((r) => r.name === name);
  expect(found, name).toHaveLength(1);
  return found[0];
};
const providerUrn = (r: CapturedResource) => r.provider?.slice(0, r.provider.lastIndexOf("::"));

describe("GpuMonitoring", () => {
  it("creates exporter, scrape config, rules, alert routing and dashboard on the target's provider", async () => {
    const c = await run(() => {
      const provider = new k8s.Provider("aws-use1-k8s", { kubeconfig: "{}" });
      new GpuMonitoring(
        "aws-use1-monitoring",
        {
          target: "aws-use1",
          kind: "cluster",
          fleet: "prod",
          exporter: "dcgm-exporter",
          costAllocation,
          pools: [{ name: "aws-use1-infer-l4", gpu: "l4" }],
          alertReceiver: { webhookUrl: WEBHOOK },
        },
        { provider },
      );
    });
    const component = named(c, "aws-use1-monitoring");
    expect(component.type).toBe("hybrid-ai:observe:GpuMonitoring");
    const children = c.resources
      .filter((r) => r.parent === component.urn)
      .map((r) => `${r.type} ${r.name}`)
      .sort();
    expect(children).toEqual([
      "kubernetes:apps/v1:DaemonSet aws-use1-monitoring-exporter",
      "kubernetes:core/v1:ConfigMap aws-use1-monitoring-dashboard",
      "kubernetes:core/v1:ConfigMap aws-use1-monitoring-dcgm-counters",
      "kubernetes:core/v1:Secret aws-use1-monitoring-alert-webhook",
      "kubernetes:core/v1:Service aws-use1-monitoring-exporter-service",
      "kubernetes:monitoring.coreos.com/v1:PrometheusRule aws-use1-monitoring-rules",
      "kubernetes:monitoring.coreos.com/v1:ServiceMonitor aws-use1-monitoring-exporter-monitor",
      "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig aws-use1-monitoring-alerts",
    ]);
    const provider = named(c, "aws-use1-k8s");
    for (const r of c.resources.filter((x) => x.parent === component.urn)) {
      expect(providerUrn(r), r.name).toBe(provider.urn);
    }
    expect(component.outputs).toMatchObject({
      target: "aws-use1",
      namespace: "monitoring",
      exporter: "dcgm-exporter",
      dashboard: "aws-use1-monitoring-dashboard",
    });
    expect(component.outputs?.alerts).toEqual(
      expect.arrayContaining(["GpuXidError", "GpuIdle", "GpuEccError", "NodeNotReady"]),
    );
  });

  it("keeps the webhook URL secret: a secret path of its Secret, in no input or output", async () => {
    const c = await run(() => {
      new GpuMonitoring("site-monitoring", {
        target: "store-berlin-01",
        kind: "edge-site",
        fleet: "edge-retail",
        exporter: "dcgm-exporter",
        costAllocation,
        models: [{ name: "support-chat", server: "vllm" }],
        alertReceiver: { webhookUrl: WEBHOOK },
      });
    });
    const secret = named(c, "site-monitoring-alert-webhook");
    expect(secret.secretPaths).toContain("stringData");
    expect(JSON.stringify(c.resources)).not.toContain("s3cr3t-token");
    expect(named(c, "site-monitoring-vllm").type).toBe(
      "kubernetes:monitoring.coreos.com/v1:PodMonitor",
    );
  });

  it("routes to e-mail without a Secret; a Jetson site gets the Jetson exporter", async () => {
    const c = await run(() => {
      new GpuMonitoring("plant-monitoring", {
        target: "plant-detroit-02",
        kind: "edge-site",
        fleet: "edge-retail",
        exporter: "jetson",
        costAllocation,
        alertReceiver: { email: ["sre@example.com"] },
      });
    });
    expect(c.resources.some((r) => r.type === "kubernetes:core/v1:Secret")).toBe(false);
    const config = named(c, "plant-monitoring-alerts");
    expect((config.inputs.spec as { receivers: unknown[] }).receivers).toEqual([
      { name: "hybrid-ai", emailConfigs: [{ to: "sre@example.com", sendResolved: true }] },
    ]);
    const ds = named(c, "plant-monitoring-exporter");
    expect(JSON.stringify(ds.inputs)).toContain("waggle/jetson-exporter:0.0.1");
  });

  it("refuses bad args before registering anything", async () => {
    let error: unknown;
    const c = await run(() => {
      try {
        new GpuMonitoring("bad", {
          target: "aws-use1",
          kind: "cluster",
          fleet: "prod",
          exporter: "dcgm-exporter",
          costAllocation,
        });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      "GpuMonitoring bad has 1 problem:\n  - pools must list the cluster's GPU pools (the idle-GPU alerts name them)",
    );
    expect(c.resources.filter((r) => r.name.startsWith("bad"))).toEqual([]);
  });
});

describe("CloudBudget", () => {
  it("AWS: a cost budget filtered by the stack tag, actual thresholds and forecast at 100", async () => {
    const c = await run(() => {
      const provider = new aws.Provider("aws", { region: "us-east-1" });
      new CloudBudget(
        "prod-budget-aws",
        {
          cloud: "aws",
          monthlyUsd: 200000,
          costAllocation,
          alertEmails: ["finops@example.com"],
          thresholdsPercent: [80, 50, 100],
        },
        { provider },
      );
    });
    const budget = c.resources.find((r) => r.type === "aws:budgets/budget:Budget")!;
    expect(budget.name).toBe("prod-budget-aws");
    expect(providerUrn(budget)).toBe(named(c, "aws").urn);
    expect(budget.inputs).toMatchObject({
      budgetType: "COST",
      limitAmount: "200000",
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilters: [{ name: "TagKeyValue", values: ["user:stack$prod"] }],
    });
    const notes = budget.inputs.notifications as Array<Record<string, unknown>>;
    expect(notes.map((n) => `${n.notificationType} ${n.threshold}`)).toEqual([
      "ACTUAL 50",
      "ACTUAL 80",
      "ACTUAL 100",
      "FORECASTED 100",
    ]);
    expect(notes[0].subscriberEmailAddresses).toEqual(["finops@example.com"]);
  });

  it("GCP: a billing budget filtered by the stack label, notifying e-mail channels", async () => {
    const c = await run(() => {
      new CloudBudget("prod-budget-gcp", {
        cloud: "gcp",
        monthlyUsd: 200000,
        costAllocation,
        alertEmails: ["finops@example.com", "ml-leads@example.com"],
        billingAccount: "012345-6789AB-CDEF01",
        project: "acme-ml",
      });
    });
    const budget = c.resources.find((r) => r.type === "gcp:billing/budget:Budget")!;
    expect(budget.inputs).toMatchObject({
      billingAccount: "012345-6789AB-CDEF01",
      budgetFilter: { labels: { stack: "prod" } },
      amount: { specifiedAmount: { currencyCode: "USD", units: "200000" } },
      thresholdRules: [
        { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 0.8, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
      ],
    });
    const channels = c.resources.filter(
      (r) => r.type === "gcp:monitoring/notificationChannel:NotificationChannel",
    );
    expect(channels.map((r) => (r.inputs.labels as Record<string, string>).email_address)).toEqual([
      "finops@example.com",
      "ml-leads@example.com",
    ]);
    expect(budget.dependencies).toEqual(expect.arrayContaining(channels.map((ch) => ch.urn)));
  });
});
