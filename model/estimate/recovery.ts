/**
 * RTO and RPO estimates built from their parts, each part with its source, against the stack's targets.
 *
 * RTO is the time from the primary failing until the secondary serves at the primary's serving capacity:
 * detection (health-check interval x failure threshold), resolvers dropping the old answer (the record's
 * TTL), and unless the standby already runs at serving size, the scale-up trigger, GPU node provisioning
 * and model load. The parts are taken one after another: a conservative sum.
 *
 * RPO is the most data that may be lost: the replication lag of model artifacts and the age of the
 * newest cluster backup (the backup interval).
 */
import { CronExpressionParser } from "cron-parser";
import {
  CLOUD_DNS_HEALTH_CHECK,
  GPU_NODE_PROVISIONING,
  MODEL_LOAD,
  REPLICATION_LAG,
  RECOVERY_FIGURES_DATE,
  ROUTE53_HEALTH_CHECK,
  SCALE_UP_TRIGGER,
  UNBOUNDED_REPLICATION_NOTE,
  seconds,
} from "../catalog/recovery";
import type { Source } from "../catalog/types";
import type { DrStrategy, ReplicationMechanism } from "../contracts";

/** One part of an estimate. */
export interface EstimatePart {
  readonly id: string;
  readonly label: string;
  /** Seconds; absent when there is no bound (replication without a time guarantee). */
  readonly seconds?: number;
  /** How the figure was obtained: `interval 10 s x threshold 3`. */
  readonly arithmetic: string;
  readonly source: Source;
}

/** An estimate against its target. */
export interface Estimate {
  readonly parts: readonly EstimatePart[];
  /** Sum (RTO) or worst part (RPO) in seconds; absent when a part is unbounded. */
  readonly totalSeconds?: number;
  readonly targetSeconds: number;
  readonly met: boolean;
  /** Why the target is missed, in one sentence; absent when met. */
  readonly reason?: string;
  /** A part without a bound: the target is not missed, but not guaranteed either. */
  readonly warning?: string;
}

/** What the RTO depends on. */
export interface RtoInputs {
  readonly strategy: DrStrategy;
  readonly rtoMinutes: number;
  readonly healthCheckIntervalSeconds: number;
  readonly failureThreshold: number;
  readonly dnsTtlSeconds: number;
  /** Who health-checks and answers: Route 53 (default) or Cloud DNS. */
  readonly dnsProvider?: "route53" | "cloud-dns";
  /** Measured figures that replace the cited defaults. */
  readonly nodeProvisioningMinutes?: number;
  readonly modelLoadMinutes?: number;
}

const configSource = (what: string): Source => ({
  url: "stacks/Pulumi.<stack>.yaml (hybrid-ai:disasterRecovery)",
  date: RECOVERY_FIGURES_DATE,
  note: what,
});

const measured = (key: string): Source => ({
  url: `stacks/Pulumi.<stack>.yaml (hybrid-ai:disasterRecovery.estimates.${key})`,
  date: RECOVERY_FIGURES_DATE,
  note: "measured on this fleet (hai rehearse --live) and set in the stack config",
});

const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;

/** Estimates the RTO of a failover. */
export function estimateRto(inputs: RtoInputs): Estimate {
  const detection = inputs.healthCheckIntervalSeconds * inputs.failureThreshold;
  const parts: EstimatePart[] = [
    {
      id: "detection",
      label: "health checks mark the primary unhealthy",
      seconds: detection,
      arithmetic: `interval ${inputs.healthCheckIntervalSeconds} s x failure threshold ${inputs.failureThreshold}`,
      source:
        inputs.dnsProvider === "cloud-dns"
          ? CLOUD_DNS_HEALTH_CHECK.source
          : ROUTE53_HEALTH_CHECK.requestIntervalSeconds.source,
    },
    {
      id: "dns",
      label: "resolvers drop the cached answer",
      seconds: inputs.dnsTtlSeconds,
      arithmetic: `record TTL ${inputs.dnsTtlSeconds} s`,
      source: configSource("TTL of the failover records (dns.ttlSeconds, default 60)"),
    },
  ];
  if (inputs.strategy !== "active-active") {
    const provisioning =
      inputs.nodeProvisioningMinutes !== undefined
        ? inputs.nodeProvisioningMinutes * 60
        : seconds(GPU_NODE_PROVISIONING);
    const load =
      inputs.modelLoadMinutes !== undefined ? inputs.modelLoadMinutes * 60 : seconds(MODEL_LOAD);
    parts.push(
      {
        id: "scale-up-trigger",
        label: "autoscalers see the load and ask for nodes",
        seconds: seconds(SCALE_UP_TRIGGER),
        arithmetic: "HPA sync 15 s + cluster-autoscaler scan 10 s",
        source: SCALE_UP_TRIGGER.source,
      },
      {
        id: "node-provisioning",
        label: `GPU nodes join (${inputs.strategy === "pilot-light" ? "from zero" : "the rest of serving size"})`,
        seconds: provisioning,
        arithmetic: minutes(provisioning),
        source:
          inputs.nodeProvisioningMinutes !== undefined
            ? measured("nodeProvisioningMinutes")
            : GPU_NODE_PROVISIONING.source,
      },
      {
        id: "model-load",
        label: "inference servers load the model and pass readiness",
        seconds: load,
        arithmetic: minutes(load),
        source:
          inputs.modelLoadMinutes !== undefined ? measured("modelLoadMinutes") : MODEL_LOAD.source,
      },
    );
  }
  const total = parts.reduce((s, p) => s + (p.seconds ?? 0), 0);
  const target = inputs.rtoMinutes * 60;
  const met = total <= target;
  return {
    parts,
    totalSeconds: total,
    targetSeconds: target,
    met,
    reason: met
      ? undefined
      : `the estimated RTO of ${minutes(total)} exceeds the ${inputs.rtoMinutes}-minute target` +
        (inputs.strategy === "active-active"
          ? ""
          : `: a ${inputs.strategy} standby must provision GPU nodes and load the model`),
  };
}

