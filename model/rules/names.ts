/**
 * Name, id and label limits the clouds enforce, per resource type and property: what a real
 * `pulumi up` would be refused for while mocks accept anything. One row per rule; the look-ups are
 * at the bottom.
 *
 * `autoName`: the provider names the resource `<resource name>-<7 random hex>` when the property is
 * left out (pulumi-aws and pulumi-gcp auto-naming), so the resource name plus 8 characters must fit.
 */
import { documented, type RuleSource } from "./source";

/** Who enforces the rule. */
export type RuleOwner = "aws" | "gcp" | "kubernetes";

/** One limit on one property of one resource type. */
export interface NameRule {
  /** Stable id of the rule, `gke-node-pool-name`. */
  readonly id: string;
  readonly owner: RuleOwner;
  /** What the cloud calls it, for messages: `GKE node pool name`. */
  readonly what: string;
  /** Pulumi type token the rule applies to; `*` for every type of the owner. */
  readonly type: string;
  /** Property of the resource's inputs, dotted; `metadata.name` for Kubernetes objects. */
  readonly property: string;
  readonly min: number;
  readonly max: number;
  /** The whole value must match. */
  readonly pattern: RegExp;
  /** The alphabet in words, for messages. */
  readonly alphabet: string;
  /** Whether the provider auto-names the property from the resource name when it is left out. */
  readonly autoName: boolean;
  readonly source: RuleSource;
}

/** Characters pulumi-aws and pulumi-gcp append to an auto-name: `-` and 7 random hex digits. */
export const AUTO_NAME_SUFFIX_LENGTH = 8;

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_TEXT =
  "lower-case letters, digits and '-', starting with a letter, ending with a letter or digit";
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]*$/;
const EKS_NAME_TEXT = "letters, digits, '-' and '_', starting with a letter or digit";

const EKS_CREATE_CLUSTER =
  "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html";
const EKS_CREATE_NODEGROUP =
  "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html";
const IAM_QUOTAS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
const ASG_PUT_SCHEDULED =
  "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html";
const S3_BUCKET_NAMING =
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";
const AWS_TAGGING = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html";
const GKE_CLUSTER_API =
  "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters";
const GKE_NODE_POOL_API =
  "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools";
const GCP_SA_API =
  "https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create";
const GCP_ROLE_API = "https://cloud.google.com/iam/docs/reference/rest/v1/projects.roles/create";
const GCP_SCHEDULER_API =
  "https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs";
const GCP_LABELS = "https://cloud.google.com/compute/docs/labeling-resources#requirements";
const GCP_RESOURCE_NAMES =
  "https://cloud.google.com/compute/docs/naming-resources#resource-name-format";
const GCS_BUCKET_NAMING = "https://cloud.google.com/storage/docs/buckets#naming";
const K8S_NAMES = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/";
const K8S_LABELS =
  "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set";
const K8S_CRONJOB =
  "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#writing-a-cronjob-spec";
const HELM_RELEASE_NAME =
  "https://helm.sh/docs/chart_template_guide/getting_started/#adding-a-simple-template-call";

