/**
 * Quotas that fail a deploy, values the clouds' APIs accept where our code computes them, and the
 * bounds this project sets itself on work done per deploy. One row per fact.
 */
import { documented, read, type RuleSource } from "./source";

/** A number the cloud (or this project) caps. */
export interface Quota {
  readonly id: string;
  readonly what: string;
  readonly max: number;
  readonly source: RuleSource;
}

// prettier-ignore
export const QUOTAS = {
  scheduledActionsPerAsg: { id: "asg-scheduled-actions", what: "scheduled actions per Auto Scaling group", max: 125, source: documented("https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html", "'Scheduled actions per Auto Scaling group: 125' (not adjustable).") },
  scheduleWindows: { id: "schedule-windows", what: "windows (`on:` entries) in one schedule", max: 64, source: read("this project: issue 10 (issues show 10)", "This project's bound: each window becomes cron actions on every backend; 1,000 windows ran out of memory. 64 covers a different window for every half day of a week.") },
  scheduleHolidays: { id: "schedule-holidays", what: "holidays in one schedule", max: 400, source: read("this project: issue 10 (issues show 10)", "This project's bound: 5,000 holidays ran out of memory after 155 s. 400 is more than a year of days off; past ones can be removed.") },
  scheduleHolidayRunsAhead: { id: "schedule-holiday-runs", what: "holiday runs still ahead in one schedule", max: 60, source: read("this project: issue 10 (issues show 10)", "This project's bound on the holiday runs a deploy turns into actions and jobs (every run splits each AWS on-action, and adds guard jobs on GCP).") },
  cloudSchedulerJobsPerRegion: { id: "cloud-scheduler-jobs", what: "Cloud Scheduler jobs per project and region", max: 5000, source: documented("https://cloud.google.com/scheduler/quotas", "Default quota; adjustable.") },
  yamlExpandedNodes: { id: "yaml-expanded-nodes", what: "YAML nodes in one stack file once its aliases are expanded", max: 200000, source: read("https://github.com/yaml/go-yaml/blob/v3/decode.go (allowedAliasRatio)", "Pulumi's CLI reads stack files with go-yaml v3, which accepts aliases and merge keys and refuses 'excessive aliasing' by a ratio of alias to plain decode work; the yaml package's own maxAliasCount (default 100) refuses files Pulumi reads. This project bounds the expanded size instead: a billion-laughs file expands to 10^9 nodes, a real stack file to a few thousand.") },
} as const satisfies Record<string, Quota>;

/** S3 Replication Time Control: the only values the API accepts. */
export const S3_RTC = {
  /** `ReplicationTime.Time.Minutes` and `Metrics.EventThreshold.Minutes` must both be 15. */
  minutes: 15,
  source: documented(
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationTimeValue.html",
    "'Valid Values: 15'; RTC needs replication metrics enabled with the same 15-minute threshold (API_Metrics.html).",
  ),
} as const;

/** S3 replication copies only objects written after the rule exists. */
export const S3_REPLICATION_EXISTING_OBJECTS = {
  source: documented(
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-batch-replication-batch.html",
    "Live replication copies new objects only; objects that existed before the rule need S3 Batch Replication (a Batch Operations job), which the stack does not run.",
  ),
} as const;

/** S3 Bucket Keys apply to SSE-KMS only. */
export const S3_BUCKET_KEY = {
  source: documented(
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html",
    "S3 Bucket Keys reduce the cost of SSE-KMS; with SSE-S3 (AES256) the setting has no effect.",
  ),
} as const;

/** Cloud DNS primary-backup routing: `backupGeos[].location` is a GCP region. */
export const CLOUD_DNS_GEO = {
  source: documented(
    "https://cloud.google.com/dns/docs/reference/rest/v1/resourceRecordSets#RRSetRoutingPolicy.GeoPolicyItem",
    "GeoPolicyItem.location: 'The geo-location granularity is a GCP region.'",
  ),
} as const;

/** Cloud DNS health checks for external endpoints probe from exactly three regions. */
export const CLOUD_DNS_PROBE_REGIONS = {
  count: 3,
  source: documented(
    "https://cloud.google.com/dns/docs/zones/manage-routing-policies#health-checks-external",
    "sourceRegions: exactly three Google Cloud regions.",
  ),
} as const;

/** A Route 53 health check only steers traffic when the record has a routing policy. */
export const ROUTE53_LONE_HEALTH_CHECK = {
  source: documented(
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-simple-configs.html",
    "With a simple routing policy a record's health check is ignored: Route 53 answers with the record whatever the check says.",
  ),
} as const;

/** GKE_METADATA on a node pool needs Workload Identity on its cluster. */
export const GKE_METADATA_NEEDS_WORKLOAD_IDENTITY = {
  source: documented(
    "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity#enable-existing-cluster",
    "workloadMetadataConfig.mode GKE_METADATA is refused on a node pool whose cluster has no workload pool ('Workload Identity must be enabled on the cluster').",
  ),
} as const;

/** cluster-autoscaler scales a node group as if every node had the first instance type's size. */
export const AUTOSCALER_EQUAL_SHAPES = {
  source: read(
    "https://github.com/kubernetes/autoscaler/blob/5a0b98e45f896e98132737240ac131a519d3b33d/cluster-autoscaler/cloudprovider/aws/README.md#using-mixed-instances-policies-and-spot-instances",
    "'the instance types should have the same amount of RAM and number of CPU cores, since this is fundamental to CA's scaling calculations.'",
  ),
} as const;

/** IAM actions cluster-autoscaler needs on AWS (its README's recommended policy). */
export const CLUSTER_AUTOSCALER_IAM = {
  describe: [
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
    "eks:DescribeNodegroup",
  ],
  /** Allowed only on groups tagged `k8s.io/cluster-autoscaler/<cluster>: owned`. */
  scale: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
  source: read(
    "https://github.com/kubernetes/autoscaler/blob/5a0b98e45f896e98132737240ac131a519d3b33d/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy",
  ),
} as const;
