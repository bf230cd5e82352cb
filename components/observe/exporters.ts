/**
 * GPU exporters and how Prometheus scrapes them: NVIDIA's DCGM exporter as a DaemonSet (what its Helm
 * chart renders, NVIDIA/dcgm-exporter `deployment/templates`, trimmed to what metrics need), a
 * ServiceMonitor for the GPU operator's own exporter, the Jetson exporter, and PodMonitors for an edge
 * site's model servers. Pure rendering, no Pulumi.
 */
import { SERVERS, type InferenceServer } from "../edge/servers";
import { monitoringLabels } from "./rules";
import {
  EXPORTER_IMAGES,
  EXPORTER_PORTS,
  GPU_OPERATOR_EXPORTER,
  type MonitoringTarget,
} from "./types";
import { EDGE_LABEL_KEYS, POOL_LABEL_KEYS } from "../../model/contracts";

/**
 * The DCGM fields exported: the exporter's `etc/default-counters.csv` (NVIDIA/dcgm-exporter commit
 * d5e5f51, 2026-05-12) with the ECC counters switched on, which the XID/ECC alerts need. One row per
 * field: field, Prometheus type, help.
 */
export const DCGM_COUNTERS: ReadonlyArray<
  readonly [string, "gauge" | "counter" | "label", string]
> = [
  ["DCGM_FI_DEV_SM_CLOCK", "gauge", "SM clock frequency (in MHz)."],
  ["DCGM_FI_DEV_MEM_CLOCK", "gauge", "Memory clock frequency (in MHz)."],
  ["DCGM_FI_DEV_MEMORY_TEMP", "gauge", "Memory temperature (in C)."],
  ["DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C)."],
  ["DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W)."],
  [
    "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
    "counter",
    "Total energy consumption since boot (in mJ).",
  ],
  ["DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "Total number of PCIe retries."],
  ["DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %)."],
  ["DCGM_FI_DEV_MEM_COPY_UTIL", "gauge", "Memory utilization (in %)."],
  ["DCGM_FI_DEV_ENC_UTIL", "gauge", "Encoder utilization (in %)."],
  ["DCGM_FI_DEV_DEC_UTIL", "gauge", "Decoder utilization (in %)."],
  ["DCGM_FI_DEV_XID_ERRORS", "gauge", "Value of the last XID error encountered."],
  ["DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB)."],
  ["DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB)."],
  ["DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", "counter", "Total number of single-bit volatile ECC errors."],
  ["DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "counter", "Total number of double-bit volatile ECC errors."],
  [
    "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS",
    "counter",
    "Number of remapped rows for uncorrectable errors",
  ],
  [
    "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS",
    "counter",
    "Number of remapped rows for correctable errors",
  ],
  ["DCGM_FI_DEV_ROW_REMAP_FAILURE", "gauge", "Whether remapping of rows has failed"],
  ["DCGM_FI_DRIVER_VERSION", "label", "Driver Version"],
];

/** The counters file the exporter reads (`-f`). */
export function dcgmCountersCsv(): string {
  return [
    "# DCGM FIELD, Prometheus metric type, help message",
    ...DCGM_COUNTERS.map(([field, type, help]) => `${field}, ${type}, ${help}`),
    "",
  ].join("\n");
}

/** Where the counters file is mounted. */
const COUNTERS_PATH = "/etc/dcgm-exporter/hybrid-ai-counters.csv";

const exporterName = (t: MonitoringTarget) =>
  `${t.name}-${t.exporter === "jetson" ? "jetson-exporter" : "dcgm-exporter"}`;

/** Labels selecting the exporter's pods. */
export function exporterSelector(t: MonitoringTarget): Record<string, string> {
  return {
    "app.kubernetes.io/name": t.exporter === "jetson" ? "jetson-exporter" : "dcgm-exporter",
    "app.kubernetes.io/instance": t.name,
  };
}

/** The counters ConfigMap (also rendered beside the GPU operator, which can be pointed at it). */
export function renderCountersConfigMap(t: MonitoringTarget) {
  const namespace = t.exporter === "gpu-operator" ? GPU_OPERATOR_EXPORTER.namespace : t.namespace;
  return {
    apiVersion: "v1" as const,
    kind: "ConfigMap" as const,
    metadata: { name: `${t.name}-dcgm-counters`, namespace, labels: monitoringLabels(t) },
    data: { "counters.csv": dcgmCountersCsv() },
  };
}

/** Where the exporter runs: GPU pool nodes of a cluster (tainted `nvidia.com/gpu`), any node of a site. */
function placement(t: MonitoringTarget) {
  const gpuToleration = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" };
  if (t.kind === "cluster") {
    return {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: POOL_LABEL_KEYS.pool, operator: "Exists" }] },
            ],
          },
        },
      },
      tolerations: [gpuToleration],
    };
  }
  return {
    ...(t.exporter === "jetson" ? { nodeSelector: { "kubernetes.io/arch": "arm64" } } : {}),
    tolerations: [gpuToleration],
  };
}

