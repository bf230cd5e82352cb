/**
 * GPU monitoring objects rendered for clusters and edge sites: every object passes its schema offline
 * (Kubernetes objects: kubernetes-models; custom resources: the prometheus-operator CRDs, unknown fields
 * rejected), the alerts the issue asks for are there with the right labels, and the validators' messages.
 */
import { DaemonSet } from "kubernetes-models/apps/v1";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { renderAlertmanagerConfig, renderWebhookSecret } from "../components/observe/alerting";
import { validateCloudBudgetArgs, awsTagFilter } from "../components/observe/cloudBudget";
import { renderDashboard, renderDashboardConfigMap } from "../components/observe/dashboard";
import {
  dcgmCountersCsv,
  renderCountersConfigMap,
  renderExporterDaemonSet,
  renderExporterService,
  renderExporterServiceMonitor,
  renderModelPodMonitors,
} from "../components/observe/exporters";
import { validateGpuMonitoringArgs } from "../components/observe/gpuMonitoring";
import { renderPrometheusRule, renderRuleGroups, withNode } from "../components/observe/rules";
import {
  GPU_MONITORING_DEFAULTS,
  type GpuExporter,
  type MonitoringTarget,
} from "../components/observe/types";
import { crdProblems } from "./support/crdSchema";

const costAllocation = {
  owner: "ml-platform",
  costCenter: "cc-4711",
  environment: "prod" as const,
  stack: "prod",
};

const cluster = (exporter: GpuExporter = "dcgm-exporter"): MonitoringTarget => ({
  name: "aws-use1-monitoring",
  target: "aws-use1",
  kind: "cluster",
  fleet: "prod",
  exporter,
  namespace: "monitoring",
  prometheusSelectorLabels: GPU_MONITORING_DEFAULTS.prometheusSelectorLabels,
  pools: [
    { name: "aws-use1-infer-l4", gpu: "l4" },
    { name: "aws-use1-train-h100", gpu: "h100" },
  ],
  models: [],
  idleGpuMinutes: 30,
  queueDepthTarget: 10,
  timeToFirstTokenSeconds: 2,
  temperatureCelsius: 85,
  costAllocation,
});

const site = (exporter: GpuExporter): MonitoringTarget => ({
  ...cluster(exporter),
  name: "plant-detroit-02-monitoring",
  target: "plant-detroit-02",
  kind: "edge-site",
  pools: [],
  modelNamespace: "plant-detroit-02",
  models: [
    { name: "defect-detector", server: "triton", queueDepthTarget: 8 },
    { name: "support-chat", server: "vllm" },
  ],
  runtimeClassName: "nvidia",
});

/** Every object a target renders, as the component creates them. */
function objects(t: MonitoringTarget) {
  const out: Array<{ apiVersion: string; kind: string; metadata: { name: string } }> = [];
  if (t.exporter === "dcgm-exporter" || t.exporter === "gpu-operator") {
    out.push(renderCountersConfigMap(t));
  }
  if (t.exporter === "dcgm-exporter" || t.exporter === "jetson") {
    out.push(renderExporterDaemonSet(t), renderExporterService(t));
  }
  if (t.exporter !== "none") {
    out.push(renderExporterServiceMonitor(t));
  }
  out.push(...renderModelPodMonitors(t), renderPrometheusRule(t));
  out.push(renderWebhookSecret(t, "https://hooks.example.com/T0/B0/x"));
  out.push(renderAlertmanagerConfig(t, { kind: "webhook" }));
  out.push(renderAlertmanagerConfig(t, { kind: "email", to: ["sre@example.com"] }));
  out.push(renderDashboardConfigMap(t));
  return out;
}

const K8S_MODELS: Record<string, (o: object) => { validate(): void }> = {
  "apps/v1/DaemonSet": (o) => new DaemonSet(o as never),
  "v1/Service": (o) => new Service(o as never),
  "v1/ConfigMap": (o) => new ConfigMap(o as never),
  "v1/Secret": (o) => new Secret(o as never),
};

