import { nearestGcpRegion } from "../../model/rules/regions";
import * as pulumi from "@pulumi/pulumi";
import { CronExpressionParser } from "cron-parser";
import { FAILOVER_DNS_TTL, ROUTE53_HEALTH_CHECK } from "../../model/catalog/recovery";
import { GPU_IDS } from "../../model/catalog/types";
import { GpuNodePool } from "../compute/gpuNodePool";
import { isRegionName } from "../../model/regions";
import { replicaBucketName, gcpContinent, replicateArtifacts } from "./artifacts";
import { scheduleBackups, VELERO_NAMESPACE } from "./backups";
import { cloudDnsFailover, HEALTH_CHECK_PORT, route53Failover } from "./dns";
import { show, throwIfProblems, type Problem } from "../../model/validation";
import {
  COMPONENT_TYPES,
  DR_STRATEGIES,
  type DrStrategy,
  type ReplicationMechanism,
} from "../../model/contracts";
import type {
  DisasterRecoveryRegionArgs,
  DrClusterArgs,
  DrDnsArgs,
  ProtectedPoolArgs,
  ResolvedDns,
} from "./types";
import { DNS_PROVIDERS } from "./types";
import type { DisasterRecoveryRegionOutputs, StandbyPoolFacts } from "../../model/outputs";
import type { Registered } from "../registered";

export { CLOUD_DNS_PROBE_REGIONS } from "./dns";
export {
  DNS_PROVIDERS,
  type DisasterRecoveryRegionArgs,
  type DnsProvider,
  type DrBackupArgs,
  type DrClusterArgs,
  type DrDnsArgs,
  type ProtectedPoolArgs,
  type ResolvedDns,
} from "./types";
export { replicaBucketName, TRANSFER_REPEAT_SECONDS } from "./artifacts";

/** Type token of {@link DisasterRecoveryRegion}. */
export const DISASTER_RECOVERY_REGION_TYPE = COMPONENT_TYPES.disasterRecoveryRegion;

/** How much GPU capacity waits in the secondary region. */
export { DR_STRATEGIES, type DrStrategy, type ReplicationMechanism };

/** Defaults applied when args leave them out. */
export const DR_DEFAULTS = {
  /** Warm standby keeps this share of the primary's serving nodes running (rounded up). */
  warmStandbyPercent: 50,
  dnsTtlSeconds: FAILOVER_DNS_TTL.value,
  healthCheckPath: "/health",
  healthCheckPort: HEALTH_CHECK_PORT,
  healthCheckIntervalSeconds: ROUTE53_HEALTH_CHECK.requestIntervalSeconds.value,
  /** Cloud DNS health checks with source regions run at most every 30 s. */
  cloudDnsHealthCheckIntervalSeconds: 30,
  failureThreshold: ROUTE53_HEALTH_CHECK.failureThreshold.value,
  /** Velero backups every 15 minutes, kept 30 days. */
  backupSchedule: "*/15 * * * *",
  backupTtlHours: 720,
  veleroNamespace: VELERO_NAMESPACE,
  /** RPO at or under which S3 Replication Time Control / GCS turbo replication is turned on. */
  timeControlledRpoMinutes: 15,
} as const;

/** Route 53 accepts only these health-check intervals. */
export const ROUTE53_INTERVALS = [10, 30] as const;

/** Size of one standby pool. */
export interface StandbyPoolSize {
  readonly minNodes: number;
  readonly maxNodes: number;
}

/**
 * Size of a standby pool: pilot light at zero (the autoscaler adds nodes when traffic arrives), warm
 * standby a share of the serving nodes, active-active and any failover at serving size. Serving size
 * never exceeds the standby's largest size.
 */
export function standbyPoolSize(
  strategy: DrStrategy,
  pool: Pick<ProtectedPoolArgs, "servingNodes" | "maxNodes" | "standbyMaxNodes">,
  failover: boolean,
  warmStandbyPercent: number = DR_DEFAULTS.warmStandbyPercent,
): StandbyPoolSize {
  const maxNodes = pool.standbyMaxNodes ?? pool.maxNodes;
  const serving = Math.min(pool.servingNodes, maxNodes);
  if (failover || strategy === "active-active") {
    return { minNodes: serving, maxNodes };
  }
  if (strategy === "warm-standby") {
    return {
      minNodes: Math.min(serving, Math.ceil((serving * warmStandbyPercent) / 100)),
      maxNodes,
    };
  }
  return { minNodes: 0, maxNodes };
}

