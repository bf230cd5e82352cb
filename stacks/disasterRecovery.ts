/**
 * Composes the {@link DisasterRecoveryRegion} of a stack from its `hybrid-ai:disasterRecovery` config
 * and the clusters the program built. Part of the program: config maps to components only in stacks/.
 */
import { DisasterRecoveryRegion } from "../components/dr/disasterRecoveryRegion";
import type { GpuCluster } from "../components/compute/gpuCluster";
import type { CostAllocation } from "../model/tags";
import { drArgsFromConfig } from "./config/rules/disasterRecovery";
import type { StackConfig } from "./config/schema";

/** What the stack outputs about its DR region. */
export interface DisasterRecoveryOutput {
  readonly fqdn: string;
  readonly healthCheckUrl: string;
  readonly strategy: string;
  readonly active: string;
}

/** Whether the program leaves a cluster alone: a rehearsal never touches its primary. */
export function skipsCluster(config: StackConfig, clusterName: string): boolean {
  return (
    config.disasterRecovery?.rehearsal === true && config.disasterRecovery.primary === clusterName
  );
}

/** Creates the stack's DR region, named `<stack>-dr`, when the config declares one. */
export function createDisasterRecovery(
  config: StackConfig,
  built: ReadonlyMap<string, GpuCluster>,
  costAllocation: CostAllocation,
): DisasterRecoveryOutput | undefined {
  const dr = config.disasterRecovery;
  if (dr === undefined) {
    return undefined;
  }
  const primaryConfig = config.clusters.find((c) => c.name === dr.primary)!;
  const secondaryConfig = config.clusters.find((c) => c.name === dr.secondary)!;
  const args = drArgsFromConfig(dr, primaryConfig, secondaryConfig, costAllocation);
  const wire = (cluster: GpuCluster | undefined) =>
    cluster === undefined
      ? {}
      : {
          provider: cluster.provider,
          clusterName: cluster.clusterName,
          nodeRoleArn: cluster.nodeRoleArn,
          serviceAccountEmail: cluster.nodeServiceAccountEmail,
          ...(cluster.kubernetes === undefined ? {} : { kubernetes: cluster.kubernetes }),
        };
  const region = new DisasterRecoveryRegion(`${costAllocation.stack}-dr`, {
    ...args,
    primary: { ...args.primary, ...wire(built.get(dr.primary)) },
    secondary: { ...args.secondary, ...wire(built.get(dr.secondary)) },
  });
  return {
    fqdn: region.fqdn,
    healthCheckUrl: region.healthCheckUrl,
    strategy: dr.strategy,
    active: dr.failover || dr.rehearsal ? dr.secondary : dr.primary,
  };
}