describe("schemas", () => {
  const targets: Array<[string, MonitoringTarget]> = [
    ["cluster, standalone DCGM exporter", cluster("dcgm-exporter")],
    ["cluster, GPU operator", cluster("gpu-operator")],
    ["edge site, DCGM exporter", site("dcgm-exporter")],
    ["edge site, Jetson", site("jetson")],
    ["edge site, CPU only", site("none")],
  ];
  it.each(targets)("%s: every object passes the Kubernetes or CRD schema", (_, t) => {
    const all = objects(t);
    expect(all.length).toBeGreaterThan(4);
    for (const o of all) {
      const key = `${o.apiVersion}/${o.kind}`;
      if (o.apiVersion.startsWith("monitoring.coreos.com/")) {
        expect(crdProblems(o), `${key} ${o.metadata.name}`).toEqual([]);
      } else {
        const model = K8S_MODELS[key];
        expect(model, key).toBeDefined();
        expect(() => model(o).validate(), `${key} ${o.metadata.name}`).not.toThrow();
      }
    }
  });

  it("the CRD check rejects an unknown field and a wrong type (it can fail)", () => {
    const rule = renderPrometheusRule(cluster());
    expect(crdProblems({ ...rule, spec: { ...rule.spec, groupz: [] } })).toEqual([
      "/spec must NOT have additional properties: groupz",
    ]);
    const monitor = renderExporterServiceMonitor(cluster());
    expect(
      crdProblems({
        ...monitor,
        spec: { ...monitor.spec, endpoints: [{ port: 9400 }] },
      }),
    ).toEqual(["/spec/endpoints/0/port must be string"]);
  });
});

describe("rules", () => {
  const byAlert = (t: MonitoringTarget) =>
    new Map(
      renderRuleGroups(t).flatMap((g) =>
        g.rules.map((r) => [`${r.alert}/${r.labels.pool ?? r.labels.model ?? ""}`, r]),
      ),
    );

  it("a cluster gets XID, ECC, temperature, GPU missing, idle GPU per pool, queue, TTFT and node alerts", () => {
    const alerts = [...byAlert(cluster()).keys()].sort();
    expect(alerts).toEqual([
      "GpuEccError/",
      "GpuIdle/aws-use1-infer-l4",
      "GpuIdle/aws-use1-train-h100",
      "GpuMissing/",
      "GpuTemperatureHigh/",
      "GpuXidError/",
      "InferenceQueueDeep/any",
      "NodeNotReady/",
      "TimeToFirstTokenSlow/",
    ]);
  });

  it("idle-GPU alerts carry the pool and cost centre and wait idleGpuMinutes", () => {
    const idle = byAlert({ ...cluster(), idleGpuMinutes: 45 }).get("GpuIdle/aws-use1-infer-l4")!;
    expect(idle.for).toBe("45m");
    expect(idle.labels).toEqual({
      hybrid_ai_target: "aws-use1",
      namespace: "monitoring",
      severity: "warning",
      pool: "aws-use1-infer-l4",
      cost_center: "cc-4711",
    });
    expect(idle.expr).toBe(
      `${withNode("DCGM_FI_DEV_GPU_UTIL")} < 5 and on (node) kube_node_labels{label_hybrid_ai_pool="aws-use1-infer-l4"}`,
    );
  });

  it("XID alerts read the DCGM field under either host label name", () => {
    const xid = byAlert(cluster()).get("GpuXidError/")!;
    expect(xid.expr).toBe(
      'max by (node, gpu, UUID, modelName) (label_replace(label_replace(DCGM_FI_DEV_XID_ERRORS, "node", "$1", "Hostname", "(.+)"), "node", "$1", "hostname", "(.+)")) > 0',
    );
    expect(xid.labels.severity).toBe("critical");
  });

  it("an edge site's queue alerts use each model's server metric and target", () => {
    const alerts = byAlert(site("dcgm-exporter"));
    expect(alerts.get("InferenceQueueDeep/defect-detector")!.expr).toBe(
      'sum by (namespace, pod) (nv_inference_pending_request_count{namespace="plant-detroit-02",pod=~"defect-detector-.*"}) > 8',
    );
    expect(alerts.get("InferenceQueueDeep/support-chat")!.expr).toBe(
      'sum by (namespace, pod) (vllm:num_requests_waiting{namespace="plant-detroit-02",pod=~"support-chat-.*"}) > 10',
    );
    expect(alerts.get("GpuIdle/plant-detroit-02")).toBeDefined();
  });

  it("Jetson sites alert on the Tegra load, CPU sites have no GPU alerts", () => {
    const jetson = byAlert(site("jetson"));
    expect(jetson.get("GpuIdle/plant-detroit-02")!.expr).toBe("gpu_average_load15s * 100 < 5");
    expect(jetson.get("GpuXidError/")).toBeUndefined();
    const cpu = [...byAlert(site("none")).keys()].filter((k) => k.startsWith("Gpu"));
    expect(cpu).toEqual([]);
  });

  it("rules carry the Prometheus selector labels; the GPU operator's exporter is scraped where it runs", () => {
    expect(renderPrometheusRule(cluster()).metadata.labels.release).toBe("kube-prometheus-stack");
    const monitor = renderExporterServiceMonitor(cluster("gpu-operator"));
    expect(monitor.spec.selector.matchLabels).toEqual({ app: "nvidia-dcgm-exporter" });
    expect(monitor.spec.namespaceSelector.matchNames).toEqual(["gpu-operator"]);
    expect(monitor.spec.endpoints[0].port).toBe("gpu-metrics");
  });
});

