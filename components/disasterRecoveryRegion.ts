import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CronExpressionParser } from "cron-parser";
import { FAILOVER_DNS_TTL, ROUTE53_HEALTH_CHECK } from "./catalog/recovery";
import { GPU_IDS, type Cloud } from "./catalog/types";
import { GpuNodePool } from "./gpuNodePool";
import { isRegionName } from "./regions";
import { awsTags, gcpLabels, type CostAllocation } from "./tags";
import { show, throwIfProblems, type Problem } from "./validation";

/** Type token of {@link DisasterRecoveryRegion}. */
export const DISASTER_RECOVERY_REGION_TYPE = "hybrid-ai:dr:DisasterRecoveryRegion";

/** How much GPU capacity waits in the secondary region. */
export const DR_STRATEGIES = ["pilot-light", "warm-standby", "active-active"] as const;
export type DrStrategy = (typeof DR_STRATEGIES)[number];

/** Defaults applied when args leave them out. */
export const DR_DEFAULTS = {
  /** Warm standby keeps this share of the primary's serving nodes running (rounded up). */
  warmStandbyPercent: 50,
  dnsTtlSeconds: FAILOVER_DNS_TTL.value,
  healthCheckPath: "/health",
  healthCheckPort: 443,
  healthCheckIntervalSeconds: ROUTE53_HEALTH_CHECK.requestIntervalSeconds.value,
  /** Cloud DNS health checks with source regions run at most every 30 s. */
  cloudDnsHealthCheckIntervalSeconds: 30,
  failureThreshold: ROUTE53_HEALTH_CHECK.failureThreshold.value,
  /** Velero backups every 15 minutes, kept 30 days. */
  backupSchedule: "*/15 * * * *",
  backupTtlHours: 720,
  veleroNamespace: "velero",
  /** RPO at or under which S3 Replication Time Control / GCS turbo replication is turned on. */
  timeControlledRpoMinutes: 15,
} as const;

/** Route 53 accepts only these health-check intervals. */
export const ROUTE53_INTERVALS = [10, 30] as const;

/** One cluster of the DR pair. */
export interface DrClusterArgs {
  /** The cluster's name in the stack config, e.g. `aws-use1`. */
  readonly name: string;
  readonly cloud: Cloud;
  /** Cloud region, e.g. `us-west-2`. */
  readonly region: string;
  /**
   * Provider of the cluster's cloud and region; children in that region use it.
   * @default - none: only allowed for the primary of a rehearsal, which is never touched
   */
  readonly provider?: pulumi.ProviderResource;
  /**
   * Cluster name as the cloud knows it.
   * @default - none: only allowed for the primary of a rehearsal
   */
  readonly clusterName?: pulumi.Input<string>;
  /** AWS only: subnets for standby node groups. */
  readonly subnetIds?: readonly string[];
  /** AWS only: IAM role ARN of standby nodes. */
  readonly nodeRoleArn?: pulumi.Input<string>;
  /** GCP only: project of the cluster. */
  readonly project?: string;
  /** GCP only: service account of standby nodes. */
  readonly serviceAccountEmail?: pulumi.Input<string>;
  /** Zones of `region` standby pools may use. */
  readonly zones: readonly string[];
  /**
   * Host name the cluster's inference ingress answers on (health-checked, target of the failover record).
   * @default - `<dns.record>-<name>.<dns.zone>`, a regional name the cluster's ingress publishes
   */
  readonly endpoint?: string;
}

/** A serving pool of the primary that the secondary must be able to replace. */
export interface ProtectedPoolArgs {
  /** The primary pool's name, e.g. `infer-l4`; the standby pool is `<name>-standby-<pool>`. */
  readonly name: string;
  /** GPU catalog key. */
  readonly gpu: string;
  readonly gpusPerNode: number;
  /**
   * Machine shapes, used when the secondary is on the same cloud.
   * @default - the catalog's smallest shape with `gpusPerNode` GPUs
   */
  readonly instanceTypes?: readonly string[];
  /** Nodes the primary serves with (its minimum size): what the secondary must reach on failover. */
  readonly servingNodes: number;
  /** The primary pool's largest size. */
  readonly maxNodes: number;
  /**
   * Largest size of the standby pool, e.g. the GPU quota of the secondary region.
   * @default - `maxNodes`
   */
  readonly standbyMaxNodes?: number;
}

