/**
 * Readiness checks of a DR region, read from the resources a stack would create in normal operation
 * and after failover: standby capacity, replication, health checks and backups. Each check reads the
 * resources themselves, not only what the component says about them.
 */
import type { CapturedResource } from "../run/capture";
import { extractGpuPools, type GpuPoolInfo } from "../../model/readers/pools";
import type { DrFacts } from "../../model/readers/dr";

export type CheckStatus = "pass" | "fail" | "skip";

/** One readiness check. */
export interface ReadinessCheck {
  readonly id: "capacity" | "replication" | "health-checks" | "backups";
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, one line per fact. */
  readonly details: readonly string[];
  /** Why the check fails and what to change; empty when it passes. */
  readonly problems: readonly string[];
}

/** The resources of both runs. */
export interface ReadinessInput {
  readonly facts: DrFacts;
  /** The stack as configured, with failover off (for a rehearsal: as configured). */
  readonly normal: readonly CapturedResource[];
  /** The stack with failover on (for a rehearsal: the same as `normal`). */
  readonly failover: readonly CapturedResource[];
}

const T = {
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  gcsBucket: "gcp:storage/bucket:Bucket",
  transferJob: "gcp:storage/transferJob:TransferJob",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  gcpHealthCheck: "gcp:compute/healthCheck:HealthCheck",
  recordSet: "gcp:dns/recordSet:RecordSet",
  record: "aws:route53/record:Record",
  schedule: "kubernetes:velero.io/v1:Schedule",
} as const;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Runs every check. */
export function checkReadiness(input: ReadinessInput): ReadinessCheck[] {
  return [
    checkCapacity(input),
    checkReplication(input),
    checkHealthChecks(input),
    checkBackups(input),
  ];
}

/** GPUs of a pool at a size. */
const gpus = (p: GpuPoolInfo, nodes: number) => nodes * p.gpusPerNode;

/** A check's result: it passes when it found no problem. */
function result(
  id: ReadinessCheck["id"],
  title: string,
  details: readonly string[],
  problems: readonly string[],
): ReadinessCheck {
  return { id, title, status: problems.length === 0 ? "pass" : "fail", details, problems };
}

/**
 * After scale-up, the standby pools reach the primary's serving capacity within their limits, GPU type by
 * GPU type, and failover holds them at serving size.
 */
export function checkCapacity({ facts, normal, failover }: ReadinessInput): ReadinessCheck {
  const title = "secondary GPU capacity covers the primary's serving capacity";
  const details: string[] = [];
  const problems: string[] = [];
  const normalPools = extractGpuPools(normal);
  const failoverPools = extractGpuPools(failover);
  const serving = new Map<string, number>();
  const reachable = new Map<string, number>();
  const held = new Map<string, number>();
  for (const standby of facts.standbyPools) {
    const primaryPool = normalPools.find(
      (p) => p.pool === `${facts.primary.cluster}-${standby.pool}`,
    );
    const servingGpus =
      primaryPool !== undefined
        ? gpus(primaryPool, primaryPool.minNodes)
        : standby.servingNodes * standby.gpusPerNode;
    const after = failoverPools.find((p) => p.pool === standby.resourceName);
    const gpu = standby.gpu;
    serving.set(gpu, (serving.get(gpu) ?? 0) + servingGpus);
    if (after === undefined) {
      problems.push(
        `standby pool ${standby.resourceName} is missing: nothing in ${facts.secondary.region} replaces ${standby.pool}`,
      );
      continue;
    }
    reachable.set(gpu, (reachable.get(gpu) ?? 0) + gpus(after, after.maxNodes));
    held.set(gpu, (held.get(gpu) ?? 0) + gpus(after, after.minNodes));
    const before = normalPools.find((p) => p.pool === standby.resourceName);
    details.push(
      `${standby.pool} (${gpu}): primary serves with ${servingGpus} GPUs; standby ${standby.resourceName} ` +
        `runs ${before === undefined ? "?" : gpus(before, before.minNodes)} GPUs, holds ${gpus(after, after.minNodes)} after failover, ` +
        `reaches at most ${gpus(after, after.maxNodes)}`,
    );
  }
  for (const [gpu, need] of serving) {
    const max = reachable.get(gpu) ?? 0;
    const min = held.get(gpu) ?? 0;
    if (max < need) {
      problems.push(
        `too small: the secondary reaches at most ${max} ${gpu} GPUs in ${facts.secondary.region} but the primary serves with ${need}; ` +
          "raise the standby's maxNodes (disasterRecovery.pools[].maxNodes) or the region's GPU quota",
      );
    } else if (min < need) {
      problems.push(
        `after failover the secondary holds ${min} ${gpu} GPUs, fewer than the ${need} the primary serves with`,
      );
    }
  }
  if (facts.standbyPools.length === 0) {
    problems.push("no standby pool: the primary has no serving pool to protect");
  }
  return result("capacity", title, details, problems);
}