describe("exporter, routing, dashboard", () => {
  it("the DCGM exporter reads our counters, with the ECC fields on", () => {
    const ds = renderExporterDaemonSet(cluster());
    expect(ds.spec.template.spec.containers[0].image).toBe(
      "nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless",
    );
    expect(dcgmCountersCsv()).toContain("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL, counter,");
    expect(dcgmCountersCsv()).toContain("DCGM_FI_DEV_XID_ERRORS, gauge,");
    expect(ds.spec.template.spec.tolerations).toEqual([
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    ]);
  });

  it("a webhook URL goes in a Secret the AlertmanagerConfig names, never in the config itself", () => {
    const t = cluster();
    const config = renderAlertmanagerConfig(t, { kind: "webhook" });
    expect(JSON.stringify(config)).not.toContain("hooks.example.com");
    expect(config.spec.receivers[0]).toEqual({
      name: "hybrid-ai",
      webhookConfigs: [
        {
          urlSecret: { name: "aws-use1-monitoring-alert-webhook", key: "url" },
          sendResolved: true,
        },
      ],
    });
    expect(config.spec.route.matchers).toEqual([
      { name: "hybrid_ai_target", value: "aws-use1", matchType: "=" },
    ]);
  });

  it("the dashboard ConfigMap has the Grafana sidecar label and a panel per GPU signal", () => {
    const cm = renderDashboardConfigMap(cluster());
    expect(cm.metadata.labels.grafana_dashboard).toBe("1");
    const dashboard = renderDashboard(cluster());
    expect(JSON.parse(cm.data["aws-use1-monitoring.json"])).toEqual(dashboard);
    expect(dashboard.title).toBe("GPU fleet prod: aws-use1");
    expect(dashboard.panels.map((p) => p.title)).toContain("GPU utilisation");
    expect(dashboard.panels.map((p) => p.title)).toContain("XID errors (last value)");
  });
});

describe("validators", () => {
  const args = {
    target: "aws-use1",
    kind: "cluster" as const,
    fleet: "prod",
    exporter: "dcgm-exporter" as const,
    costAllocation,
    pools: [{ name: "aws-use1-infer-l4", gpu: "l4" }],
  };
  it("accepts good args", () => {
    expect(validateGpuMonitoringArgs(args)).toEqual([]);
  });
  it("names every problem", () => {
    expect(
      validateGpuMonitoringArgs({
        ...args,
        exporter: "jetson",
        pools: [],
        idleGpuMinutes: 2.5,
        temperatureCelsius: 200,
        alertReceiver: { email: ["finops"] },
      }).map((p) => `${p.path.join(".")} ${p.message}`),
    ).toEqual([
      "exporter jetson applies to edge sites only; clusters use dcgm-exporter or gpu-operator",
      "pools must list the cluster's GPU pools (the idle-GPU alerts name them)",
      "idleGpuMinutes must be a whole number > 0 (got 2.5)",
      "temperatureCelsius must be between 50 and 110 (got 200)",
      'alertReceiver.email.0 must be an e-mail address (got "finops")',
    ]);
  });
  it("budget args: GCP needs a billing account; AWS takes at most 10 recipients", () => {
    const base = { monthlyUsd: 100, costAllocation, alertEmails: ["finops@example.com"] };
    expect(validateCloudBudgetArgs({ ...base, cloud: "aws" })).toEqual([]);
    expect(
      validateCloudBudgetArgs({ ...base, cloud: "gcp", billingAccount: "nope", project: "p" }).map(
        (p) => `${p.path.join(".")} ${p.message}`,
      ),
    ).toEqual([
      'billingAccount must be a GCP billing account id like 012345-6789AB-CDEF01 (got "nope")',
    ]);
    const many = Array.from({ length: 11 }, (_, i) => `a${i}@example.com`);
    expect(
      validateCloudBudgetArgs({
        ...base,
        cloud: "aws",
        alertEmails: many,
        thresholdsPercent: [50, 50],
      }).map((p) => `${p.path.join(".")} ${p.message}`),
    ).toEqual([
      "alertEmails must list 1-10 addresses (an AWS budget notification takes at most 10; got 11)",
      "thresholdsPercent must not repeat a threshold (got [50,50])",
    ]);
    expect(awsTagFilter("stack", "prod")).toBe("user:stack$prod");
  });
});