/** The replication a pair of clusters and an RPO call for; `none` in a rehearsal. */
export function replicationMechanism(
  args: Pick<DisasterRecoveryRegionArgs, "primary" | "secondary" | "rpoMinutes" | "rehearsal">,
): ReplicationMechanism {
  if (args.rehearsal) {
    return "none";
  }
  const timed = args.rpoMinutes <= DR_DEFAULTS.timeControlledRpoMinutes;
  if (args.primary.cloud === "aws" && args.secondary.cloud === "gcp") {
    return "sts-hourly";
  }
  if (args.primary.cloud === "aws") {
    return timed ? "s3-crr-rtc" : "s3-crr";
  }
  return timed ? "gcs-dual-region-turbo" : "gcs-dual-region";
}

/** Applies the DNS defaults, which depend on the provider. */
export function resolveDns(dns: DrDnsArgs): ResolvedDns {
  const provider = dns.provider ?? "route53";
  return {
    provider,
    managedZone: dns.managedZone,
    zone: dns.zone,
    record: dns.record,
    ttlSeconds: dns.ttlSeconds ?? DR_DEFAULTS.dnsTtlSeconds,
    healthCheckPath: dns.healthCheckPath ?? DR_DEFAULTS.healthCheckPath,
    healthCheckIntervalSeconds:
      dns.healthCheckIntervalSeconds ??
      (provider === "cloud-dns"
        ? DR_DEFAULTS.cloudDnsHealthCheckIntervalSeconds
        : DR_DEFAULTS.healthCheckIntervalSeconds),
    failureThreshold: dns.failureThreshold ?? DR_DEFAULTS.failureThreshold,
  };
}

const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** The health-checked host name of a cluster. */
export function clusterEndpoint(
  cluster: Pick<DrClusterArgs, "name" | "endpoint">,
  dns: Pick<DrDnsArgs, "zone" | "record">,
): string {
  return cluster.endpoint ?? `${dns.record}-${cluster.name}.${dns.zone}`;
}