/** Artifacts are versioned and replicated to the secondary region, time-controlled when the RPO needs it. */
export function checkReplication({ facts, normal }: ReadinessInput): ReadinessCheck {
  const title = "model artifacts are versioned and replicated";
  const { mechanism, sourceBucket, replicaBucket } = facts.replication;
  if (mechanism === "none") {
    return {
      id: "replication",
      title,
      status: "skip",
      details: ["a rehearsal replicates nothing: it reads the production replica"],
      problems: [],
    };
  }
  const details: string[] = [];
  const problems: string[] = [];
  const fail = (m: string) => problems.push(m);
  if (mechanism === "gcs-dual-region" || mechanism === "gcs-dual-region-turbo") {
    const bucket = normal.find((r) => r.type === T.gcsBucket && r.inputs.name === sourceBucket);
    if (bucket === undefined) {
      fail(`no GCS bucket ${sourceBucket}`);
    } else {
      const locations = list(obj(bucket.inputs.customPlacementConfig).dataLocations);
      if (locations.length !== 2) {
        fail(
          `bucket ${sourceBucket} is not dual-region (data locations: ${locations.join(", ") || "none"})`,
        );
      } else {
        details.push(`gs://${sourceBucket} is dual-region: ${locations.join(" + ")}`);
      }
      if (obj(bucket.inputs.versioning).enabled !== true) {
        fail(`bucket ${sourceBucket} is not versioned`);
      }
      const rpo = bucket.inputs.rpo;
      if (mechanism === "gcs-dual-region-turbo" && rpo !== "ASYNC_TURBO") {
        fail(
          `bucket ${sourceBucket} lacks turbo replication (rpo ${String(rpo)}), needed for an RPO of ${facts.rpoMinutes} min`,
        );
      } else {
        details.push(`replication: ${String(rpo)}`);
      }
    }
    return result("replication", title, details, problems);
  }

  if (mechanism === "sts-hourly") {
    const job = normal.find((r) => {
      const spec = obj(r.inputs.transferSpec);
      return (
        r.type === T.transferJob &&
        obj(spec.awsS3DataSource).bucketName === sourceBucket &&
        obj(spec.gcsDataSink).bucketName === replicaBucket
      );
    });
    const replica = normal.find((r) => r.type === T.gcsBucket && r.inputs.name === replicaBucket);
    if (
      !normal.some(
        (r) =>
          r.type === T.versioning &&
          r.inputs.bucket === sourceBucket &&
          obj(r.inputs.versioningConfiguration).status === "Enabled",
      )
    ) {
      fail(`s3://${sourceBucket} has no versioning Enabled`);
    }
    if (replica === undefined || obj(replica.inputs.versioning).enabled !== true) {
      fail(`replica gs://${replicaBucket} is missing or not versioned`);
    }
    if (job === undefined || job.inputs.status === "DISABLED") {
      fail(`no enabled transfer job copies s3://${sourceBucket} into gs://${replicaBucket}`);
    } else {
      details.push(
        `s3://${sourceBucket} -> gs://${replicaBucket} every ${String(obj(job.inputs.schedule).repeatInterval)} (Storage Transfer Service)`,
      );
    }
    return result("replication", title, details, problems);
  }
  const versioned = (bucket: string | undefined) =>
    normal.some(
      (r) =>
        r.type === T.versioning &&
        r.inputs.bucket === bucket &&
        obj(r.inputs.versioningConfiguration).status === "Enabled",
    );
  if (!versioned(sourceBucket)) {
    fail(`s3://${sourceBucket} has no versioning Enabled: S3 replication needs it on both buckets`);
  }
  if (!versioned(replicaBucket)) {
    fail(`replica s3://${replicaBucket} has no versioning Enabled`);
  }
  const config = normal.find((r) => r.type === T.replication && r.inputs.bucket === sourceBucket);
  const rules = list(config?.inputs.rules).map(obj);
  const rule = rules.find((r) => r.status === "Enabled");
  if (config === undefined || rule === undefined) {
    fail(`s3://${sourceBucket} has no enabled replication rule`);
  } else {
    const destination = obj(rule.destination);
    const rtc = obj(destination.replicationTime);
    details.push(
      `s3://${sourceBucket} -> s3://${replicaBucket} (${facts.secondary.region}), rule ${String(rule.id)}`,
    );
    if (mechanism === "s3-crr-rtc") {
      if (rtc.status !== "Enabled") {
        fail(`Replication Time Control is off; an RPO of ${facts.rpoMinutes} min needs it`);
      } else {
        details.push("Replication Time Control on: 99.99% of objects within 15 min");
      }
    } else {
      details.push(
        "Replication Time Control off (RPO above 15 min): no replication time guarantee",
      );
    }
  }
  return result("replication", title, details, problems);
}

