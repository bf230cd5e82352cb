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

/** Type tokens of the cloud and Kubernetes resources the readers and policies look at. */
export const T = {
  stack: "pulumi:pulumi:Stack",
  eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
  eksCluster: "aws:eks/cluster:Cluster",
  gkeNodePool: "gcp:container/nodePool:NodePool",
  gkeCluster: "gcp:container/cluster:Cluster",
  awsProvider: "pulumi:providers:aws",
  gcpProvider: "pulumi:providers:gcp",
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
  /** Namespaces whose pods may call a site's models. */
  inferenceClient: "hybrid-ai/inference-client",
  /** Namespaces whose pods may scrape a site's metrics (Prometheus, for KEDA and dashboards). */
  metricsScraper: "hybrid-ai/metrics-scraper",
} as const;

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

/** Node label of the system nodes a created cluster gets for its add-ons: not a GPU pool. */
export const SYSTEM_NODE_LABEL = { key: "hybrid-ai/role", value: "system" } as const;
