/**
 * The PrometheusRule of one monitored target: GPU health (XID, ECC, temperature, GPU missing), idle
 * GPUs per pool with the pool and cost centre on the alert, model-server queue depth and time to first
 * token against their targets, and nodes not ready. Pure rendering, no Pulumi.
 *
 * Metric sources: NVIDIA's DCGM exporter (`DCGM_FI_DEV_*`, `etc/default-counters.csv`), kube-state-metrics
 * (`kube_node_*`), vLLM (`vllm:*`), Triton (`nv_inference_*`), llama.cpp (`llamacpp:*`), the Waggle
 * Jetson exporter (`gpu_average_load15s`, a 0-1 load).
 *
 * The pool of a GPU comes from its node's `hybrid-ai/pool` label through kube-state-metrics'
 * `kube_node_labels`, which carries it only when allow-listed (kube-prometheus-stack value
 * `kube-state-metrics.metricLabelsAllowlist: ["nodes=[hybrid-ai/pool]"]`).
 */
import { POOL_LABEL_KEYS } from "../../model/contracts";
import { SERVERS } from "../edge/servers";
import { IDLE_GPU_PERCENT, MONITORING_LABEL_KEYS, type MonitoringTarget } from "./types";
import { k8sLabelValue, kubernetesCostLabels } from "../../model/tags";