/** The exporter DaemonSet (DCGM or Jetson). */
export function renderExporterDaemonSet(t: MonitoringTarget) {
  const jetson = t.exporter === "jetson";
  const port = jetson ? EXPORTER_PORTS.jetson : EXPORTER_PORTS["dcgm-exporter"];
  const image =
    t.exporterImage ?? (jetson ? EXPORTER_IMAGES.jetson : EXPORTER_IMAGES["dcgm-exporter"]);
  const selector = exporterSelector(t);
  const container = jetson
    ? {
        name: "exporter",
        image,
        env: [{ name: "PORT", value: String(port.port) }],
        ports: [{ name: port.name, containerPort: port.port, protocol: "TCP" }],
        resources: {
          requests: { cpu: "50m", memory: "50Mi" },
          limits: { cpu: "100m", memory: "100Mi" },
        },
      }
    : {
        name: "exporter",
        image,
        args: ["-f", COUNTERS_PATH],
        env: [
          { name: "DCGM_EXPORTER_KUBERNETES", value: "true" },
          { name: "DCGM_EXPORTER_LISTEN", value: `:${port.port}` },
          { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
          // The NVIDIA container runtime mounts every GPU of the node for this variable.
          { name: "NVIDIA_VISIBLE_DEVICES", value: "all" },
        ],
        ports: [{ name: port.name, containerPort: port.port, protocol: "TCP" }],
        securityContext: {
          runAsNonRoot: false,
          runAsUser: 0,
          capabilities: { add: ["SYS_ADMIN"], drop: ["ALL"] },
          allowPrivilegeEscalation: false,
        },
        volumeMounts: [
          {
            name: "pod-gpu-resources",
            readOnly: true,
            mountPath: "/var/lib/kubelet/pod-resources",
          },
          { name: "counters", mountPath: COUNTERS_PATH, subPath: "counters.csv", readOnly: true },
        ],
        livenessProbe: {
          httpGet: { path: "/health", port: port.port },
          initialDelaySeconds: 45,
          periodSeconds: 5,
        },
        readinessProbe: { httpGet: { path: "/health", port: port.port }, initialDelaySeconds: 45 },
        resources: {
          requests: { cpu: "100m", memory: "128Mi" },
          limits: { cpu: "200m", memory: "512Mi" },
        },
      };
  return {
    apiVersion: "apps/v1" as const,
    kind: "DaemonSet" as const,
    metadata: { name: exporterName(t), namespace: t.namespace, labels: monitoringLabels(t) },
    spec: {
      selector: { matchLabels: selector },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { ...monitoringLabels(t), ...selector } },
        spec: {
          priorityClassName: "system-node-critical",
          automountServiceAccountToken: false,
          ...(t.runtimeClassName !== undefined ? { runtimeClassName: t.runtimeClassName } : {}),
          ...placement(t),
          containers: [container],
          volumes: jetson
            ? []
            : [
                { name: "pod-gpu-resources", hostPath: { path: "/var/lib/kubelet/pod-resources" } },
                { name: "counters", configMap: { name: `${t.name}-dcgm-counters` } },
              ],
        },
      },
    },
  };
}

/** The Service in front of the exporter. */
export function renderExporterService(t: MonitoringTarget) {
  const port = t.exporter === "jetson" ? EXPORTER_PORTS.jetson : EXPORTER_PORTS["dcgm-exporter"];
  return {
    apiVersion: "v1" as const,
    kind: "Service" as const,
    metadata: {
      name: exporterName(t),
      namespace: t.namespace,
      labels: { ...monitoringLabels(t), ...exporterSelector(t) },
    },
    spec: {
      type: "ClusterIP",
      internalTrafficPolicy: "Local",
      selector: exporterSelector(t),
      ports: [{ name: port.name, port: port.port, targetPort: port.port, protocol: "TCP" }],
    },
  };
}

/** The ServiceMonitor scraping the GPU exporter (ours, or the GPU operator's). */
export function renderExporterServiceMonitor(t: MonitoringTarget) {
  const operator = t.exporter === "gpu-operator";
  const port = operator
    ? EXPORTER_PORTS["gpu-operator"]
    : t.exporter === "jetson"
      ? EXPORTER_PORTS.jetson
      : EXPORTER_PORTS["dcgm-exporter"];
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: {
      name: `${t.name}-gpu-exporter`,
      namespace: t.namespace,
      labels: { ...monitoringLabels(t), ...t.prometheusSelectorLabels },
    },
    spec: {
      selector: {
        matchLabels: operator ? { ...GPU_OPERATOR_EXPORTER.selector } : exporterSelector(t),
      },
      namespaceSelector: {
        matchNames: [operator ? GPU_OPERATOR_EXPORTER.namespace : t.namespace],
      },
      endpoints: [
        {
          port: port.name,
          path: "/metrics",
          interval: "15s",
          scrapeTimeout: "10s",
          honorLabels: false,
        },
      ],
    },
  };
}

/** A PodMonitor per inference server an edge site runs, on the port its metrics are served. */
export function renderModelPodMonitors(t: MonitoringTarget) {
  const servers = [...new Set(t.models.map((m) => m.server))].sort() as InferenceServer[];
  return servers.map((server) => ({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: {
      name: `${t.name}-${server}`,
      namespace: t.namespace,
      labels: { ...monitoringLabels(t), ...t.prometheusSelectorLabels },
    },
    spec: {
      selector: {
        matchLabels: { [EDGE_LABEL_KEYS.site]: t.target, [EDGE_LABEL_KEYS.server]: server },
      },
      namespaceSelector: { matchNames: [t.modelNamespace ?? t.target] },
      podMetricsEndpoints: [
        { port: SERVERS[server].metrics.port, path: SERVERS[server].metrics.path, interval: "15s" },
      ],
    },
  }));
}