const DNS_NAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Checks DR args and returns every problem, with paths as the stack config names them. */
export function validateDisasterRecoveryRegionArgs(args: DisasterRecoveryRegionArgs): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) => problems.push({ path, message });
  const { primary, secondary } = args;

  if (primary.name === secondary.name) {
    add(
      ["secondary"],
      `must be another cluster than the primary (got ${show(secondary.name)} twice)`,
    );
  } else if (primary.cloud === secondary.cloud && primary.region === secondary.region) {
    add(
      ["secondary"],
      `must be in another region than the primary: ${primary.name} and ${secondary.name} are both in ${primary.region}`,
    );
  }
  for (const [role, cluster] of [
    ["primary", primary],
    ["secondary", secondary],
  ] as const) {
    if (!isRegionName(cluster.cloud, cluster.region)) {
      add(
        [role],
        `cluster ${cluster.name} has no valid ${cluster.cloud} region (got ${show(cluster.region)})`,
      );
    }
  }
  if (!(DR_STRATEGIES as readonly string[]).includes(args.strategy)) {
    add(["strategy"], `must be one of ${DR_STRATEGIES.join(", ")} (got ${show(args.strategy)})`);
  }
  for (const key of ["rpoMinutes", "rtoMinutes"] as const) {
    if (!Number.isFinite(args[key]) || args[key] <= 0) {
      add([key], `must be a number of minutes > 0 (got ${show(args[key])})`);
    }
  }
  if (!DNS_NAME.test(args.dns.zone)) {
    add(
      ["dns", "zone"],
      `must be a DNS zone name like ai.example.com (got ${show(args.dns.zone)})`,
    );
  }
  if (!DNS_LABEL.test(args.dns.record)) {
    add(["dns", "record"], `must be one DNS label like inference (got ${show(args.dns.record)})`);
  }
  const interval = args.dns.healthCheckIntervalSeconds;
  const dnsProvider = args.dns.provider ?? "route53";
  if (!(DNS_PROVIDERS as readonly string[]).includes(dnsProvider)) {
    add(
      ["dns", "provider"],
      `must be one of ${DNS_PROVIDERS.join(", ")} (got ${show(dnsProvider)})`,
    );
  } else if (dnsProvider === "route53") {
    if (interval !== undefined && !(ROUTE53_INTERVALS as readonly number[]).includes(interval)) {
      add(
        ["dns", "healthCheckIntervalSeconds"],
        `must be 10 or 30, the intervals Route 53 offers (got ${show(interval)})`,
      );
    }
    if (args.dns.managedZone !== undefined) {
      add(["dns", "managedZone"], "applies to Cloud DNS only (dns.provider: cloud-dns)");
    }
  } else {
    if (
      interval !== undefined &&
      (!Number.isInteger(interval) || interval < 30 || interval > 300)
    ) {
      add(
        ["dns", "healthCheckIntervalSeconds"],
        `must be 30-300 s: Cloud DNS health checks with source regions run at most every 30 s (got ${show(interval)})`,
      );
    }
    if (args.dns.managedZone === undefined || args.dns.managedZone === "") {
      add(
        ["dns", "managedZone"],
        "is required with Cloud DNS: the managed zone's name, e.g. ai-example-com",
      );
    }
    if (primary.cloud !== "gcp" && secondary.cloud !== "gcp") {
      add(
        ["dns", "provider"],
        "cloud-dns needs a GCP cluster in the pair (its project holds the zone); use route53",
      );
    }
    for (const cluster of [primary, secondary]) {
      if (nearestGcpRegion(cluster.cloud, cluster.region) === undefined) {
        add(
          [cluster === primary ? "primary" : "secondary"],
          `has no GCP region near ${cluster.region} for Cloud DNS's backup geo (which must be a GCP region); use route53`,
        );
      }
    }
    for (const cluster of args.rehearsal ? [secondary] : [primary, secondary]) {
      if (cluster.endpoint === undefined || !IPV4.test(cluster.endpoint)) {
        add(
          ["dns", "endpoints", cluster.name],
          `must be the external IPv4 address of ${cluster.name}'s ingress: Cloud DNS health-checks addresses, not names (got ${show(cluster.endpoint)})`,
        );
      }
    }
  }
  const threshold = args.dns.failureThreshold;
  if (
    threshold !== undefined &&
    (!Number.isInteger(threshold) || threshold < 1 || threshold > 10)
  ) {
    add(
      ["dns", "failureThreshold"],
      `must be a whole number from 1 to 10 (got ${show(threshold)})`,
    );
  }
  const ttl = args.dns.ttlSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 86400)) {
    add(
      ["dns", "ttlSeconds"],
      `must be a whole number of seconds from 0 to 86400 (got ${show(ttl)})`,
    );
  }
  if (args.dns.healthCheckPath !== undefined && !args.dns.healthCheckPath.startsWith("/")) {
    add(["dns", "healthCheckPath"], `must start with / (got ${show(args.dns.healthCheckPath)})`);
  }

  if (!args.rehearsal) {
    if (primary.cloud === "gcp" && secondary.cloud === "aws") {
      add(
        ["artifacts", "bucket"],
        "cannot be replicated from gcp to aws: hai replicates within GCP (dual-region) or from S3 into GCS " +
          "(Storage Transfer Service); pick a GCP secondary",
      );
    } else if (primary.cloud === "aws") {
      const replica = replicaBucketName(args.artifactsBucket, secondary.region);
      if (!S3_BUCKET.test(args.artifactsBucket)) {
        add(
          ["artifacts", "bucket"],
          `must be an S3 bucket name: 3-63 lower-case letters, digits, '.' or '-' (got ${show(args.artifactsBucket)})`,
        );
      } else if (replica.length > 63) {
        add(
          ["artifacts", "bucket"],
          `is too long for its replica ${show(replica)} (S3 names have at most 63 characters)`,
        );
      }
    } else {
      const a = gcpContinent(primary.region);
      if (a === undefined || a !== gcpContinent(secondary.region)) {
        add(
          ["secondary"],
          `must be on the primary's continent for a GCS dual-region bucket (${primary.region} and ${secondary.region} are not)`,
        );
      }
      if (!/^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/.test(args.artifactsBucket)) {
        add(
          ["artifacts", "bucket"],
          `must be a GCS bucket name (got ${show(args.artifactsBucket)})`,
        );
      }
    }
  }

  for (const [role, cluster] of [
    ["primary", primary],
    ["secondary", secondary],
  ] as const) {
    if (
      dnsProvider === "route53" &&
      cluster.endpoint !== undefined &&
      !DNS_NAME.test(cluster.endpoint)
    ) {
      add(
        ["dns", "endpoints", cluster.name],
        `must be a host name like lb-1.us-east-1.elb.amazonaws.com (got ${show(cluster.endpoint)}, the ${role})`,
      );
    }
  }
  if (args.rehearsal && args.failover) {
    add(
      ["failover"],
      "has no meaning in a rehearsal: a rehearsal always stands the secondary up at serving size",
    );
  }

  const percent = args.warmStandbyPercent;
  if (percent !== undefined && (!Number.isFinite(percent) || percent <= 0 || percent > 100)) {
    add(
      ["warmStandbyPercent"],
      `must be a percentage above 0 and at most 100 (got ${show(percent)})`,
    );
  }
  if (args.backups?.schedule !== undefined) {
    try {
      CronExpressionParser.parse(args.backups.schedule, { tz: "UTC" });
    } catch {
      add(
        ["backups", "schedule"],
        `must be a cron expression like "*/15 * * * *" (got ${show(args.backups.schedule)})`,
      );
    }
  }
  const ttlHours = args.backups?.ttlHours;
  if (ttlHours !== undefined && (!Number.isInteger(ttlHours) || ttlHours < 1)) {
    add(["backups", "ttlHours"], `must be a whole number of hours >= 1 (got ${show(ttlHours)})`);
  }

  if (args.pools.length === 0) {
    add(
      ["pools"],
      `has nothing to protect: the primary ${primary.name} has no serving pool (minNodes > 0); list pools to protect`,
    );
  }
  args.pools.forEach((pool, i) => {
    if (!(GPU_IDS as readonly string[]).includes(pool.gpu)) {
      add(["pools", i, "gpu"], `must be a GPU catalog key (got ${show(pool.gpu)})`);
    }
    const max = pool.standbyMaxNodes;
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
      add(["pools", i, "maxNodes"], `must be a whole number >= 1 (got ${show(max)})`);
    }
  });

  return problems;
}