// prettier-ignore
export const NAME_RULES: readonly NameRule[] = [
  { id: "eks-cluster-name", owner: "aws", what: "EKS cluster name", type: "aws:eks/cluster:Cluster", property: "name", min: 1, max: 100, pattern: EKS_NAME, alphabet: EKS_NAME_TEXT, autoName: true, source: documented(EKS_CREATE_CLUSTER) },
  { id: "eks-node-group-name", owner: "aws", what: "EKS node group name", type: "aws:eks/nodeGroup:NodeGroup", property: "nodeGroupName", min: 1, max: 63, pattern: EKS_NAME, alphabet: EKS_NAME_TEXT, autoName: true, source: documented(EKS_CREATE_NODEGROUP, "The console and API refuse more than 63 characters.") },
  { id: "iam-role-name", owner: "aws", what: "IAM role name", type: "aws:iam/role:Role", property: "name", min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, alphabet: "letters, digits and + = , . @ _ -", autoName: true, source: documented(IAM_QUOTAS) },
  { id: "iam-role-policy-name", owner: "aws", what: "IAM inline policy name", type: "aws:iam/rolePolicy:RolePolicy", property: "name", min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, alphabet: "letters, digits and + = , . @ _ -", autoName: true, source: documented(IAM_QUOTAS) },
  { id: "asg-scheduled-action-name", owner: "aws", what: "Auto Scaling scheduled action name", type: "aws:autoscaling/schedule:Schedule", property: "scheduledActionName", min: 1, max: 255, pattern: /^\P{Cc}+$/u, alphabet: "printable characters", autoName: false, source: documented(ASG_PUT_SCHEDULED) },
  { id: "s3-bucket-name", owner: "aws", what: "S3 bucket name", type: "aws:s3/bucket:Bucket", property: "bucket", min: 3, max: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, alphabet: "lower-case letters, digits, '.' and '-', starting and ending with a letter or digit", autoName: true, source: documented(S3_BUCKET_NAMING) },
  { id: "aws-tag-key", owner: "aws", what: "AWS tag key", type: "*", property: "tags.<key>", min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, alphabet: "letters, digits, spaces and _ . : / = + - @", autoName: false, source: documented(AWS_TAGGING) },
  { id: "aws-tag-value", owner: "aws", what: "AWS tag value", type: "*", property: "tags.*", min: 0, max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, alphabet: "letters, digits, spaces and _ . : / = + - @", autoName: false, source: documented(AWS_TAGGING) },
  { id: "gke-cluster-name", owner: "gcp", what: "GKE cluster name", type: "gcp:container/cluster:Cluster", property: "name", min: 1, max: 40, pattern: DNS_LABEL, alphabet: DNS_LABEL_TEXT, autoName: true, source: documented(GKE_CLUSTER_API) },
  { id: "gke-node-pool-name", owner: "gcp", what: "GKE node pool name", type: "gcp:container/nodePool:NodePool", property: "name", min: 1, max: 40, pattern: DNS_LABEL, alphabet: DNS_LABEL_TEXT, autoName: true, source: documented(GKE_NODE_POOL_API, "GKE answers 'Node pool name must be at most 40 characters'; terraform users hit it with generated names (gitlab.com/thorchain/devops/cluster-launcher MR 67).") },
  { id: "gcp-service-account-id", owner: "gcp", what: "GCP service account id", type: "gcp:serviceaccount/account:Account", property: "accountId", min: 6, max: 30, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])$/, alphabet: DNS_LABEL_TEXT, autoName: false, source: documented(GCP_SA_API) },
  { id: "gcp-service-account-display-name", owner: "gcp", what: "GCP service account display name", type: "gcp:serviceaccount/account:Account", property: "displayName", min: 0, max: 100, pattern: /^\P{Cc}*$/u, alphabet: "printable characters", autoName: false, source: documented(GCP_SA_API) },
  { id: "gcp-custom-role-id", owner: "gcp", what: "GCP custom role id", type: "gcp:projects/iAMCustomRole:IAMCustomRole", property: "roleId", min: 3, max: 64, pattern: /^[a-zA-Z0-9_.]+$/, alphabet: "letters, digits, '_' and '.'", autoName: false, source: documented(GCP_ROLE_API) },
  { id: "gcp-custom-role-title", owner: "gcp", what: "GCP custom role title", type: "gcp:projects/iAMCustomRole:IAMCustomRole", property: "title", min: 1, max: 100, pattern: /^\P{Cc}+$/u, alphabet: "printable characters", autoName: false, source: documented(GCP_ROLE_API) },
  { id: "cloud-scheduler-job-name", owner: "gcp", what: "Cloud Scheduler job name", type: "gcp:cloudscheduler/job:Job", property: "name", min: 1, max: 500, pattern: /^[A-Za-z0-9_-]+$/, alphabet: "letters, digits, '-' and '_'", autoName: true, source: documented(GCP_SCHEDULER_API) },
  { id: "gcp-health-check-name", owner: "gcp", what: "Compute Engine health check name", type: "gcp:compute/healthCheck:HealthCheck", property: "name", min: 1, max: 63, pattern: DNS_LABEL, alphabet: DNS_LABEL_TEXT, autoName: true, source: documented(GCP_RESOURCE_NAMES) },
  { id: "gcs-bucket-name", owner: "gcp", what: "Cloud Storage bucket name", type: "gcp:storage/bucket:Bucket", property: "name", min: 3, max: 63, pattern: /^[a-z0-9][a-z0-9_.-]*[a-z0-9]$/, alphabet: "lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit", autoName: true, source: documented(GCS_BUCKET_NAMING, "Names with dots may reach 222 characters; ours have none.") },
  { id: "gcp-label-key", owner: "gcp", what: "GCP label key", type: "*", property: "labels.<key>", min: 1, max: 63, pattern: /^[a-z][a-z0-9_-]*$/, alphabet: "lower-case letters, digits, '_' and '-', starting with a letter", autoName: false, source: documented(GCP_LABELS) },
  { id: "gcp-label-value", owner: "gcp", what: "GCP label value", type: "*", property: "labels.*", min: 0, max: 63, pattern: /^[a-z0-9_-]*$/, alphabet: "lower-case letters, digits, '_' and '-'", autoName: false, source: documented(GCP_LABELS) },
  { id: "k8s-label-value", owner: "kubernetes", what: "Kubernetes label value", type: "*", property: "labels.*", min: 0, max: 63, pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, alphabet: "letters, digits, '-', '_' and '.', starting and ending with a letter or digit", autoName: false, source: documented(K8S_LABELS) },
  { id: "k8s-label-key-name", owner: "kubernetes", what: "Kubernetes label key (name part)", type: "*", property: "labels.<key>", min: 1, max: 63, pattern: /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/, alphabet: "letters, digits, '-', '_' and '.', starting and ending with a letter or digit", autoName: false, source: documented(K8S_LABELS) },
  { id: "k8s-object-name", owner: "kubernetes", what: "Kubernetes object name", type: "*", property: "metadata.name", min: 1, max: 253, pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, alphabet: "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit", autoName: true, source: documented(K8S_NAMES, "DNS subdomain names (RFC 1123).") },
  { id: "k8s-service-name", owner: "kubernetes", what: "Kubernetes Service name", type: "kubernetes:core/v1:Service", property: "metadata.name", min: 1, max: 63, pattern: DNS_LABEL, alphabet: DNS_LABEL_TEXT, autoName: true, source: documented(K8S_NAMES, "RFC 1035 label names.") },
  { id: "k8s-namespace-name", owner: "kubernetes", what: "Kubernetes Namespace name", type: "kubernetes:core/v1:Namespace", property: "metadata.name", min: 1, max: 63, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, alphabet: "lower-case letters, digits and '-', starting and ending with a letter or digit", autoName: true, source: documented(K8S_NAMES, "RFC 1123 label names.") },
  { id: "k8s-cronjob-name", owner: "kubernetes", what: "Kubernetes CronJob name", type: "kubernetes:batch/v1:CronJob", property: "metadata.name", min: 1, max: 52, pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, alphabet: "lower-case letters, digits, '-' and '.'", autoName: true, source: documented(K8S_CRONJOB, "The CronJob controller appends 11 characters to name its Jobs.") },
  { id: "helm-release-name", owner: "kubernetes", what: "Helm release name", type: "kubernetes:helm.sh/v3:Release", property: "name", min: 1, max: 53, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, alphabet: "lower-case letters, digits and '-'", autoName: true, source: documented(HELM_RELEASE_NAME, "Helm refuses release names over 53 characters.") },
];