/** Where failover DNS lives. */
export const DNS_PROVIDERS = ["route53", "cloud-dns"] as const;
export type DnsProvider = (typeof DNS_PROVIDERS)[number];

/**
 * Regions Cloud DNS health checks probe external endpoints from (a global spread; the API wants
 * exactly three).
 */
export const CLOUD_DNS_PROBE_REGIONS = ["us-central1", "europe-west1", "asia-southeast1"] as const;

/** DNS failover. */
export interface DrDnsArgs {
  /**
   * `route53` (failover records, CNAMEs to host names, any cloud) or `cloud-dns` (a primary-backup
   * routing policy over external IPv4 addresses, needs a GCP cluster in the pair).
   * @default "route53"
   */
  readonly provider?: DnsProvider;
  /**
   * Cloud DNS only: the managed zone's name (not its DNS name), e.g. `ai-example-com`.
   * @default - none: required with `cloud-dns`
   */
  readonly managedZone?: string;
  /** Public zone, e.g. `ai.example.com`. */
  readonly zone: string;
  /** Record in the zone that clients use, e.g. `inference`. */
  readonly record: string;
  /** @default 60 */
  readonly ttlSeconds?: number;
  /** @default "/health" */
  readonly healthCheckPath?: string;
  /** Seconds between health checks: 10 or 30 on Route 53, 30 or more on Cloud DNS. @default 10 (Route 53), 30 (Cloud DNS) */
  readonly healthCheckIntervalSeconds?: number;
  /** Failed checks before an endpoint is unhealthy. @default 3 */
  readonly failureThreshold?: number;
}

/** Cluster backups with Velero. */
export interface DrBackupArgs {
  /** Cron expression (UTC). @default "*\/15 * * * *" */
  readonly schedule?: string;
  /** Hours a backup is kept. @default 720 */
  readonly ttlHours?: number;
}

/** Arguments of {@link DisasterRecoveryRegion}. */
export interface DisasterRecoveryRegionArgs {
  /** The cluster that serves in normal operation. */
  readonly primary: DrClusterArgs;
  /** The cluster that takes over, in another region (it may be on another cloud). */
  readonly secondary: DrClusterArgs;
  /** `pilot-light` (pools at zero), `warm-standby` (a share running) or `active-active` (full size). */
  readonly strategy: DrStrategy;
  /** Most minutes of model artifacts that may be lost. */
  readonly rpoMinutes: number;
  /** Most minutes until the secondary serves at the primary's capacity. */
  readonly rtoMinutes: number;
  readonly dns: DrDnsArgs;
  /** Bucket of model weights in the primary region (S3) or the dual-region bucket to create (GCS). */
  readonly artifactsBucket: string;
  /** Serving pools of the primary the secondary must replace. */
  readonly pools: readonly ProtectedPoolArgs[];
  /** Who pays: AWS tags and GCP labels. */
  readonly costAllocation: CostAllocation;
  /**
   * Promote the secondary: the failover record points at it and its pools hold serving size.
   * @default false
   */
  readonly failover?: boolean;
  /**
   * A game day: stand the secondary up at serving size behind its own DNS name; create nothing on the
   * primary, no replication rule and no failover record.
   * @default false
   */
  readonly rehearsal?: boolean;
  /** Warm standby's running share of serving nodes, in percent. @default 50 */
  readonly warmStandbyPercent?: number;
  /** @default - every 15 minutes, kept 720 hours */
  readonly backups?: DrBackupArgs;
}

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
    return { minNodes: Math.min(serving, Math.ceil((serving * warmStandbyPercent) / 100)), maxNodes };
  }
  return { minNodes: 0, maxNodes };
}