/** Checks what the program wires in (providers, cluster names), apart from what config decides. */
export function validateDrWiring(
  args: Pick<DisasterRecoveryRegionArgs, "primary" | "secondary" | "rehearsal">,
): Problem[] {
  const problems: Problem[] = [];
  if (
    !args.rehearsal &&
    (args.primary.provider === undefined || args.primary.clusterName === undefined)
  ) {
    problems.push({
      path: ["primary"],
      message:
        "needs the cluster's provider and name (only a rehearsal may leave the primary untouched)",
    });
  }
  if (args.secondary.provider === undefined || args.secondary.clusterName === undefined) {
    problems.push({ path: ["secondary"], message: "needs the cluster's provider and name" });
  }
  return problems;
}

export type { StandbyPoolFacts };

/**
 * Keeps a production stack serving when its region is lost: standby GPU capacity sized by strategy in
 * the secondary region, model artifacts replicated there, Route 53 failover records with health checks,
 * and scheduled Velero backups of both clusters. `failover: true` promotes the secondary; `rehearsal:
 * true` stands only the secondary up, behind its own name, for a game day.
 *
 * @example
 * new DisasterRecoveryRegion("prod-dr", {
 *   primary: { name: "aws-use1", cloud: "aws", region: "us-east-1", provider: use1.provider,
 *     clusterName: use1.clusterName, zones: ["us-east-1a", "us-east-1b"] },
 *   secondary: { name: "aws-usw2", cloud: "aws", region: "us-west-2", provider: usw2.provider,
 *     clusterName: usw2.clusterName, nodeRoleArn: usw2.nodeRoleArn, subnetIds: ["subnet-1a1"],
 *     zones: ["us-west-2a", "us-west-2b"] },
 *   strategy: "warm-standby", rpoMinutes: 15, rtoMinutes: 30,
 *   dns: { zone: "ai.example.com", record: "inference" }, artifactsBucket: "acme-models",
 *   pools: [{ name: "infer-l4", gpu: "l4", gpusPerNode: 1, servingNodes: 2, maxNodes: 10 }],
 *   costAllocation,
 * });
 */
export class DisasterRecoveryRegion extends pulumi.ComponentResource {
  /** The name clients use, `<record>.<zone>`. */
  public readonly fqdn: string;
  /** Health-check URL of the cluster serving now. */
  public readonly healthCheckUrl: string;
  /** Standby pools in the secondary region. */
  public readonly standbyPools: readonly GpuNodePool[];

