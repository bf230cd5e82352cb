/**
 * Names every layer agrees on: our components' type tokens, the cloud resource types we read, label and
 * tag keys, and the markers for secret and unknown values. One place, so a reader, a policy and a
 * component never spell one differently.
 */

/** Type tokens of this package's components (`hybrid-ai:<module>:<Type>`). */
export const COMPONENT_TYPES = {
  gpuCluster: "hybrid-ai:compute:GpuCluster",
  gpuNodePool: "hybrid-ai:compute:GpuNodePool",
  edgeInferenceSite: "hybrid-ai:edge:EdgeInferenceSite",
  autoscalingPolicy: "hybrid-ai:edge:AutoscalingPolicy",
  shutdownSchedule: "hybrid-ai:schedule:ShutdownSchedule",
  disasterRecoveryRegion: "hybrid-ai:dr:DisasterRecoveryRegion",
  gpuMonitoring: "hybrid-ai:observe:GpuMonitoring",
  cloudBudget: "hybrid-ai:observe:CloudBudget",
} as const;

/** The package name programs in other languages use the components by (package.json `name`). */
export const PLUGIN_PACKAGE = "hybrid-ai-infra";

/**
 * Whether `type` is the component `kind`: by its own token (`hybrid-ai:compute:GpuNodePool`, as
 * TypeScript and JavaScript programs register it) or by the one Pulumi's component provider host
 * gives the same class when a Python, Go or YAML program uses the package
 * (`hybrid-ai-infra:index:GpuNodePool`, provider/index.ts).
 */
export function isComponentType(type: string, kind: keyof typeof COMPONENT_TYPES): boolean {
  return type === COMPONENT_TYPES[kind] || type === PLUGIN_TYPES[kind];
}

/** The provider host's token of each component, `hybrid-ai-infra:index:<Name>`. */
const PLUGIN_TYPES = Object.fromEntries(
  Object.entries(COMPONENT_TYPES).map(([kind, own]) => [
    kind,
    `${PLUGIN_PACKAGE}:index:${own.slice(own.lastIndexOf(":") + 1)}`,
  ]),
) as Record<keyof typeof COMPONENT_TYPES, string>;

/** Type tokens of the cloud and Kubernetes resources the readers and policies look at. */
export const T = {
  stack: "pulumi:pulumi:Stack",
  eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
  eksCluster: "aws:eks/cluster:Cluster",
  gkeNodePool: "gcp:container/nodePool:NodePool",
  gkeCluster: "gcp:container/cluster:Cluster",
  aksAgentPool: "azure-native:containerservice:AgentPool",
  aksCluster: "azure-native:containerservice:ManagedCluster",
  lkeNodePool: "linode:index/lkeNodePool:LkeNodePool",
  lkeCluster: "linode:index/lkeCluster:LkeCluster",
  karpenterNodePool: "kubernetes:karpenter.sh/v1:NodePool",
  configMap: "kubernetes:core/v1:ConfigMap",
  nodePatch: "kubernetes:core/v1:NodePatch",
  logicWorkflow: "azure-native:logic:Workflow",
  awsProvider: "pulumi:providers:aws",
  gcpProvider: "pulumi:providers:gcp",
  azureProvider: "pulumi:providers:azure-native",
  linodeProvider: "pulumi:providers:linode",
  k8sProvider: "pulumi:providers:kubernetes",
  deployment: "kubernetes:apps/v1:Deployment",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  service: "kubernetes:core/v1:Service",
  k8sSecret: "kubernetes:core/v1:Secret",
  s3Bucket: "aws:s3/bucket:Bucket",
  s3BucketV2: "aws:s3/bucketV2:BucketV2",
  s3Versioning: "aws:s3/bucketVersioning:BucketVersioning",
  s3VersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  s3Replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  s3Encryption:
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  s3EncryptionV2:
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ebsVolume: "aws:ebs/volume:Volume",
  gcsBucket: "gcp:storage/bucket:Bucket",
  gcpDisk: "gcp:compute/disk:Disk",
  prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
  awsBudget: "aws:budgets/budget:Budget",
  gcpBudget: "gcp:billing/budget:Budget",
  gcpNotificationChannel: "gcp:monitoring/notificationChannel:NotificationChannel",
} as const;

export const S3_BUCKET_TYPES: readonly string[] = [T.s3Bucket, T.s3BucketV2];

/**
 * What a secret value reads as wherever hai shows or hands on resource properties (captured inputs,
 * every report, the properties policies see in `hai review`). The real CLI hands policies the
 * decrypted value instead.
 */
export const SECRET_MARKER = "[secret]";

