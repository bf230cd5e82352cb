/**
 * Kubernetes objects of an edge inference site, rendered as plain objects: the site component hands
 * them to @pulumi/kubernetes, and tests validate the very same objects against the Kubernetes schema.
 * Pure: no Pulumi.
 */
import {
  MANAGED_BY,
  k8sLabelValue,
  kubernetesCostLabels,
  type CostAllocation,
} from "../../model/tags";
import { EDGE_LABEL_KEYS } from "../../model/contracts";

export { k8sLabelValue };
import { edgeToolImages } from "../../model/catalog/edgeTools";
import {
  renderPrefetchJob,
  verifyContainer,
  type EdgeToolImages,
  type ModelSignature,
} from "./prefetch";
import {
  MODEL_CACHE_PATH,
  SERVERS,
  hasGpu,
  serverInvocation,
  type EdgeHardware,
  type InferenceServer,
} from "./servers";

/** The NVIDIA RuntimeClass (and containerd handler) k3s configures when it finds the NVIDIA runtime. */
export const NVIDIA_RUNTIME_CLASS = "nvidia";

export { EDGE_LABEL_KEYS };

/** Kubernetes distributions of an edge cluster. */
export const EdgeDistribution = { K3s: "k3s", Kubernetes: "kubernetes" } as const;
export type EdgeDistribution = (typeof EdgeDistribution)[keyof typeof EdgeDistribution];
export const EDGE_DISTRIBUTIONS = Object.values(EdgeDistribution) as [
  EdgeDistribution,
  ...EdgeDistribution[],
];

/** A site with defaults applied. */
export interface ResolvedSite {
  readonly name: string;
  /** Namespace holding the site's objects. */
  readonly namespace: string;
  readonly location: string;
  readonly hardware: EdgeHardware;
  readonly distribution: EdgeDistribution;
  readonly cacheStorageClass: string;
  readonly costAllocation: CostAllocation;
  readonly schedule?: string;
}

/** A model with defaults applied. */
export interface ResolvedModel {
  readonly name: string;
  readonly server: InferenceServer;
  readonly image: string;
  readonly model: string;
  readonly revision: string;
  readonly replicas: number;
  readonly gpus: number;
  readonly cacheGiB: number;
  readonly cpu: number;
  readonly memoryGiB: number;
  /** Who must have signed the model files; checked before the server starts. */
  readonly signature?: ModelSignature;
}

/** Cost and site labels every object of a site carries. */
export function siteLabels(site: ResolvedSite): Record<string, string> {
  const c = site.costAllocation;
  const labels: Record<string, string> = {
    ...kubernetesCostLabels(c),
    "app.kubernetes.io/managed-by": MANAGED_BY,
    [EDGE_LABEL_KEYS.site]: site.name,
    [EDGE_LABEL_KEYS.location]: k8sLabelValue(site.location),
    [EDGE_LABEL_KEYS.hardware]: site.hardware,
  };
  if (site.schedule !== undefined) {
    labels[EDGE_LABEL_KEYS.schedule] = site.schedule;
  }
  return labels;
}

/** Labels that select one model's pods. */
export function selectorLabels(site: ResolvedSite, model: ResolvedModel): Record<string, string> {
  return {
    "app.kubernetes.io/name": model.name,
    // A label value holds 63 characters: a longer `<site>-<model>` is fitted with a hash.
    "app.kubernetes.io/instance": k8sLabelValue(`${site.name}-${model.name}`),
  };
}

function modelLabels(site: ResolvedSite, model: ResolvedModel): Record<string, string> {
  return {
    ...siteLabels(site),
    ...selectorLabels(site, model),
    "app.kubernetes.io/component": "inference",
    [EDGE_LABEL_KEYS.model]: model.name,
    [EDGE_LABEL_KEYS.server]: model.server,
  };
}

const meta = (site: ResolvedSite, model: ResolvedModel, name: string) => ({
  name,
  namespace: site.namespace,
  labels: modelLabels(site, model),
});