/** How model artifacts reach the secondary region. */
export type ReplicationMechanism =
  | "s3-crr-rtc"
  | "s3-crr"
  | "gcs-dual-region-turbo"
  | "gcs-dual-region"
  /** AWS to GCP: a Storage Transfer Service job copying S3 into GCS every hour (its shortest interval). */
  | "sts-hourly"
  | "none";

/** Interval of the S3-to-GCS transfer job: Storage Transfer Service's shortest. */
export const TRANSFER_REPEAT_SECONDS = 3600;

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

/** DNS settings with defaults applied. */
export interface ResolvedDns {
  readonly provider: DnsProvider;
  readonly managedZone?: string;
  readonly zone: string;
  readonly record: string;
  readonly ttlSeconds: number;
  readonly healthCheckPath: string;
  readonly healthCheckIntervalSeconds: number;
  readonly failureThreshold: number;
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
      (provider === "cloud-dns" ? DR_DEFAULTS.cloudDnsHealthCheckIntervalSeconds : DR_DEFAULTS.healthCheckIntervalSeconds),
    failureThreshold: dns.failureThreshold ?? DR_DEFAULTS.failureThreshold,
  };
}

/** The project of the Cloud DNS zone: the GCP cluster's (the primary's when both are on GCP). */
function cloudDnsProject(args: Pick<DisasterRecoveryRegionArgs, "primary" | "secondary">): string | undefined {
  return args.primary.cloud === "gcp" ? args.primary.project : args.secondary.project;
}

const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** The S3 bucket replicas go to: `<bucket>-<secondary region>`. */
export function replicaBucketName(bucket: string, secondaryRegion: string): string {
  return `${bucket}-${secondaryRegion}`;
}

/** The health-checked host name of a cluster. */
export function clusterEndpoint(cluster: Pick<DrClusterArgs, "name" | "endpoint">, dns: Pick<DrDnsArgs, "zone" | "record">): string {
  return cluster.endpoint ?? `${dns.record}-${cluster.name}.${dns.zone}`;
}