/** One alerting rule as PrometheusRule writes it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: { readonly summary: string; readonly description: string };
}

/** A rule group. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: AlertRule[];
}

/** The name kube-state-metrics gives a node label in `kube_node_labels`: `label_` + sanitised key. */
export function kubeStateLabel(key: string): string {
  return `label_${key.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/**
 * Adds a `node` label to DCGM series from their host label. The exporter called it `Hostname` up to
 * 4.5.3-4.8.2 and renamed it `hostname` after (NVIDIA/dcgm-exporter #655); both are read.
 */
export function withNode(expr: string): string {
  return `label_replace(label_replace(${expr}, "node", "$1", "Hostname", "(.+)"), "node", "$1", "hostname", "(.+)")`;
}

/** A PromQL string literal. */
const q = (s: string) => JSON.stringify(s);

/** Nodes that declare NVIDIA GPUs (device plugin capacity). */
const GPU_NODES = `kube_node_status_capacity{resource="nvidia_com_gpu"} > 0`;

function gpuHealthRules(t: MonitoringTarget, labels: Record<string, string>): AlertRule[] {
  if (t.exporter === "none") {
    return [];
  }
  if (t.exporter === "jetson") {
    return [
      {
        alert: "GpuExporterDown",
        expr: `up{job=~".*jetson-exporter.*"} == 0`,
        for: "10m",
        labels: { ...labels, severity: "warning" },
        annotations: {
          summary: `Jetson GPU exporter of ${t.target} is down`,
          description: `{{ $labels.instance }} has not answered for 10 minutes: GPU load of ${t.target} is not seen.`,
        },
      },
    ];
  }
  return [
    {
      alert: "GpuXidError",
      expr: `max by (node, gpu, UUID, modelName) (${withNode("DCGM_FI_DEV_XID_ERRORS")}) > 0`,
      labels: { ...labels, severity: "critical" },
      annotations: {
        summary: `XID error {{ $value }} on GPU {{ $labels.gpu }} of {{ $labels.node }} (${t.target})`,
        description:
          "The driver reported XID {{ $value }}. 48 (double-bit ECC), 79 (fallen off the bus) and 94/95 (contained/uncontained ECC) mean the GPU needs draining; see NVIDIA's XID catalog.",
      },
    },
    {
      alert: "GpuEccError",
      expr:
        `max by (node, gpu, UUID) (${withNode("increase(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL[10m])")}) > 0` +
        ` or max by (node, gpu, UUID) (${withNode("increase(DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS[10m])")}) > 0` +
        ` or max by (node, gpu, UUID) (${withNode("DCGM_FI_DEV_ROW_REMAP_FAILURE")}) > 0`,
      labels: { ...labels, severity: "critical" },
      annotations: {
        summary: `Uncorrectable memory errors on GPU {{ $labels.gpu }} of {{ $labels.node }} (${t.target})`,
        description:
          "Double-bit ECC errors, uncorrectable row remaps or a failed row remap in the last 10 minutes: drain the node and reset the GPU.",
      },
    },
    {
      alert: "GpuTemperatureHigh",
      expr: `max by (node, gpu, UUID) (${withNode("DCGM_FI_DEV_GPU_TEMP")}) > ${t.temperatureCelsius}`,
      for: "10m",
      labels: { ...labels, severity: "warning" },
      annotations: {
        summary: `GPU {{ $labels.gpu }} of {{ $labels.node }} at {{ $value }} °C (${t.target})`,
        description: `Above ${t.temperatureCelsius} °C for 10 minutes: the GPU will throttle. Check cooling and fans.`,
      },
    },
    {
      alert: "GpuMissing",
      expr:
        `sum by (node) (${GPU_NODES}) > on (node) (count by (node) (${withNode("DCGM_FI_DEV_GPU_TEMP")}))` +
        ` or (sum by (node) (${GPU_NODES}) unless on (node) count by (node) (${withNode("DCGM_FI_DEV_GPU_TEMP")}))`,
      for: "10m",
      labels: { ...labels, severity: "critical" },
      annotations: {
        summary: `{{ $labels.node }} reports fewer GPUs than it declares (${t.target})`,
        description:
          "The node's device plugin declares more GPUs than DCGM sees (or DCGM sees none): a GPU fell off the bus or the exporter is down on that node.",
      },
    },
  ];
}

function idleRules(t: MonitoringTarget, labels: Record<string, string>): AlertRule[] {
  const costCenter = k8sLabelValue(t.costAllocation.costCenter);
  const idle = (pool: string, expr: string): AlertRule => ({
    alert: "GpuIdle",
    expr,
    for: `${t.idleGpuMinutes}m`,
    labels: {
      ...labels,
      severity: "warning",
      [MONITORING_LABEL_KEYS.alertPool]: pool,
      [MONITORING_LABEL_KEYS.alertCostCenter]: costCenter,
    },
    annotations: {
      summary: `Idle GPU on {{ $labels.node }} in pool ${pool} (cost centre ${costCenter})`,
      description: `Under ${IDLE_GPU_PERCENT}% utilisation for ${t.idleGpuMinutes} minutes: scale the pool down or give it work.`,
    },
  });
  if (t.exporter === "none") {
    return [];
  }
  if (t.exporter === "jetson") {
    return [idle(t.target, `gpu_average_load15s * 100 < ${IDLE_GPU_PERCENT}`)];
  }
  if (t.kind === "edge-site") {
    return [idle(t.target, `${withNode("DCGM_FI_DEV_GPU_UTIL")} < ${IDLE_GPU_PERCENT}`)];
  }
  const poolLabel = kubeStateLabel(POOL_LABEL_KEYS.pool);
  return t.pools.map((p) =>
    idle(
      p.name,
      `${withNode("DCGM_FI_DEV_GPU_UTIL")} < ${IDLE_GPU_PERCENT} and on (node) kube_node_labels{${poolLabel}=${q(p.name)}}`,
    ),
  );
}

/** Queue metrics of the model servers, with the label that names the pod. */
const QUEUE_METRICS = Object.values(SERVERS).map((s) => s.queueMetric);

function inferenceRules(t: MonitoringTarget, labels: Record<string, string>): AlertRule[] {
  const queue = (name: string, metric: string, target: number, selector: string): AlertRule => ({
    alert: "InferenceQueueDeep",
    expr: `sum by (namespace, pod) (${metric}${selector}) > ${target}`,
    for: "10m",
    labels: { ...labels, severity: "warning", model: name },
    annotations: {
      summary: `{{ $labels.pod }} has {{ $value }} requests waiting (target ${target})`,
      description: `The model server's queue (${metric}) stayed above ${target} for 10 minutes: add replicas or capacity.`,
    },
  });
  const rules: AlertRule[] =
    t.kind === "edge-site"
      ? t.models.map((m) =>
          queue(
            m.name,
            SERVERS[m.server].queueMetric,
            m.queueDepthTarget ?? t.queueDepthTarget,
            `{namespace=${q(t.modelNamespace ?? t.target)},pod=~${q(`${m.name}-.*`)}}`,
          ),
        )
      : QUEUE_METRICS.map((metric) => queue("any", metric, t.queueDepthTarget, ""));
  const servesVllm = t.kind === "cluster" || t.models.some((m) => m.server === "vllm");
  if (servesVllm) {
    const scope = t.kind === "edge-site" ? `{namespace=${q(t.modelNamespace ?? t.target)}}` : "";
    rules.push({
      alert: "TimeToFirstTokenSlow",
      expr: `histogram_quantile(0.95, sum by (le, namespace, model_name) (rate(vllm:time_to_first_token_seconds_bucket${scope}[5m]))) > ${t.timeToFirstTokenSeconds}`,
      for: "10m",
      labels: { ...labels, severity: "warning" },
      annotations: {
        summary: `p95 time to first token of {{ $labels.model_name }} is {{ $value }} s (target ${t.timeToFirstTokenSeconds} s)`,
        description:
          "vLLM's 95th percentile time to first token stayed above target for 10 minutes: the server is saturated or prompts grew.",
      },
    });
  }
  return rules;
}

