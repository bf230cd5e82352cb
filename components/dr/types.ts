/**
 * Args of the DisasterRecoveryRegion component and the settings its helpers (artifacts, dns, backups)
 * share. Helpers depend on this module, never on the component file.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Cloud, GpuId } from "../../model/catalog/types";
import type { DrStrategy } from "../../model/contracts";
import type { CostAllocation } from "../../model/tags";

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
  readonly subnetIds?: string[];
  /** AWS only: IAM role ARN of standby nodes. */
  readonly nodeRoleArn?: pulumi.Input<string>;
  /** GCP only: project of the cluster. */
  readonly project?: string;
  /** GCP only: service account of standby nodes. */
  readonly serviceAccountEmail?: pulumi.Input<string>;
  /** Zones of `region` standby pools may use. */
  readonly zones: string[];
  /**
   * A cluster this stack creates: the Kubernetes provider for it and what Kubernetes objects on it
   * wait for. Velero is then installed there before its Schedules (nothing else would install its
   * CRDs).
   * @default - an existing cluster, reached through a kubeconfig read from the cloud, Velero already installed
   */
  readonly kubernetes?: {
    readonly provider: pulumi.ProviderResource;
    readonly ready: readonly pulumi.Resource[];
  };
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
  readonly gpu: GpuId;
  readonly gpusPerNode: number;
  /**
   * Machine shapes, used when the secondary is on the same cloud.
   * @default - the catalog's smallest shape with `gpusPerNode` GPUs
   */
  readonly instanceTypes?: string[];
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
  readonly pools: ProtectedPoolArgs[];
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
