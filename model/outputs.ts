import type { DrStrategy, ReplicationMechanism } from "./contracts";

/**
 * What our components register as outputs (`registerOutputs`), as readers of a resource graph see
 * them. Components build these with `satisfies`; readers import them instead of re-declaring.
 */

/** A standby pool as the DisasterRecoveryRegion component outputs it. */
export interface StandbyPoolFacts {
  readonly pool: string;
  readonly resourceName: string;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly servingNodes: number;
  readonly minNodes: number;
  readonly maxNodes: number;
}

/** One end of the DR pair. */
export interface DrEndFacts {
  readonly cluster: string;
  readonly cloud: string;
  readonly region: string;
  readonly endpoint: string;
}

/** What a DisasterRecoveryRegion registers as its outputs: the facts policies and rehearsals read. */
export interface DisasterRecoveryRegionOutputs {
  readonly strategy: DrStrategy;
  readonly rpoMinutes: number;
  readonly rtoMinutes: number;
  readonly failover: boolean;
  readonly rehearsal: boolean;
  readonly environment: string;
  readonly primary: DrEndFacts;
  readonly secondary: DrEndFacts;
  readonly active: string;
  readonly dns: {
    readonly provider: "route53" | "cloud-dns";
    readonly managedZone?: string;
    readonly fqdn: string;
    readonly zone: string;
    readonly record: string;
    readonly records: readonly string[];
    readonly ttlSeconds: number;
    readonly healthCheckPath: string;
    readonly healthCheckIntervalSeconds: number;
    readonly failureThreshold: number;
  };
  readonly replication: {
    readonly mechanism: ReplicationMechanism;
    readonly sourceBucket?: string;
    readonly replicaBucket?: string;
    readonly versioned: boolean;
  };
  readonly standbyPools: readonly StandbyPoolFacts[];
  readonly warmStandbyPercent: number;
  readonly backups: {
    readonly schedule: string;
    readonly ttlHours: number;
    readonly clusters: readonly string[];
  };
  readonly healthCheckUrl: string;
}

/** What a GpuNodePool registers as its outputs. */
export interface GpuNodePoolOutputs {
  readonly cloud: string;
  readonly region: string;
  readonly environment: string;
  readonly zones: readonly string[];
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly instanceTypes: readonly string[];
  readonly capacity: "on-demand" | "spot";
  readonly nodePoolName: string;
  readonly schedule?: string;
  readonly onHoursPerWeek?: number;
}

/** What a GpuCluster registers as its outputs. */
export interface GpuClusterOutputs {
  readonly clusterName: string;
  readonly nodeRoleArn?: string;
  readonly nodeServiceAccountEmail?: string;
}

/** What an EdgeInferenceSite registers as its outputs. */
export interface EdgeInferenceSiteOutputs {
  readonly namespace: string;
  readonly location: string;
  readonly hardware: string;
  readonly distribution: string;
  readonly schedule?: string;
  readonly models: readonly string[];
}

/** What an AutoscalingPolicy registers as its outputs. */
export interface AutoscalingPolicyOutputs {
  readonly kind: "ScaledObject" | "HorizontalPodAutoscaler";
  readonly metric: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** What a ShutdownSchedule registers as its outputs. */
export interface ShutdownScheduleOutputs {
  readonly scheduleName: string;
  readonly timezone: string;
  readonly onHoursPerWeek: number;
  readonly actionCount: number;
}