/** Value the engine and CrossGuard pass for a property unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Property names that hold credentials wherever they appear (compared case-insensitively). */
export const CREDENTIAL_KEYS: readonly string[] = [
  "kubeconfig",
  "token",
  "accesstoken",
  "bearertoken",
  "password",
  "clientkey",
  "clientkeydata",
  "privatekey",
  "apikey",
  "secretaccesskey",
];

/** Taint that keeps pods without a GPU request off GPU nodes. */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present" } as const;

/** Node labels every GPU pool carries (Kubernetes label keys). */
export const POOL_LABEL_KEYS = {
  accelerator: "hybrid-ai/accelerator",
  pool: "hybrid-ai/pool",
  environment: "hybrid-ai/environment",
} as const;

/** Label a GPU monitoring object carries: the cluster or edge site it monitors (the stack's name). */
export const MONITORS_LABEL = "hybrid-ai/monitors";
/**
 * Facts a pool resource carries about itself where the resource has no field for them (tag or label
 * keys): the region of an AKS or LKE pool or a Karpenter NodePool, the site of an on-prem pool, the
 * GPUs per node of a Karpenter pool.
 */
export const POOL_FACT_KEYS = {
  region: "hybrid-ai/region",
  cluster: "hybrid-ai/cluster",
  site: "hybrid-ai/site",
  gpusPerNode: "hybrid-ai/gpus-per-node",
  /** Marks an on-prem pool's inventory ConfigMap. */
  kind: "hybrid-ai/kind",
} as const;

/** The same facts as Azure tags, whose names allow no `/`. */
export const AZURE_FACT_TAG_KEYS = {
  pool: "hybrid-ai-pool",
  region: "hybrid-ai-region",
} as const;

/** The value of {@link POOL_FACT_KEYS.kind} on an on-prem pool inventory. */
export const POOL_INVENTORY_KIND = "gpu-pool";

/** Label keys of edge objects. */
export const EDGE_LABEL_KEYS = {
  site: "hybrid-ai/site",
  location: "hybrid-ai/location",
  hardware: "hybrid-ai/hardware",
  schedule: "hybrid-ai/schedule",
  model: "hybrid-ai/model",
  server: "hybrid-ai/server",
  /** Annotation: the model and revision a Deployment serves, `<model>@<revision>`. */
  modelRef: "hybrid-ai/model-ref",
  /** Annotation: who must have signed a Deployment's model, `<identity> (<issuer>)`. */
  modelSigner: "hybrid-ai/model-signer",
  /** Namespaces whose pods may call a site's models. */
  inferenceClient: "hybrid-ai/inference-client",
  /** Namespaces whose pods may scrape a site's metrics (Prometheus, for KEDA and dashboards). */
  metricsScraper: "hybrid-ai/metrics-scraper",
} as const;

/** Name of the init container that checks a model's signature before its server starts. */
export const VERIFY_SIGNATURE_CONTAINER = "verify-signature";

/** Disaster-recovery strategies, from the cheapest standby to full capacity in both regions. */
export const DR_STRATEGIES = ["pilot-light", "warm-standby", "active-active"] as const;
export type DrStrategy = (typeof DR_STRATEGIES)[number];

/** How model artifacts reach the secondary region. */
export type ReplicationMechanism =
  | "s3-crr-rtc"
  | "s3-crr"
  | "gcs-dual-region-turbo"
  | "gcs-dual-region"
  /** AWS to GCP: a Storage Transfer Service job copying S3 into GCS every hour (its shortest interval). */
  | "sts-hourly"
  | "none";

/**
 * The key under which CrossGuard's property proxy hands out the object it wraps (@pulumi/policy
 * proxy.js `getSpecialProxyTarget`). The proxy throws on reading an unknown value; readers that must
 * go on (a stack total, a credential check) read the plain object, where unknowns are sentinel strings.
 */
export const POLICY_PROXY_TARGET = "__getSpecialProxyTarget";

/** The sentinels CrossGuard uses for unknown values of each kind (@pulumi/policy proxy.js). */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  UNKNOWN,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** Whether a value is unknown until deploy. */
export const isUnknownValue = (v: unknown): boolean =>
  typeof v === "string" && UNKNOWN_SENTINELS.has(v);

/** A policy's props without CrossGuard's throwing proxy (the plain object); other values as they are. */
export function plainProperties(props: Record<string, unknown>): Record<string, unknown> {
  try {
    const target = (props as Record<string, unknown>)[POLICY_PROXY_TARGET];
    return target !== null && typeof target === "object" && !Array.isArray(target)
      ? (target as Record<string, unknown>)
      : props;
  } catch {
    return props;
  }
}
/** Node label of the system nodes a created cluster gets for its add-ons: not a GPU pool. */
export const SYSTEM_NODE_LABEL = { key: "hybrid-ai/role", value: "system" } as const;