/** The site's namespace, with cost labels and the baseline pod security level. */
export function renderNamespace(site: ResolvedSite) {
  return {
    apiVersion: "v1" as const,
    kind: "Namespace" as const,
    metadata: {
      name: site.namespace,
      labels: {
        ...siteLabels(site),
        // Inference images run as root and need no privileges: baseline fits, restricted would refuse them.
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    },
  };
}

/** The `nvidia` RuntimeClass k3s GPU pods run with. */
export function renderRuntimeClass(site: ResolvedSite) {
  return {
    apiVersion: "node.k8s.io/v1" as const,
    kind: "RuntimeClass" as const,
    metadata: { name: NVIDIA_RUNTIME_CLASS, labels: siteLabels(site) },
    handler: NVIDIA_RUNTIME_CLASS,
  };
}

/** Whether a model's pods run with `runtimeClassName: nvidia` (k3s with NVIDIA hardware and GPUs requested). */
export function usesNvidiaRuntime(site: ResolvedSite, model: ResolvedModel): boolean {
  return site.distribution === "k3s" && hasGpu(site.hardware) && model.gpus > 0;
}

/** Name of a model's cache claim. */
export const cacheClaimName = (model: ResolvedModel) => `${model.name}-cache`;

/**
 * A model's Deployment: the pinned image, model and revision as its server takes them, GPU or CPU
 * resources, probes for a slow-loading model, and a rolling update that never drops below the
 * serving replicas (maxUnavailable 0).
 */
export function renderDeployment(
  site: ResolvedSite,
  model: ResolvedModel,
  tools: EdgeToolImages = edgeToolImages(),
) {
  const profile = SERVERS[model.server];
  const invocation = serverInvocation(model);
  const verify = verifyContainer(model, tools);
  const gpu: Record<string, string> =
    model.gpus > 0 ? { "nvidia.com/gpu": String(model.gpus) } : {};
  const memory = `${model.memoryGiB}Gi`;
  return {
    apiVersion: "apps/v1" as const,
    kind: "Deployment" as const,
    metadata: {
      ...meta(site, model, model.name),
      annotations: {
        [EDGE_LABEL_KEYS.modelRef]: `${model.model}@${model.revision}`,
        ...(model.signature
          ? {
              [EDGE_LABEL_KEYS.modelSigner]: `${model.signature.identity} (${model.signature.issuer})`,
            }
          : {}),
      },
    },
    spec: {
      replicas: model.replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: selectorLabels(site, model) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: modelLabels(site, model),
          annotations: {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": String(portNumber(model.server, profile.metrics.port)),
            "prometheus.io/path": profile.metrics.path,
          },
        },
        spec: {
          ...(usesNvidiaRuntime(site, model) ? { runtimeClassName: NVIDIA_RUNTIME_CLASS } : {}),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 60,
          ...(site.hardware === "jetson-orin"
            ? { nodeSelector: { "kubernetes.io/arch": "arm64" } }
            : {}),
          ...(model.gpus > 0
            ? { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] }
            : {}),
          // A signed model is checked against its signature before every server start.
          ...(verify ? { initContainers: [verify] } : {}),
          containers: [
            {
              name: "server",
              image: model.image,
              ...(invocation.command ? { command: [...invocation.command] } : {}),
              args: [...invocation.args],
              env: invocation.env.map((e) => ({ ...e })),
              ports: [
                { name: "http", containerPort: profile.httpPort, protocol: "TCP" },
                ...profile.extraPorts.map((p) => ({ ...p, protocol: "TCP" })),
              ],
              resources: {
                requests: { cpu: String(model.cpu), memory, ...gpu } as Record<string, string>,
                limits: { memory, ...gpu } as Record<string, string>,
              },
              startupProbe: profile.startupProbe,
              readinessProbe: profile.readinessProbe,
              livenessProbe: profile.livenessProbe,
              volumeMounts: [
                { name: "model-cache", mountPath: MODEL_CACHE_PATH },
                { name: "shm", mountPath: "/dev/shm" },
              ],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
          volumes: [
            { name: "model-cache", persistentVolumeClaim: { claimName: cacheClaimName(model) } },
            // Tensor-parallel and PyTorch workers share memory through /dev/shm.
            { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } },
          ],
        },
      },
    },
  };
}