/** Continent of a GCP region: dual-region buckets pair regions of one continent. */
function gcpContinent(region: string): "US" | "EU" | "ASIA" | undefined {
  if (region.startsWith("us-") || region.startsWith("northamerica-")) {
    return "US";
  }
  if (region.startsWith("europe-")) {
    return "EU";
  }
  if (region.startsWith("asia-")) {
    return "ASIA";
  }
  return undefined;
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
    add(["secondary"], `must be another cluster than the primary (got ${show(secondary.name)} twice)`);
  } else if (primary.cloud === secondary.cloud && primary.region === secondary.region) {
    add(
      ["secondary"],
      `must be in another region than the primary: ${primary.name} and ${secondary.name} are both in ${primary.region}`,
    );
  }
  for (const [role, cluster] of [["primary", primary], ["secondary", secondary]] as const) {
    if (!isRegionName(cluster.cloud, cluster.region)) {
      add([role], `cluster ${cluster.name} has no valid ${cluster.cloud} region (got ${show(cluster.region)})`);
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
    add(["dns", "zone"], `must be a DNS zone name like ai.example.com (got ${show(args.dns.zone)})`);
  }
  if (!DNS_LABEL.test(args.dns.record)) {
    add(["dns", "record"], `must be one DNS label like inference (got ${show(args.dns.record)})`);
  }
  const interval = args.dns.healthCheckIntervalSeconds;
  const dnsProvider = args.dns.provider ?? "route53";
  if (!(DNS_PROVIDERS as readonly string[]).includes(dnsProvider)) {
    add(["dns", "provider"], `must be one of ${DNS_PROVIDERS.join(", ")} (got ${show(dnsProvider)})`);
  } else if (dnsProvider === "route53") {
    if (interval !== undefined && !(ROUTE53_INTERVALS as readonly number[]).includes(interval)) {
      add(["dns", "healthCheckIntervalSeconds"], `must be 10 or 30, the intervals Route 53 offers (got ${show(interval)})`);
    }
    if (args.dns.managedZone !== undefined) {
      add(["dns", "managedZone"], "applies to Cloud DNS only (dns.provider: cloud-dns)");
    }
  } else {
    if (interval !== undefined && (!Number.isInteger(interval) || interval < 30 || interval > 300)) {
      add(["dns", "healthCheckIntervalSeconds"], `must be 30-300 s: Cloud DNS health checks with source regions run at most every 30 s (got ${show(interval)})`);
    }
    if (args.dns.managedZone === undefined || args.dns.managedZone === "") {
      add(["dns", "managedZone"], "is required with Cloud DNS: the managed zone's name, e.g. ai-example-com");
    }
    if (primary.cloud !== "gcp" && secondary.cloud !== "gcp") {
      add(["dns", "provider"], "cloud-dns needs a GCP cluster in the pair (its project holds the zone); use route53");
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
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1 || threshold > 10)) {
    add(["dns", "failureThreshold"], `must be a whole number from 1 to 10 (got ${show(threshold)})`);
  }
  const ttl = args.dns.ttlSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 86400)) {
    add(["dns", "ttlSeconds"], `must be a whole number of seconds from 0 to 86400 (got ${show(ttl)})`);
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
        add(["artifacts", "bucket"], `must be an S3 bucket name: 3-63 lower-case letters, digits, '.' or '-' (got ${show(args.artifactsBucket)})`);
      } else if (replica.length > 63) {
        add(["artifacts", "bucket"], `is too long for its replica ${show(replica)} (S3 names have at most 63 characters)`);
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
        add(["artifacts", "bucket"], `must be a GCS bucket name (got ${show(args.artifactsBucket)})`);
      }
    }
  }

  for (const [role, cluster] of [["primary", primary], ["secondary", secondary]] as const) {
    if (dnsProvider === "route53" && cluster.endpoint !== undefined && !DNS_NAME.test(cluster.endpoint)) {
      add(["dns", "endpoints", cluster.name], `must be a host name like lb-1.us-east-1.elb.amazonaws.com (got ${show(cluster.endpoint)}, the ${role})`);
    }
  }
  if (args.rehearsal && args.failover) {
    add(["failover"], "has no meaning in a rehearsal: a rehearsal always stands the secondary up at serving size");
  }

  const percent = args.warmStandbyPercent;
  if (percent !== undefined && (!Number.isFinite(percent) || percent <= 0 || percent > 100)) {
    add(["warmStandbyPercent"], `must be a percentage above 0 and at most 100 (got ${show(percent)})`);
  }
  if (args.backups?.schedule !== undefined) {
    try {
      CronExpressionParser.parse(args.backups.schedule, { tz: "UTC" });
    } catch {
      add(["backups", "schedule"], `must be a cron expression like "*/15 * * * *" (got ${show(args.backups.schedule)})`);
    }
  }
  const ttlHours = args.backups?.ttlHours;
  if (ttlHours !== undefined && (!Number.isInteger(ttlHours) || ttlHours < 1)) {
    add(["backups", "ttlHours"], `must be a whole number of hours >= 1 (got ${show(ttlHours)})`);
  }

  if (args.pools.length === 0) {
    add(["pools"], `has nothing to protect: the primary ${primary.name} has no serving pool (minNodes > 0); list pools to protect`);
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
export function validateDrWiring(args: Pick<DisasterRecoveryRegionArgs, "primary" | "secondary" | "rehearsal">): Problem[] {
  const problems: Problem[] = [];
  if (!args.rehearsal && (args.primary.provider === undefined || args.primary.clusterName === undefined)) {
    problems.push({ path: ["primary"], message: "needs the cluster's provider and name (only a rehearsal may leave the primary untouched)" });
  }
  if (args.secondary.provider === undefined || args.secondary.clusterName === undefined) {
    problems.push({ path: ["secondary"], message: "needs the cluster's provider and name" });
  }
  return problems;
}

/** A standby pool as the component outputs it. */
export interface StandbyPoolFacts {
  readonly pool: string;
  readonly resourceName: string;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly servingNodes: number;
  readonly minNodes: number;
  readonly maxNodes: number;
}

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

  constructor(name: string, args: DisasterRecoveryRegionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DISASTER_RECOVERY_REGION_TYPE, name, {}, opts);
    throwIfProblems(`DisasterRecoveryRegion ${name}`, [...validateDisasterRecoveryRegionArgs(args), ...validateDrWiring(args)]);
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
      pools.push({ pool: pool.name, resourceName, gpu: pool.gpu, gpusPerNode: pool.gpusPerNode, servingNodes: pool.servingNodes, ...size });
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
    const replication = this.replicate(name, args, mechanism);

    const endpoints = { primary: primaryEndpoint, secondary: secondaryEndpoint };
    const records =
      dns.provider === "cloud-dns"
        ? this.cloudDnsFailover(name, args, dns, endpoints, failover, rehearsal)
        : this.route53Failover(name, args, dns, endpoints, failover, rehearsal);

    // Velero backups of both clusters; a rehearsal is thrown away and backs up nothing.
    const backedUp: string[] = [];
    for (const [role, cluster] of rehearsal ? [] : ([["primary", primary], ["secondary", secondary]] as const)) {
      const provider = new k8s.Provider(
        `${name}-${role}-k8s`,
        { kubeconfig: kubeconfigFor(cluster, { parent: this, provider: cluster.provider! }) },
        { parent: this },
      );
      new k8s.apiextensions.CustomResource(
        `${name}-${role}-backup`,
        {
          apiVersion: "velero.io/v1",
          kind: "Schedule",
          metadata: { name: `${name}-${cluster.name}`, namespace: DR_DEFAULTS.veleroNamespace, labels: { "hybrid-ai/dr": name } },
          spec: {
            schedule: backups.schedule,
            useOwnerReferencesInBackup: false,
            template: { ttl: `${backups.ttlHours}h0m0s`, includedNamespaces: ["*"], snapshotVolumes: false },
          },
        },
        { parent: this, provider },
      );
      backedUp.push(cluster.name);
    }

    // Facts stack policies and `hai rehearse` read.
    this.registerOutputs({
      strategy: args.strategy,
      rpoMinutes: args.rpoMinutes,
      rtoMinutes: args.rtoMinutes,
      failover,
      rehearsal,
      environment: args.costAllocation.environment,
      primary: { cluster: primary.name, cloud: primary.cloud, region: primary.region, endpoint: primaryEndpoint },
      secondary: { cluster: secondary.name, cloud: secondary.cloud, region: secondary.region, endpoint: secondaryEndpoint },
      active: failover || rehearsal ? secondary.name : primary.name,
      dns: { fqdn: this.fqdn, records, ...dns },
      replication,
      standbyPools: pools,
      warmStandbyPercent: warmPercent,
      backups: { ...backups, clusters: backedUp },
      healthCheckUrl: this.healthCheckUrl,
    });
  }

  /** Route 53: an HTTPS health check per endpoint and PRIMARY/SECONDARY failover records (any cloud). */
  private route53Failover(
    name: string,
    args: DisasterRecoveryRegionArgs,
    dns: ResolvedDns,
    endpoints: { primary: string; secondary: string },
    failover: boolean,
    rehearsal: boolean,
  ): string[] {
    const { primary, secondary } = args;
    const provider =
      primary.cloud === "aws" && !rehearsal
        ? primary.provider!
        : secondary.cloud === "aws"
          ? secondary.provider!
          : new aws.Provider(`${name}-route53`, { region: "us-east-1" }, { parent: this });
    const opts = { parent: this, provider };
    const zone = aws.route53.getZoneOutput({ name: dns.zone, privateZone: false }, opts);
    const tags = awsTags(args.costAllocation, { "hybrid-ai/dr": name });
    const healthCheck = (role: string, endpoint: string) =>
      new aws.route53.HealthCheck(
        `${name}-${role}-health`,
        {
          type: "HTTPS",
          fqdn: endpoint,
          port: DR_DEFAULTS.healthCheckPort,
          resourcePath: dns.healthCheckPath,
          requestInterval: dns.healthCheckIntervalSeconds,
          failureThreshold: dns.failureThreshold,
          enableSni: true,
          tags: { ...tags, Name: `${name}-${role}` },
        },
        opts,
      );
    if (rehearsal) {
      const check = healthCheck("secondary", endpoints.secondary);
      new aws.route53.Record(
        `${name}-rehearsal-record`,
        { zoneId: zone.zoneId, name: this.fqdn, type: "CNAME", ttl: dns.ttlSeconds, records: [endpoints.secondary], healthCheckId: check.id },
        opts,
      );
      return ["rehearsal"];
    }
    const checks = { primary: healthCheck("primary", endpoints.primary), secondary: healthCheck("secondary", endpoints.secondary) };
    const active = failover ? { endpoint: endpoints.secondary, check: checks.secondary } : { endpoint: endpoints.primary, check: checks.primary };
    const standby = failover ? { endpoint: endpoints.primary, check: checks.primary } : { endpoint: endpoints.secondary, check: checks.secondary };
    for (const [role, target] of [["PRIMARY", active], ["SECONDARY", standby]] as const) {
      new aws.route53.Record(
        `${name}-${role.toLowerCase()}-record`,
        {
          zoneId: zone.zoneId,
          name: this.fqdn,
          type: "CNAME",
          ttl: dns.ttlSeconds,
          records: [target.endpoint],
          setIdentifier: role.toLowerCase(),
          failoverRoutingPolicies: [{ type: role }],
          healthCheckId: target.check.id,
        },
        opts,
      );
    }
    return ["PRIMARY", "SECONDARY"];
  }

  /**
   * Cloud DNS: an A record with a primary-backup routing policy over the clusters' external addresses,
   * health-checked from three regions by one global HTTPS health check.
   */
  private cloudDnsFailover(
    name: string,
    args: DisasterRecoveryRegionArgs,
    dns: ResolvedDns,
    endpoints: { primary: string; secondary: string },
    failover: boolean,
    rehearsal: boolean,
  ): string[] {
    const { primary, secondary } = args;
    const owner = primary.cloud === "gcp" && !rehearsal ? primary : secondary;
    const provider = owner.cloud === "gcp" && owner.provider !== undefined
      ? owner.provider
      : new gcp.Provider(`${name}-cloud-dns`, { project: cloudDnsProject(args) }, { parent: this });
    const opts = { parent: this, provider };
    const project = cloudDnsProject(args);
    const check = new gcp.compute.HealthCheck(
      `${name}-health`,
      {
        project,
        checkIntervalSec: dns.healthCheckIntervalSeconds,
        timeoutSec: 10,
        unhealthyThreshold: dns.failureThreshold,
        healthyThreshold: 2,
        sourceRegions: [...CLOUD_DNS_PROBE_REGIONS],
        httpsHealthCheck: { port: DR_DEFAULTS.healthCheckPort, requestPath: dns.healthCheckPath },
      },
      opts,
    );
    const standby = failover || rehearsal ? primary : secondary;
    const activeIp = failover || rehearsal ? endpoints.secondary : endpoints.primary;
    const standbyIp = failover || rehearsal ? endpoints.primary : endpoints.secondary;
    new gcp.dns.RecordSet(
      `${name}-record`,
      {
        project,
        managedZone: dns.managedZone!,
        name: `${this.fqdn}.`,
        type: "A",
        ttl: dns.ttlSeconds,
        rrdatas: rehearsal ? [activeIp] : undefined,
        routingPolicy: rehearsal
          ? undefined
          : {
              healthCheck: check.id,
              primaryBackup: {
                primary: { externalEndpoints: [activeIp] },
                backupGeos: [{ location: standby.region, healthCheckedTargets: { externalEndpoints: [standbyIp] } }],
                trickleRatio: 0,
              },
            },
      },
      opts,
    );
    return [rehearsal ? "rehearsal" : "PRIMARY_BACKUP"];
  }

  private replicate(
    name: string,
    args: DisasterRecoveryRegionArgs,
    mechanism: ReplicationMechanism,
  ): { mechanism: ReplicationMechanism; sourceBucket?: string; replicaBucket?: string; versioned: boolean } {
    const { primary, secondary } = args;
    if (mechanism === "none") {
      return { mechanism, versioned: false };
    }
    if (mechanism === "gcs-dual-region" || mechanism === "gcs-dual-region-turbo") {
      new gcp.storage.Bucket(
        `${name}-artifacts`,
        {
          name: args.artifactsBucket,
          project: primary.project,
          location: gcpContinent(primary.region)!,
          customPlacementConfig: { dataLocations: [primary.region.toUpperCase(), secondary.region.toUpperCase()] },
          rpo: mechanism === "gcs-dual-region-turbo" ? "ASYNC_TURBO" : "DEFAULT",
          versioning: { enabled: true },
          uniformBucketLevelAccess: true,
          publicAccessPrevention: "enforced",
          labels: gcpLabels(args.costAllocation),
        },
        { parent: this, provider: primary.provider },
      );
      return { mechanism, sourceBucket: args.artifactsBucket, replicaBucket: args.artifactsBucket, versioned: true };
    }

    const primaryOpts = { parent: this, provider: primary.provider };
    const secondaryOpts = { parent: this, provider: secondary.provider };
    const tags = awsTags(args.costAllocation, { "hybrid-ai/dr": name });
    const replicaName = replicaBucketName(args.artifactsBucket, secondary.region);
    const sourceArn = `arn:aws:s3:::${args.artifactsBucket}`;
    const sourceVersioning = new aws.s3.BucketVersioning(
      `${name}-artifacts-versioning`,
      { bucket: args.artifactsBucket, versioningConfiguration: { status: "Enabled" } },
      primaryOpts,
    );
    if (mechanism === "sts-hourly") {
      transferToGcs(this, name, args, { replicaName, sourceArn, tags, sourceVersioning });
      return { mechanism, sourceBucket: args.artifactsBucket, replicaBucket: replicaName, versioned: true };
    }
    const replica = new aws.s3.Bucket(`${name}-artifacts-replica`, { bucket: replicaName, tags }, secondaryOpts);
    new aws.s3.BucketPublicAccessBlock(
      `${name}-artifacts-replica-public-access`,
      { bucket: replica.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      secondaryOpts,
    );
    const replicaVersioning = new aws.s3.BucketVersioning(
      `${name}-artifacts-replica-versioning`,
      { bucket: replica.bucket, versioningConfiguration: { status: "Enabled" } },
      secondaryOpts,
    );
    const role = new aws.iam.Role(
      `${name}-replication-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags,
      },
      primaryOpts,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-replication-policy`,
      {
        role: role.name,
        policy: replica.arn.apply((replicaArn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [sourceArn] },
              {
                Effect: "Allow",
                Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                Resource: [`${sourceArn}/*`],
              },
              {
                Effect: "Allow",
                Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                Resource: [`${replicaArn}/*`],
              },
            ],
          }),
        ),
      },
      primaryOpts,
    );
    const timed = mechanism === "s3-crr-rtc";
    new aws.s3.BucketReplicationConfig(
      `${name}-artifacts-replication`,
      {
        bucket: args.artifactsBucket,
        role: role.arn,
        rules: [
          {
            id: `dr-to-${secondary.region}`,
            status: "Enabled",
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            destination: {
              bucket: replica.arn,
              storageClass: "STANDARD",
              replicationTime: timed ? { status: "Enabled", time: { minutes: 15 } } : undefined,
              metrics: timed ? { status: "Enabled", eventThreshold: { minutes: 15 } } : undefined,
            },
          },
        ],
      },
      { ...primaryOpts, dependsOn: [sourceVersioning, replicaVersioning, policy] },
    );
    return { mechanism, sourceBucket: args.artifactsBucket, replicaBucket: replicaName, versioned: true };
  }
}