/** Longest gap between two runs of a cron schedule, over the next day, in seconds. */
export function cronIntervalSeconds(schedule: string): number {
  const expr = CronExpressionParser.parse(schedule, {
    tz: "UTC",
    currentDate: new Date("2026-01-05T00:00:00Z"),
  });
  let prev = expr.next().getTime();
  let worst = 0;
  for (let i = 0; i < 200; i++) {
    const next = expr.next().getTime();
    worst = Math.max(worst, next - prev);
    prev = next;
    if (next - Date.parse("2026-01-05T00:00:00Z") > 8 * 24 * 3600 * 1000) {
      break;
    }
  }
  return worst / 1000;
}

/** What the RPO depends on. */
export interface RpoInputs {
  readonly rpoMinutes: number;
  readonly mechanism: ReplicationMechanism;
  /** Velero schedule; absent when no cluster is backed up. */
  readonly backupSchedule?: string;
}

/** Estimates the RPO: the worst of the replication lag and the backup interval. */
export function estimateRpo(inputs: RpoInputs): Estimate {
  const parts: EstimatePart[] = [];
  switch (inputs.mechanism) {
    case "s3-crr-rtc":
      parts.push({
        id: "replication",
        label: "model artifacts: S3 replication with Replication Time Control",
        seconds: seconds(REPLICATION_LAG.s3ReplicationTimeControl),
        arithmetic: "99.99% of objects within 15 min (SLA)",
        source: REPLICATION_LAG.s3ReplicationTimeControl.source,
      });
      break;
    case "gcs-dual-region-turbo":
      parts.push({
        id: "replication",
        label: "model artifacts: GCS dual-region with turbo replication",
        seconds: seconds(REPLICATION_LAG.gcsTurbo),
        arithmetic: "within 15 min (turbo RPO target)",
        source: REPLICATION_LAG.gcsTurbo.source,
      });
      break;
    case "sts-hourly":
      parts.push({
        id: "replication",
        label: "model artifacts: hourly Storage Transfer Service job, S3 to GCS",
        seconds: seconds(REPLICATION_LAG.storageTransferHourly),
        arithmetic: "runs every 60 min at best, plus the copy's own duration",
        source: REPLICATION_LAG.storageTransferHourly.source,
      });
      break;
    case "s3-crr":
    case "gcs-dual-region":
      parts.push({
        id: "replication",
        label: `model artifacts: ${inputs.mechanism === "s3-crr" ? "S3 replication without RTC" : "GCS dual-region, default replication"}`,
        arithmetic: UNBOUNDED_REPLICATION_NOTE,
        source:
          inputs.mechanism === "s3-crr"
            ? REPLICATION_LAG.s3ReplicationTimeControl.source
            : REPLICATION_LAG.gcsTurbo.source,
      });
      break;
    case "none":
      break;
  }
  if (inputs.backupSchedule !== undefined) {
    const interval = cronIntervalSeconds(inputs.backupSchedule);
    parts.push({
      id: "backups",
      label: "cluster objects: newest Velero backup",
      seconds: interval,
      arithmetic: `schedule "${inputs.backupSchedule}": at most ${minutes(interval)} between backups`,
      source: configSource("disasterRecovery.backups.schedule"),
    });
  }
  const target = inputs.rpoMinutes * 60;
  const unbounded = parts.filter((p) => p.seconds === undefined);
  const missing = parts.filter((p) => (p.seconds ?? 0) > target);
  return {
    parts,
    totalSeconds:
      unbounded.length > 0 ? undefined : parts.reduce((m, p) => Math.max(m, p.seconds ?? 0), 0),
    targetSeconds: target,
    met: missing.length === 0,
    reason:
      missing.length === 0
        ? undefined
        : `the ${inputs.rpoMinutes}-minute RPO is missed: ` +
          missing.map((p) => `${p.label} may lag ${minutes(p.seconds ?? 0)}`).join("; "),
    warning:
      unbounded.length === 0
        ? undefined
        : `${unbounded.map((p) => p.label).join(", ")}: ${UNBOUNDED_REPLICATION_NOTE}; ` +
          `set rpoMinutes to 15 or less to turn on time-controlled replication`,
  };
}