  constructor(
    name: string,
    args: DisasterRecoveryRegionArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(DISASTER_RECOVERY_REGION_TYPE, name, {}, opts);
    throwIfProblems(`DisasterRecoveryRegion ${name}`, [
      ...validateDisasterRecoveryRegionArgs(args),
      ...validateDrWiring(args),
    ]);
    const failover = args.failover ?? false;
    const rehearsal = args.rehearsal ?? false;
    const warmPercent = args.warmStandbyPercent ?? DR_DEFAULTS.warmStandbyPercent;
    const dns = resolveDns(args.dns);
    const backups = {
      schedule: args.backups?.schedule ?? DR_DEFAULTS.backupSchedule,
      ttlHours: args.backups?.ttlHours ?? DR_DEFAULTS.backupTtlHours,
    };
    const { primary, secondary } = args;
    const secondaryProvider = secondary.provider!;
    const primaryEndpoint = clusterEndpoint(primary, dns);
    const secondaryEndpoint = clusterEndpoint(secondary, dns);
    const activeEndpoint = failover || rehearsal ? secondaryEndpoint : primaryEndpoint;
    this.fqdn = `${dns.record}.${dns.zone}`;
    // Cloud DNS endpoints are addresses; their certificates name the record.
    this.healthCheckUrl = `https://${dns.provider === "cloud-dns" ? this.fqdn : activeEndpoint}${dns.healthCheckPath}`;

    // Standby GPU capacity: a rehearsal stands up what a failover would.
    const pools: StandbyPoolFacts[] = [];
    this.standbyPools = args.pools.map((pool) => {
      const size = standbyPoolSize(args.strategy, pool, failover || rehearsal, warmPercent);
      const resourceName = `${name}-standby-${pool.name}`;
      pools.push({
        pool: pool.name,
        resourceName,
        gpu: pool.gpu,
        gpusPerNode: pool.gpusPerNode,
        servingNodes: pool.servingNodes,
        ...size,
      });
      return new GpuNodePool(
        resourceName,
        {
          cloud: secondary.cloud,
          region: secondary.region,
          clusterName: secondary.clusterName!,
          gpu: pool.gpu,
          gpusPerNode: pool.gpusPerNode,
          instanceTypes: secondary.cloud === primary.cloud ? pool.instanceTypes : undefined,
          minNodes: size.minNodes,
          maxNodes: size.maxNodes,
          zones: secondary.zones,
          capacity: "on-demand",
          costAllocation: args.costAllocation,
          subnetIds: secondary.cloud === "aws" ? [...(secondary.subnetIds ?? [])] : undefined,
          nodeRoleArn: secondary.nodeRoleArn,
          project: secondary.project,
          serviceAccountEmail: secondary.serviceAccountEmail,
        },
        { parent: this, provider: secondaryProvider },
      );
    });

    const mechanism = replicationMechanism(args);
    const replication = replicateArtifacts(this, name, args, mechanism);

    const endpoints = { primary: primaryEndpoint, secondary: secondaryEndpoint };
    const records =
      dns.provider === "cloud-dns"
        ? cloudDnsFailover(this, this.fqdn, name, args, dns, endpoints, failover, rehearsal)
        : route53Failover(this, this.fqdn, name, args, dns, endpoints, failover, rehearsal);

    // Velero backups of both clusters; a rehearsal is thrown away and backs up nothing.
    const backedUp = scheduleBackups(
      this,
      name,
      rehearsal
        ? []
        : [
            { role: "primary", cluster: primary },
            { role: "secondary", cluster: secondary },
          ],
      backups,
      args.costAllocation,
    );

    // Facts stack policies and `hai rehearse` read.
    this.registerOutputs({
      strategy: args.strategy,
      rpoMinutes: args.rpoMinutes,
      rtoMinutes: args.rtoMinutes,
      failover,
      rehearsal,
      environment: args.costAllocation.environment,
      primary: {
        cluster: primary.name,
        cloud: primary.cloud,
        region: primary.region,
        endpoint: primaryEndpoint,
      },
      secondary: {
        cluster: secondary.name,
        cloud: secondary.cloud,
        region: secondary.region,
        endpoint: secondaryEndpoint,
      },
      active: failover || rehearsal ? secondary.name : primary.name,
      dns: { fqdn: this.fqdn, records, ...dns },
      replication,
      standbyPools: pools,
      warmStandbyPercent: warmPercent,
      backups: { ...backups, clusters: backedUp },
      healthCheckUrl: this.healthCheckUrl,
    } satisfies Registered<DisasterRecoveryRegionOutputs>);
  }
}
