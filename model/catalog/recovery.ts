/**
 * Figures a disaster-recovery estimate is built from: how fast a failed region is detected, how long
 * resolvers keep the old answer, how long a GPU node and a model take to come up, and how far behind a
 * replica may be. Every figure carries its source and the date it was read; estimates name them.
 *
 * Vendor-documented figures (health checks, replication SLAs) are facts of the service. Node
 * provisioning and model load depend on the shape, image and model: the defaults here are cited
 * observations, meant to be replaced by what `hai rehearse --live` measures on the stack's own fleet
 * (`disasterRecovery.estimates` in the stack config).
 */
import type { Source } from "./types";

/** When the sources below were read. */
export const RECOVERY_FIGURES_DATE = "2026-11-22";

/** A figure with its source. */
export interface CitedFigure {
  readonly value: number;
  readonly unit: "seconds" | "minutes" | "checks";
  readonly source: Source;
}

const ROUTE53_HEALTH =
  "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html";

/** Route 53 health checks. */
export const ROUTE53_HEALTH_CHECK = {
  /** Seconds between checks: Route 53 offers 10 (fast, billed extra) or 30 (the default). */
  requestIntervalSeconds: {
    value: 10,
    unit: "seconds",
    source: {
      url: ROUTE53_HEALTH,
      date: RECOVERY_FIGURES_DATE,
      note: '"you can specify the interval between checks: every 10 seconds or every 30 seconds"; the API default is 30 (HealthCheckConfig.RequestInterval). 10 is chosen here for a faster failover.',
    },
  },
  /** Consecutive failed checks before an endpoint counts as unhealthy (Route 53's default). */
  failureThreshold: {
    value: 3,
    unit: "checks",
    source: {
      url: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html",
      date: RECOVERY_FIGURES_DATE,
      note: "FailureThreshold: number of consecutive checks an endpoint must fail or pass to change status; default 3.",
    },
  },
} as const satisfies Record<string, CitedFigure>;

/** Cloud DNS health checks of external endpoints (global health checks with source regions). */
export const CLOUD_DNS_HEALTH_CHECK: CitedFigure = {
  value: 30,
  unit: "seconds",
  source: {
    url: "https://cloud.google.com/compute/docs/reference/rest/v1/healthChecks",
    date: RECOVERY_FIGURES_DATE,
    note: "sourceRegions: exactly 3 regions; with source regions checkIntervalSec must be at least 30 (HealthCheck resource reference, as mirrored in @pulumi/gcp 9.37 compute.HealthCheck docs). Cloud DNS routing policies health-check external endpoints in public zones.",
  },
};

/** The TTL given to failover records; resolvers may serve the old answer that long. */
export const FAILOVER_DNS_TTL: CitedFigure = {
  value: 60,
  unit: "seconds",
  source: {
    url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html",
    date: RECOVERY_FIGURES_DATE,
    note: "Our choice of TTL for the failover record; AWS recommends a TTL of 60 seconds or less for records that fail over, so clients re-resolve quickly.",
  },
};

/** Time for Kubernetes to notice the load and ask for nodes once traffic arrives at the standby. */
export const SCALE_UP_TRIGGER: CitedFigure = {
  value: 25,
  unit: "seconds",
  source: {
    url: "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
    date: RECOVERY_FIGURES_DATE,
    note: "HorizontalPodAutoscaler sync period 15 s (--horizontal-pod-autoscaler-sync-period default) plus cluster-autoscaler's 10 s --scan-interval default (kubernetes/autoscaler FAQ).",
  },
};

/** A GPU node from the scale-up request until it is Ready with its GPUs allocatable. */
export const GPU_NODE_PROVISIONING: CitedFigure = {
  value: 5,
  unit: "minutes",
  source: {
    url: "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/utils/gpu/gpu.go",
    date: RECOVERY_FIGURES_DATE,
    note: "Observed ~5 min for a new node via Karpenter (launch, join, pod start) in practitioner reports; cluster-autoscaler's GPU code notes a GPU node can take up to 15 min to report GPUs allocatable. Replace with a measured figure (hai rehearse --live).",
  },
};

/** An inference server from container start to passing its readiness probe with the model loaded. */
export const MODEL_LOAD: CitedFigure = {
  value: 5,
  unit: "minutes",
  source: {
    url: "https://route179.dev/2026/06/30/optimizing-vllm-cold-start-with-model-streaming-and-compile-caching/",
    date: RECOVERY_FIGURES_DATE,
    note: "vLLM cold start of a 35B model from local NVMe: five minutes or more (weights ~142 s, torch.compile ~39 s, then warm-up); larger models and network storage take longer. Replace with a measured figure.",
  },
};

/** How far behind a replica may be, by replication mechanism. */
export const REPLICATION_LAG = {
  /** S3 Replication Time Control: 99.99% of objects within 15 minutes (an SLA). */
  s3ReplicationTimeControl: {
    value: 15,
    unit: "minutes",
    source: {
      url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html",
      date: RECOVERY_FIGURES_DATE,
      note: "S3 RTC replicates most objects in seconds and 99.99% of them within 15 minutes, backed by an SLA; 15 is the only valid ReplicationTime/EventThreshold value.",
    },
  },
  /** GCS turbo replication on a dual-region bucket: 15-minute RPO target. */
  gcsTurbo: {
    value: 15,
    unit: "minutes",
    source: {
      url: "https://cloud.google.com/storage/docs/availability-durability#turbo-replication",
      date: RECOVERY_FIGURES_DATE,
      note: "ASYNC_TURBO: data in a dual-region bucket replicates between regions within 15 minutes (Rpo.ASYNC_TURBO, Cloud Storage client reference).",
    },
  },
  /** Storage Transfer Service job S3 -> GCS: runs at most hourly; the copy itself takes more. */
  storageTransferHourly: {
    value: 60,
    unit: "minutes",
    source: {
      url: "https://cloud.google.com/storage-transfer/docs/schedule-transfer-jobs",
      date: RECOVERY_FIGURES_DATE,
      note: 'Transfer jobs can run "as frequently as every hour"; Schedule.repeat_interval "may not be less than 1 hour". The lag is at least the interval, plus the run\'s own duration.',
    },
  },
} as const satisfies Record<string, CitedFigure>;

/** Replication without a time guarantee: S3 CRR without RTC, GCS dual-region DEFAULT rpo. */
export const UNBOUNDED_REPLICATION_NOTE =
  "no time guarantee: S3 replication without RTC and GCS dual-region DEFAULT replication make no promise on how long an object takes to reach the other region";

/** Seconds in a figure. */
export function seconds(figure: CitedFigure): number {
  if (figure.unit === "checks") {
    throw new Error("a count of checks is not a duration");
  }
  return figure.unit === "minutes" ? figure.value * 60 : figure.value;
}