/** Other per-resource counts the clouds cap. */
export interface CountRule {
  readonly id: string;
  readonly what: string;
  readonly max: number;
  readonly source: RuleSource;
}

// prettier-ignore
export const COUNT_RULES: readonly CountRule[] = [
  { id: "aws-tags-per-resource", what: "tags on one AWS resource", max: 50, source: documented(AWS_TAGGING) },
  { id: "gcp-labels-per-resource", what: "labels on one GCP resource", max: 64, source: documented(GCP_LABELS) },
];

/** The rule with this id; throws on an unknown id (a typo in our own code, not a user's). */
export function nameRule(id: string): NameRule {
  const rule = NAME_RULES.find((r) => r.id === id);
  if (rule === undefined) {
    throw new Error(`no name rule ${id}`);
  }
  return rule;
}

/** The count rule with this id. */
export function countRule(id: string): CountRule {
  const rule = COUNT_RULES.find((r) => r.id === id);
  if (rule === undefined) {
    throw new Error(`no count rule ${id}`);
  }
  return rule;
}

/** Rules on named properties (not tags or labels) of one resource type. */
export function propertyRulesFor(type: string): NameRule[] {
  return NAME_RULES.filter(
    (r) =>
      !r.property.includes("*") &&
      !r.property.includes("<key>") &&
      (r.type === type ||
        (r.type === "*" && r.owner === "kubernetes" && type.startsWith("kubernetes:"))),
  ).filter(
    // A type-specific Kubernetes rule replaces the generic object-name rule.
    (r, _i, all) =>
      !(r.id === "k8s-object-name" && all.some((o) => o.id !== r.id && o.property === r.property)),
  );
}

/** Why `value` breaks `rule`, or `undefined` when it fits. */
export function nameProblem(rule: NameRule, value: string): string | undefined {
  const length = [...value].length;
  if (length > rule.max) {
    return `${rule.max} characters at most (got ${length})`;
  }
  if (length < rule.min) {
    return `${rule.min} characters at least (got ${length})`;
  }
  if (length > 0 && !rule.pattern.test(value)) {
    return `only ${rule.alphabet}`;
  }
  return undefined;
}