/** What {@link DisasterRecoveryRegion} hands its S3-to-GCS transfer. */
interface TransferContext {
  readonly replicaName: string;
  readonly sourceArn: string;
  readonly tags: Record<string, string>;
  readonly sourceVersioning: pulumi.Resource;
}

/**
 * Copies the S3 artifact bucket into a GCS bucket in the secondary region every hour with Storage
 * Transfer Service, which reads S3 through an IAM role its Google service account assumes (no keys).
 */
function transferToGcs(parent: pulumi.Resource, name: string, args: DisasterRecoveryRegionArgs, ctx: TransferContext): void {
  const { primary, secondary } = args;
  const primaryOpts = { parent, provider: primary.provider };
  const secondaryOpts = { parent, provider: secondary.provider };
  const sts = gcp.storage.getTransferProjectServiceAccountOutput({ project: secondary.project }, secondaryOpts);
  const replica = new gcp.storage.Bucket(
    `${name}-artifacts-replica`,
    {
      name: ctx.replicaName,
      project: secondary.project,
      location: secondary.region.toUpperCase(),
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      labels: gcpLabels(args.costAllocation),
    },
    secondaryOpts,
  );
  const role = new aws.iam.Role(
    `${name}-transfer-role`,
    {
      assumeRolePolicy: sts.subjectId.apply((subjectId) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: "accounts.google.com" },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: { StringEquals: { "accounts.google.com:sub": subjectId } },
            },
          ],
        }),
      ),
      tags: ctx.tags,
    },
    primaryOpts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-transfer-policy`,
    {
      role: role.name,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [ctx.sourceArn] },
          { Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${ctx.sourceArn}/*`] },
        ],
      }),
    },
    primaryOpts,
  );
  const writer = new gcp.storage.BucketIAMMember(
    `${name}-transfer-writer`,
    { bucket: replica.name, role: "roles/storage.admin", member: pulumi.interpolate`serviceAccount:${sts.email}` },
    secondaryOpts,
  );
  new gcp.storage.TransferJob(
    `${name}-artifacts-transfer`,
    {
      description: `DR copy of s3://${args.artifactsBucket} into gs://${ctx.replicaName}`,
      project: secondary.project,
      transferSpec: {
        awsS3DataSource: { bucketName: args.artifactsBucket, roleArn: role.arn },
        gcsDataSink: { bucketName: replica.name },
      },
      schedule: {
        // A start date in the past starts the hourly runs at once.
        scheduleStartDate: { year: 2026, month: 1, day: 1 },
        repeatInterval: `${TRANSFER_REPEAT_SECONDS}s`,
      },
    },
    { ...secondaryOpts, dependsOn: [writer, policy, ctx.sourceVersioning] },
  );
}

