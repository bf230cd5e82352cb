/**
 * A Grafana dashboard for one monitored target, as a ConfigMap labelled for the Grafana sidecar of
 * kube-prometheus-stack (`grafana_dashboard: "1"`, its chart's default). Pure rendering, no Pulumi.
 */
import { withNode, monitoringLabels } from "./rules";
import { GRAFANA_DASHBOARD_LABEL, IDLE_GPU_PERCENT, type MonitoringTarget } from "./types";

/** One time-series panel. */
interface Panel {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
}

function panels(t: MonitoringTarget): Panel[] {
  const dcgm = t.exporter === "dcgm-exporter" || t.exporter === "gpu-operator";
  const gpu: Panel[] = dcgm
    ? [
        {
          title: "GPU utilisation",
          expr: withNode("DCGM_FI_DEV_GPU_UTIL"),
          legend: "{{node}} gpu {{gpu}}",
          unit: "percent",
        },
        {
          title: `Idle GPUs (under ${IDLE_GPU_PERCENT}%)`,
          expr: `count(DCGM_FI_DEV_GPU_UTIL < ${IDLE_GPU_PERCENT}) or vector(0)`,
          legend: "idle",
          unit: "short",
        },
        {
          title: "GPU temperature",
          expr: withNode("DCGM_FI_DEV_GPU_TEMP"),
          legend: "{{node}} gpu {{gpu}}",
          unit: "celsius",
        },
        {
          title: "GPU power",
          expr: withNode("DCGM_FI_DEV_POWER_USAGE"),
          legend: "{{node}} gpu {{gpu}}",
          unit: "watt",
        },
        {
          title: "GPU memory used",
          expr: withNode("DCGM_FI_DEV_FB_USED"),
          legend: "{{node}} gpu {{gpu}}",
          unit: "decmbytes",
        },
        {
          title: "XID errors (last value)",
          expr: withNode("DCGM_FI_DEV_XID_ERRORS"),
          legend: "{{node}} gpu {{gpu}}",
          unit: "none",
        },
      ]
    : t.exporter === "jetson"
      ? [
          {
            title: "Jetson GPU load",
            expr: "gpu_average_load15s * 100",
            legend: "{{instance}}",
            unit: "percent",
          },
        ]
      : [];
  return [
    ...gpu,
    {
      title: "Requests waiting (vLLM, Triton, llama.cpp)",
      expr: 'sum by (namespace, pod) ({__name__=~"vllm:num_requests_waiting|nv_inference_pending_request_count|llamacpp:requests_deferred"})',
      legend: "{{namespace}}/{{pod}}",
      unit: "short",
    },
    {
      title: "Time to first token, p95 (vLLM)",
      expr: "histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:time_to_first_token_seconds_bucket[5m])))",
      legend: "{{model_name}}",
      unit: "s",
    },
    {
      title: "Nodes not ready",
      expr: 'sum(kube_node_status_condition{condition="Ready",status="true"} == 0) or vector(0)',
      legend: "not ready",
      unit: "short",
    },
  ];
}

/** The dashboard model (Grafana's JSON), one panel per row pair, 2 panels wide. */
export function renderDashboard(t: MonitoringTarget) {
  return {
    uid: `hai-${t.name}`.slice(0, 40),
    title: `GPU fleet ${t.fleet}: ${t.target}`,
    tags: ["hybrid-ai", "gpu", t.fleet],
    timezone: "browser",
    schemaVersion: 39,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    templating: {
      list: [
        {
          name: "datasource",
          label: "Prometheus",
          type: "datasource",
          query: "prometheus",
        },
      ],
    },
    panels: panels(t).map((p, i) => ({
      id: i + 1,
      type: "timeseries",
      title: p.title,
      datasource: { type: "prometheus", uid: "${datasource}" },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: [{ refId: "A", expr: p.expr, legendFormat: p.legend }],
    })),
  };
}

/** The ConfigMap the Grafana sidecar loads. */
export function renderDashboardConfigMap(t: MonitoringTarget) {
  return {
    apiVersion: "v1" as const,
    kind: "ConfigMap" as const,
    metadata: {
      name: `${t.name}-dashboard`,
      namespace: t.namespace,
      labels: {
        ...monitoringLabels(t),
        [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value,
      },
    },
    data: { [`${t.name}.json`]: JSON.stringify(renderDashboard(t), null, 2) },
  };
}
