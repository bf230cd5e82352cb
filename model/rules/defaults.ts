/**
 * Every version-like default the stack applies, as data with a source: the Kubernetes version of a
 * created cluster, the EKS support policy, the node image, the Helm charts a created cluster gets and
 * the images of our jobs. Components read these; none is written into component code.
 */
import { read, type RuleSource } from "./source";

/** The Kubernetes minor version a created cluster gets when the config names none. */
// prettier-ignore
export const DEFAULT_KUBERNETES_VERSION = {
  aws: { minor: "1.35", source: read("https://endoflife.date/amazon-eks", "Newest EKS version found; standard support until 2027-03-27 (see KUBERNETES_VERSIONS).") },
  gcp: { minor: "1.35", source: read("https://endoflife.date/api/v1/products/google-kubernetes-engine", "Newest GKE minor found; end of standard support 2027-02-28 (see KUBERNETES_VERSIONS).") },
} as const;

/**
 * EKS support policy of created clusters. `STANDARD` upgrades the control plane at the end of
 * standard support instead of moving it to extended support, which EKS bills extra per cluster-hour;
 * left out, EKS defaults to `EXTENDED`.
 */
export const EKS_UPGRADE_POLICY = {
  supportType: "STANDARD",
  source: read(
    "https://github.com/awsdocs/amazon-eks-user-guide/blob/013856044148d6eeed4723027a45aa2180536bcb/latest/ug/versioning/kubernetes-versions.adoc",
    "'By default, for all new and existing clusters, the upgrade policy is set to EXTENDED'; extended support is billed per cluster hour. pulumi-aws 7.48 aws.eks.Cluster.upgradePolicy.supportType takes EXTENDED or STANDARD.",
  ),
} as const;

/** Node image of EKS GPU pools when the config names none (a key of AWS_GPU_AMI_TYPES). */
export const DEFAULT_AWS_GPU_AMI = {
  key: "al2023-nvidia",
  amiType: "AL2023_x86_64_NVIDIA",
  source: read(
    "https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html",
    "AL2023 NVIDIA AMIs ship the driver but not the Kubernetes device plugin: the cluster needs the NVIDIA device plugin (see HELM_CHARTS).",
  ),
} as const;

/** A Helm chart pinned to one version. */
export interface PinnedChart {
  readonly chart: string;
  readonly version: string;
  /** Helm repository URL. */
  readonly repo: string;
  /** Namespace the release goes to. */
  readonly namespace: string;
  readonly source: RuleSource;
}

// prettier-ignore
export const HELM_CHARTS = {
  nvidiaDevicePlugin: { chart: "nvidia-device-plugin", version: "0.20.0", repo: "https://nvidia.github.io/k8s-device-plugin", namespace: "kube-system", source: read("https://github.com/NVIDIA/k8s-device-plugin/blob/1b826acc6af3079d8923bac395c3124b8861a9a6/deployments/helm/nvidia-device-plugin/Chart.yaml", "Tag v0.20.0 (2026-08-19), the newest tag in the snapshot read.") },
  clusterAutoscaler: { chart: "cluster-autoscaler", version: "9.59.0", repo: "https://kubernetes.github.io/autoscaler", namespace: "kube-system", source: read("https://github.com/kubernetes/autoscaler/blob/5a0b98e45f896e98132737240ac131a519d3b33d/cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml", "Tag cluster-autoscaler-chart-9.59.0 (2026-07-21), appVersion 1.35.0.") },
  velero: { chart: "velero", version: "12.1.0", repo: "https://vmware-tanzu.github.io/helm-charts", namespace: "velero", source: read("https://github.com/vmware-tanzu/helm-charts/blob/73466ca986bbfe34dbd5c30bbf7d62d545d634a2/charts/velero/Chart.yaml", "Tag velero-12.1.0 (2026-06-25), appVersion 1.18.1; installs Velero's CRDs, so Schedules apply.") },
} as const satisfies Record<string, PinnedChart>;

/**
 * cluster-autoscaler image per Kubernetes minor: the autoscaler's minor must match the cluster's
 * (https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases).
 */
// prettier-ignore
export const CLUSTER_AUTOSCALER_IMAGES: readonly { readonly minor: string; readonly tag: string; readonly source: RuleSource }[] = [
  { minor: "1.34", tag: "v1.34.5", source: read("https://github.com/kubernetes/autoscaler/releases/tag/cluster-autoscaler-1.34.5", "Tag at cb2123ed13148c38fbdb1ede42d8e99761ee2909 (2026-07-22).") },
  { minor: "1.35", tag: "v1.35.2", source: read("https://github.com/kubernetes/autoscaler/releases/tag/cluster-autoscaler-1.35.2", "Tag at 2d42588803c71fe9b35dcd9e3669ac6bb550ca22 (2026-07-22).") },
];

/** Image repository of cluster-autoscaler (the chart's default). */
export const CLUSTER_AUTOSCALER_REPOSITORY = "registry.k8s.io/autoscaling/cluster-autoscaler";

/** The cluster-autoscaler image tag for a Kubernetes minor, or `undefined` when none is pinned. */
export function clusterAutoscalerTag(minor: string): string | undefined {
  return CLUSTER_AUTOSCALER_IMAGES.find((r) => r.minor === minor)?.tag;
}

/**
 * Image of the Kubernetes scale jobs of site schedules: needs `/bin/sh` and `kubectl`
 * (registry.k8s.io/kubectl has no shell, which the holiday guard needs). Pin it by digest in
 * production with the site's `kubectlImage`.
 */
export const DEFAULT_KUBECTL_IMAGE = {
  image: "alpine/k8s:1.31.4",
  source: read(
    "https://hub.docker.com/r/alpine/k8s",
    "The image the schedule jobs were written and tested against (components/shutdownSchedule.ts before issue 10); not re-checked against Docker Hub, which is out of reach here.",
  ),
} as const;

/**
 * The system node pool a created cluster gets for its add-ons (CoreDNS, cluster-autoscaler, Velero):
 * GPU pools carry a taint that keeps these off them, and may be at zero nodes.
 */
// prettier-ignore
export const SYSTEM_NODES = {
  aws: { instanceType: "m6i.large", amiType: "AL2023_x86_64_STANDARD", minNodes: 1, maxNodes: 3, diskGiB: 50, source: read("https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html", "A general-purpose 2 vCPU / 8 GiB shape; AL2023_x86_64_STANDARD is the EKS AMI type without GPU drivers.") },
  gcp: { machineType: "e2-standard-4", minNodes: 1, maxNodes: 3, diskGiB: 50, source: read("https://cloud.google.com/compute/docs/general-purpose-machines#e2_machine_types", "A general-purpose 4 vCPU / 16 GB shape; GKE needs nodes for kube-dns once the default pool is removed.") },
} as const;