/** Each endpoint has a health check, and the failover records use them, pointing where the roles say. */
export function checkHealthChecks(input: ReadinessInput): ReadinessCheck {
  return input.facts.dns.provider === "cloud-dns" ? checkCloudDns(input) : checkRoute53(input);
}

/** Cloud DNS: a health check with source regions, and a primary-backup record that follows the roles. */
function checkCloudDns({ facts, normal, failover }: ReadinessInput): ReadinessCheck {
  const title = "health checks and failover records are in place";
  const details: string[] = [];
  const problems: string[] = [];
  const check = normal.find(
    (r) => r.type === T.gcpHealthCheck && list(r.inputs.sourceRegions).length === 3,
  );
  if (check === undefined) {
    problems.push(
      "no Cloud DNS health check (a global HTTPS health check with three source regions)",
    );
  } else {
    details.push(
      `HTTPS ${String(obj(check.inputs.httpsHealthCheck).requestPath)} from ${list(check.inputs.sourceRegions).join(", ")} ` +
        `every ${String(check.inputs.checkIntervalSec)} s, unhealthy after ${String(check.inputs.unhealthyThreshold)} failures`,
    );
  }
  const record = (rs: readonly CapturedResource[]) =>
    rs.find((r) => r.type === T.recordSet && r.inputs.name === `${facts.dns.fqdn}.`);
  if (facts.rehearsal) {
    const r = record(normal);
    if (r === undefined) {
      problems.push(`no record ${facts.dns.fqdn} for the rehearsal`);
    } else if (r.inputs.routingPolicy !== undefined) {
      problems.push(
        `the rehearsal record ${facts.dns.fqdn} has a routing policy: a rehearsal must not join production routing`,
      );
    } else {
      details.push(
        `${facts.dns.fqdn} -> ${list(r.inputs.rrdatas).join(", ")} (the rehearsal's own name)`,
      );
    }
    return result("health-checks", title, details, problems);
  }
  for (const [when, rs, activeEnd] of [
    ["normal", normal, facts.primary],
    ["failover", failover, facts.secondary],
  ] as const) {
    const r = record(rs);
    const policy = obj(r?.inputs.routingPolicy);
    const backup = obj(policy.primaryBackup);
    if (r === undefined || Object.keys(backup).length === 0) {
      problems.push(`${when}: ${facts.dns.fqdn} has no primary-backup routing policy`);
      continue;
    }
    if (policy.healthCheck === undefined) {
      problems.push(
        `${when}: the routing policy of ${facts.dns.fqdn} has no health check: Cloud DNS would never fail over`,
      );
    }
    const primaryTargets = list(obj(backup.primary).externalEndpoints);
    if (!primaryTargets.includes(activeEnd.endpoint)) {
      problems.push(
        `${when}: the primary target is ${primaryTargets.join(", ") || "empty"}, not ${activeEnd.endpoint} (${activeEnd.cluster})`,
      );
    } else {
      details.push(
        `${when}: primary -> ${activeEnd.endpoint} (${activeEnd.cluster}), TTL ${String(r.inputs.ttl)} s`,
      );
    }
  }
  return result("health-checks", title, details, problems);
}