/**
 * A kubeconfig for a cluster, read from the cloud by name, authenticating with the cloud's CLI
 * (`aws eks get-token`, `gke-gcloud-auth-plugin`): it holds no credential.
 */
function kubeconfigFor(cluster: DrClusterArgs, opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  const build = (endpoint: string, ca: string, user: Record<string, unknown>) =>
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: cluster.name, cluster: { server: endpoint, "certificate-authority-data": ca } }],
      contexts: [{ name: cluster.name, context: { cluster: cluster.name, user: cluster.name } }],
      "current-context": cluster.name,
      users: [{ name: cluster.name, user }],
    });
  if (cluster.cloud === "aws") {
    const eks = aws.eks.getClusterOutput({ name: cluster.clusterName! }, opts);
    return pulumi.all([eks.endpoint, eks.certificateAuthorities, eks.name]).apply(([endpoint, cas, clusterName]) =>
      build(endpoint, cas[0]?.data ?? "", {
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", clusterName, "--region", cluster.region],
        },
      }),
    );
  }
  const gke = gcp.container.getClusterOutput({ name: cluster.clusterName!, location: cluster.region, project: cluster.project }, opts);
  return pulumi.all([gke.endpoint, gke.masterAuths]).apply(([endpoint, auths]) =>
    build(`https://${endpoint}`, auths[0]?.clusterCaCertificate ?? "", {
      exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", provideClusterInfo: true },
    }),
  );
}
