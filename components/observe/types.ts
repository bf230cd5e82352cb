/**
 * Types and constants of GPU monitoring shared by its renderers (exporters, rules, alert routing,
 * dashboard) and the `GpuMonitoring` component. Pure data, no Pulumi.
 */
import { MONITORS_LABEL } from "../../model/contracts";
import type { CostAllocation } from "../../model/tags";
import type { InferenceServer } from "../edge/servers";

/** Where GPU metrics come from on a target. */
export const GPU_EXPORTERS = ["dcgm-exporter", "gpu-operator", "jetson", "none"] as const;
/**
 * - `dcgm-exporter`: NVIDIA's DCGM exporter, deployed by this component as a DaemonSet.
 * - `gpu-operator`: the NVIDIA GPU operator already runs the DCGM exporter (namespace `gpu-operator`);
 *   only its ServiceMonitor and a counters ConfigMap are added.
 * - `jetson`: a Tegra exporter (DCGM does not run on Jetson), deployed as a DaemonSet.
 * - `none`: no GPU (a CPU-only edge site): only the node and inference rules.
 */
export type GpuExporter = (typeof GPU_EXPORTERS)[number];

/** Label keys on monitoring objects and on the alerts they raise. */
export const MONITORING_LABEL_KEYS = {
  /** Kubernetes label: the cluster or edge site an object monitors. */
  target: MONITORS_LABEL,
  /** Kubernetes label: the fleet (stack) the dashboard belongs to. */
  fleet: "hybrid-ai/fleet",
  /** Alert label: the cluster or site, so routing picks only this target's alerts. */
  alertTarget: "hybrid_ai_target",
  /** Alert labels of the idle-GPU alert. */
  alertPool: "pool",
  alertCostCenter: "cost_center",
} as const;

/** The label the Grafana sidecar of kube-prometheus-stack loads dashboards from, and its value. */
export const GRAFANA_DASHBOARD_LABEL = { key: "grafana_dashboard", value: "1" } as const;

/** Defaults applied when args leave them out. */
export const GPU_MONITORING_DEFAULTS = {
  /** kube-prometheus-stack's usual namespace: its Alertmanager reads AlertmanagerConfigs there. */
  namespace: "monitoring",
  /**
   * kube-prometheus-stack selects ServiceMonitors, PodMonitors and PrometheusRules labelled with its
   * Helm release (`*SelectorNilUsesHelmValues: true`); `kube-prometheus-stack` is the release name its
   * docs use.
   */
  prometheusSelectorLabels: { release: "kube-prometheus-stack" } as Readonly<
    Record<string, string>
  >,
  idleGpuMinutes: 30,
  /** Requests waiting in a model server's queue before the queue alert fires. */
  queueDepthTarget: 10,
  /** 95th percentile of vLLM's time to first token, seconds. */
  timeToFirstTokenSeconds: 2,
  /** A margin below the slowdown temperature of data-center GPUs; set your GPUs' own. */
  temperatureCelsius: 85,
} as const;

/** A GPU is idle below this utilisation (percent). */
export const IDLE_GPU_PERCENT = 5;

/**
 * Exporter images. NVIDIA's DCGM exporter 4.5.3-4.8.2 is the image of its Helm chart 4.8.2
 * (NVIDIA/dcgm-exporter `deployment/values.yaml`, commit 691c927 of 2026-05-06). The Jetson exporter
 * is Argonne's Waggle exporter (waggle-sensor/jetson-exporter), which reads the Tegra GPU load from
 * sysfs. Pass `exporterImage` to pin another build (a mirror, a digest).
 */
export const EXPORTER_IMAGES = {
  "dcgm-exporter": "nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless",
  jetson: "waggle/jetson-exporter:0.0.1",
} as const;

/** Port of each exporter's metrics endpoint, and the name of that port. */
export const EXPORTER_PORTS = {
  "dcgm-exporter": { name: "metrics", port: 9400 },
  "gpu-operator": { name: "gpu-metrics", port: 9400 },
  jetson: { name: "metrics", port: 9091 },
} as const;

/** Where and how the GPU operator runs its DCGM exporter (NVIDIA/gpu-operator `assets/state-dcgm-exporter`). */
export const GPU_OPERATOR_EXPORTER = {
  namespace: "gpu-operator",
  selector: { app: "nvidia-dcgm-exporter" },
} as const;

/** A GPU pool a cluster's alerts name: the value of its nodes' `hybrid-ai/pool` label. */
export interface MonitoredPool {
  /** `<cluster>-<pool>`, as the pool's nodes are labelled. */
  readonly name: string;
  /** GPU catalog id, for the dashboard. */
  readonly gpu: string;
}

/** A model an edge site serves, for its queue alert and scrape config. */
export interface MonitoredModel {
  readonly name: string;
  readonly server: InferenceServer;
  /** Requests waiting before the queue alert fires. @default - the target's queueDepthTarget */
  readonly queueDepthTarget?: number;
}

/** Where alerts go: a webhook (its URL a secret) or e-mail addresses. */
export type AlertReceiver =
  | { readonly webhookUrl: unknown; readonly email?: undefined }
  | { readonly email: readonly string[]; readonly webhookUrl?: undefined };

/** Everything the renderers need of one monitored target, defaults applied. */
export interface MonitoringTarget {
  /** Component name; names every object. */
  readonly name: string;
  /** The cluster or edge site, as the stack names it. */
  readonly target: string;
  readonly kind: "cluster" | "edge-site";
  /** The stack (fleet) the dashboard is titled with. */
  readonly fleet: string;
  readonly exporter: GpuExporter;
  readonly namespace: string;
  readonly prometheusSelectorLabels: Readonly<Record<string, string>>;
  readonly pools: readonly MonitoredPool[];
  /** Edge sites: the namespace their models run in, and the models. */
  readonly modelNamespace?: string;
  readonly models: readonly MonitoredModel[];
  readonly idleGpuMinutes: number;
  readonly queueDepthTarget: number;
  readonly timeToFirstTokenSeconds: number;
  readonly temperatureCelsius: number;
  readonly costAllocation: CostAllocation;
  readonly exporterImage?: string;
  /** Edge k3s sites: the RuntimeClass GPU pods need. */
  readonly runtimeClassName?: string;
}