function nodeRules(t: MonitoringTarget, labels: Record<string, string>): AlertRule[] {
  const notReady = `kube_node_status_condition{condition="Ready",status="true"} == 0`;
  return [
    {
      alert: "NodeNotReady",
      expr:
        t.kind === "cluster"
          ? `${notReady} and on (node) (${GPU_NODES})`
          : `max by (node) (${notReady})`,
      for: "5m",
      labels: { ...labels, severity: "critical" },
      annotations: {
        summary: `Node {{ $labels.node }} of ${t.target} is not ready`,
        description:
          t.kind === "cluster"
            ? "A GPU node has not been Ready for 5 minutes: its pods are not served and its GPUs are paid for."
            : "The site's node has not been Ready for 5 minutes: its models are not served.",
      },
    },
  ];
}

/** The rule groups of a target, every alert labelled with the target and namespace. */
export function renderRuleGroups(t: MonitoringTarget): RuleGroup[] {
  // The namespace label lets the AlertmanagerConfig (which matches its own namespace) route them.
  const labels = { [MONITORING_LABEL_KEYS.alertTarget]: t.target, namespace: t.namespace };
  return [
    { name: `${t.name}-gpu-health`, rules: gpuHealthRules(t, labels) },
    { name: `${t.name}-gpu-idle`, rules: idleRules(t, labels) },
    { name: `${t.name}-inference`, rules: inferenceRules(t, labels) },
    { name: `${t.name}-nodes`, rules: nodeRules(t, labels) },
  ].filter((g) => g.rules.length > 0);
}

/** Labels of every monitoring object of a target. */
export function monitoringLabels(t: MonitoringTarget): Record<string, string> {
  return {
    ...kubernetesCostLabels(t.costAllocation),
    [MONITORING_LABEL_KEYS.target]: t.target,
    [MONITORING_LABEL_KEYS.fleet]: k8sLabelValue(t.fleet),
  };
}

/** The PrometheusRule object. */
export function renderPrometheusRule(t: MonitoringTarget) {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: `${t.name}-rules`,
      namespace: t.namespace,
      labels: { ...monitoringLabels(t), ...t.prometheusSelectorLabels },
    },
    spec: { groups: renderRuleGroups(t) },
  };
}