/** Route 53: a health check per endpoint and PRIMARY/SECONDARY records that follow the roles. */
function checkRoute53({ facts, normal, failover }: ReadinessInput): ReadinessCheck {
  const title = "health checks and failover records are in place";
  const details: string[] = [];
  const problems: string[] = [];
  const fail = (m: string) => problems.push(m);
  const ends = facts.rehearsal ? [facts.secondary] : [facts.primary, facts.secondary];
  for (const end of ends) {
    const check = normal.find((r) => r.type === T.healthCheck && r.inputs.fqdn === end.endpoint);
    if (check === undefined) {
      fail(`no health check on ${end.endpoint} (${end.cluster})`);
    } else {
      details.push(
        `${end.cluster}: ${String(check.inputs.type)} https://${end.endpoint}${String(check.inputs.resourcePath)} ` +
          `every ${String(check.inputs.requestInterval)} s, unhealthy after ${String(check.inputs.failureThreshold)} failures`,
      );
    }
  }
  if (facts.rehearsal) {
    const record = normal.find((r) => r.type === T.record && r.inputs.name === facts.dns.fqdn);
    if (record === undefined) {
      fail(`no record ${facts.dns.fqdn} for the rehearsal`);
    } else if (list(record.inputs.failoverRoutingPolicies).length > 0) {
      fail(
        `the rehearsal record ${facts.dns.fqdn} is a failover record: a rehearsal must not join production routing`,
      );
    } else {
      details.push(
        `${facts.dns.fqdn} -> ${list(record.inputs.records).join(", ")} (the rehearsal's own name)`,
      );
    }
    return result("health-checks", title, details, problems);
  }
  const failoverRecord = (resources: readonly CapturedResource[], role: "PRIMARY" | "SECONDARY") =>
    resources.find(
      (r) =>
        r.type === T.record &&
        r.inputs.name === facts.dns.fqdn &&
        list(r.inputs.failoverRoutingPolicies).some((p) => obj(p).type === role),
    );
  for (const [when, resources, activeEnd] of [
    ["normal", normal, facts.primary],
    ["failover", failover, facts.secondary],
  ] as const) {
    const primaryRecord = failoverRecord(resources, "PRIMARY");
    const secondaryRecord = failoverRecord(resources, "SECONDARY");
    if (primaryRecord === undefined || secondaryRecord === undefined) {
      fail(
        `${when}: ${facts.dns.fqdn} lacks a ${primaryRecord === undefined ? "PRIMARY" : "SECONDARY"} failover record`,
      );
      continue;
    }
    for (const record of [primaryRecord, secondaryRecord]) {
      if (record.inputs.healthCheckId === undefined) {
        fail(
          `${when}: failover record ${record.name} has no health check: Route 53 would never fail over`,
        );
      }
    }
    const target = list(primaryRecord.inputs.records);
    if (!target.includes(activeEnd.endpoint)) {
      fail(
        `${when}: the PRIMARY record points at ${target.join(", ")}, not ${activeEnd.endpoint} (${activeEnd.cluster})`,
      );
    } else {
      details.push(
        `${when}: PRIMARY -> ${activeEnd.endpoint} (${activeEnd.cluster}), TTL ${String(primaryRecord.inputs.ttl)} s`,
      );
    }
  }
  return result("health-checks", title, details, problems);
}

/** Velero schedules back up each cluster of the pair, keeping backups longer than their interval. */
export function checkBackups({ facts, normal }: ReadinessInput): ReadinessCheck {
  const title = "cluster backups are scheduled";
  if (facts.rehearsal) {
    return {
      id: "backups",
      title,
      status: "skip",
      details: ["a rehearsal stack is thrown away: it backs up nothing"],
      problems: [],
    };
  }
  const details: string[] = [];
  const problems: string[] = [];
  const clusters = [facts.primary.cluster, facts.secondary.cluster];
  for (const cluster of clusters) {
    const schedule = normal.find(
      (r) => r.type === T.schedule && obj(r.inputs.metadata).name === `${facts.name}-${cluster}`,
    );
    const spec = obj(schedule?.inputs.spec);
    const ttl = obj(spec.template).ttl;
    if (schedule === undefined || typeof spec.schedule !== "string" || spec.schedule === "") {
      problems.push(`no Velero schedule backs up ${cluster}`);
    } else if (typeof ttl !== "string" || ttl === "" || ttl.startsWith("0")) {
      problems.push(
        `the Velero schedule of ${cluster} keeps backups for no time (ttl ${String(ttl)})`,
      );
    } else {
      details.push(`${cluster}: Velero schedule "${spec.schedule}", kept ${ttl}`);
    }
  }
  return result("backups", title, details, problems);
}
