/**
 * The facts a DisasterRecoveryRegion registers as its outputs, read back from a capture: what the
 * rehearsal's checks and estimates are computed from.
 */
import { COMPONENT_TYPES, type DrStrategy, type ReplicationMechanism } from "../contracts";
import type { CapturedResource } from "../graph";
import type { StandbyPoolFacts } from "../outputs";

/** One end of the DR pair. */
export interface DrEndFacts {
  readonly cluster: string;
  readonly cloud: string;
  readonly region: string;
  readonly endpoint: string;
}

/** The DR region as the component describes itself. */
export interface DrFacts {
  readonly urn: string;
  readonly name: string;
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

/** The DR region of a capture, or undefined when the stack declares none. */
export function findDrFacts(resources: readonly CapturedResource[]): DrFacts | undefined {
  const component = resources.find((r) => r.type === COMPONENT_TYPES.disasterRecoveryRegion);
  if (component === undefined || component.outputs === undefined) {
    return undefined;
  }
  return {
    ...(component.outputs as unknown as Omit<DrFacts, "urn" | "name">),
    urn: component.urn,
    name: component.name,
  };
}