function portNumber(server: InferenceServer, name: string): number {
  const profile = SERVERS[server];
  return name === "http"
    ? profile.httpPort
    : (profile.extraPorts.find((p) => p.name === name)?.containerPort ?? profile.httpPort);
}

/**
 * The Job that fills the cache with a model revision (and pulls its image) before the Deployment
 * switches to it: see prefetch.ts.
 */
export function renderModelPrefetchJob(
  site: ResolvedSite,
  model: ResolvedModel,
  tools: EdgeToolImages = edgeToolImages(),
) {
  return renderPrefetchJob(
    { namespace: site.namespace, labels: siteLabels(site) },
    model,
    cacheClaimName(model),
    tools,
    site.hardware === "jetson-orin" ? { nodeSelector: { "kubernetes.io/arch": "arm64" } } : {},
  );
}

/**
 * The model cache: weights downloaded once and kept across restarts, on the site's encrypted storage
 * class. ReadWriteOnce: replicas share it on one node (edge sites are mostly one GPU node).
 */
export function renderCacheClaim(site: ResolvedSite, model: ResolvedModel) {
  return {
    apiVersion: "v1" as const,
    kind: "PersistentVolumeClaim" as const,
    metadata: {
      ...meta(site, model, cacheClaimName(model)),
      // A WaitForFirstConsumer class binds the claim only once the Deployment's pod exists.
      annotations: { "pulumi.com/skipAwait": "true" },
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      storageClassName: site.cacheStorageClass,
      resources: { requests: { storage: `${model.cacheGiB}Gi` } },
    },
  };
}

/** The model's in-cluster address. */
export function renderService(site: ResolvedSite, model: ResolvedModel) {
  const profile = SERVERS[model.server];
  return {
    apiVersion: "v1" as const,
    kind: "Service" as const,
    metadata: meta(site, model, model.name),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(site, model),
      ports: [
        { name: "http", port: profile.httpPort, targetPort: "http", protocol: "TCP" },
        ...profile.extraPorts.map((p) => ({
          name: p.name,
          port: p.containerPort,
          targetPort: p.name,
          protocol: "TCP",
        })),
      ],
    },
  };
}

/**
 * At most one replica evicted at a time. maxUnavailable (not minAvailable) so a single replica never
 * blocks a node drain forever.
 */
export function renderDisruptionBudget(site: ResolvedSite, model: ResolvedModel) {
  return {
    apiVersion: "policy/v1" as const,
    kind: "PodDisruptionBudget" as const,
    metadata: meta(site, model, model.name),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(site, model) } },
  };
}

/**
 * Ingress only on the server's ports, from the site's namespace and namespaces labelled
 * `hybrid-ai/inference-client: "true"`; the metrics port also from namespaces labelled
 * `hybrid-ai/metrics-scraper: "true"`; egress only to DNS and HTTPS (model downloads).
 */
export function renderNetworkPolicy(site: ResolvedSite, model: ResolvedModel) {
  const profile = SERVERS[model.server];
  const ports = [profile.httpPort, ...profile.extraPorts.map((p) => p.containerPort)].map(
    (port) => ({ protocol: "TCP", port }),
  );
  return {
    apiVersion: "networking.k8s.io/v1" as const,
    kind: "NetworkPolicy" as const,
    metadata: meta(site, model, model.name),
    spec: {
      podSelector: { matchLabels: selectorLabels(site, model) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [
            { podSelector: {} },
            { namespaceSelector: { matchLabels: { [EDGE_LABEL_KEYS.inferenceClient]: "true" } } },
          ],
          ports,
        },
        {
          from: [
            { namespaceSelector: { matchLabels: { [EDGE_LABEL_KEYS.metricsScraper]: "true" } } },
          ],
          ports: [{ protocol: "TCP", port: portNumber(model.server, profile.metrics.port) }],
        },
      ],
      egress: [
        {
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        { ports: [{ protocol: "TCP", port: 443 }] },
      ],
    },
  };
}
