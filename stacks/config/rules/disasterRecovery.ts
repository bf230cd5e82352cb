/**
 * Maps `hybrid-ai:disasterRecovery` onto {@link DisasterRecoveryRegionArgs} and checks it against the
 * stack's clusters: both ends are clusters of this stack in different regions, protected pools exist on
 * the primary, and the secondary's cloud and region can host them.
 */
import { resolvePoolShape, validateGpuNodePoolArgs } from "../../../components/compute/gpuNodePool";
import {
  validateDisasterRecoveryRegionArgs,
  type DisasterRecoveryRegionArgs,
  type DrClusterArgs,
  type ProtectedPoolArgs,
} from "../../../components/dr/disasterRecoveryRegion";
import type { CostAllocation } from "../../../model/tags";
import { formatPath, show, withPrefix, type Problem } from "../../../model/validation";
import type { ClusterConfig, DisasterRecoveryConfig } from "../schema";

const DR = "disasterRecovery";

/** Zones a cluster's pools use, in order of first use. */
export function clusterZones(cluster: ClusterConfig): string[] {
  return [...new Set(cluster.gpuPools.flatMap((p) => p.zones))];
}

/** The primary's pools the secondary protects: those listed, or every pool with minNodes > 0. */
export function protectedPools(
  dr: DisasterRecoveryConfig,
  primary: ClusterConfig,
): ProtectedPoolArgs[] {
  const chosen =
    dr.pools ??
    primary.gpuPools
      .filter((p) => p.minNodes > 0)
      .map((p) => ({ name: p.name, maxNodes: undefined }));
  const out: ProtectedPoolArgs[] = [];
  for (const choice of chosen) {
    const pool = primary.gpuPools.find((p) => p.name === choice.name);
    if (pool === undefined) {
      continue;
    }
    const spec = { ...pool, cloud: primary.cloud, region: primary.region };
    if (validateGpuNodePoolArgs(spec).length > 0) {
      continue;
    }
    const shape = resolvePoolShape(spec);
    out.push({
      name: pool.name,
      gpu: shape.gpu,
      gpusPerNode: shape.gpusPerNode,
      instanceTypes: pool.instanceTypes,
      servingNodes: pool.minNodes,
      maxNodes: pool.maxNodes,
      standbyMaxNodes: choice.maxNodes,
    });
  }
  return out;
}

/** A cluster as the DR component sees it, before providers are known. */
function drCluster(cluster: ClusterConfig, dr: DisasterRecoveryConfig): DrClusterArgs {
  return {
    name: cluster.name,
    cloud: cluster.cloud,
    region: cluster.region,
    subnetIds: cluster.subnetIds,
    nodeRoleArn: cluster.nodeRoleArn,
    project: cluster.project,
    serviceAccountEmail: cluster.nodeServiceAccountEmail,
    zones: clusterZones(cluster),
    endpoint: dr.dns.endpoints?.[cluster.name],
  };
}

/** Component args from config; providers and cluster names are added by the program. */
export function drArgsFromConfig(
  dr: DisasterRecoveryConfig,
  primary: ClusterConfig,
  secondary: ClusterConfig,
  costAllocation: CostAllocation,
): DisasterRecoveryRegionArgs {
  return {
    primary: drCluster(primary, dr),
    secondary: drCluster(secondary, dr),
    strategy: dr.strategy,
    rpoMinutes: dr.rpoMinutes,
    rtoMinutes: dr.rtoMinutes,
    dns: {
      provider: dr.dns.provider,
      managedZone: dr.dns.managedZone,
      zone: dr.dns.zone,
      record: dr.dns.record,
      ttlSeconds: dr.dns.ttlSeconds,
      healthCheckPath: dr.dns.healthCheckPath,
      healthCheckIntervalSeconds: dr.dns.healthCheckIntervalSeconds,
      failureThreshold: dr.dns.failureThreshold,
    },
    artifactsBucket: dr.artifacts.bucket,
    pools: protectedPools(dr, primary),
    costAllocation,
    failover: dr.failover,
    rehearsal: dr.rehearsal,
    warmStandbyPercent: dr.warmStandbyPercent,
    backups: dr.backups,
  };
}

/**
 * Checks the DR config against the stack's clusters. Paths start at `disasterRecovery`. Clusters that
 * failed their own checks are absent from `clusters`; a reference to them is not reported twice.
 */
export function validateDisasterRecoveryConfig(
  dr: DisasterRecoveryConfig,
  clusters: readonly ClusterConfig[],
  declaredNames: readonly string[],
  costAllocation: CostAllocation,
): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) =>
    problems.push({ path: [DR, ...path], message });
  const find = (role: "primary" | "secondary"): ClusterConfig | undefined => {
    const name = dr[role];
    const cluster = clusters.find((c) => c.name === name);
    if (cluster === undefined && !declaredNames.includes(name)) {
      add(
        [role],
        `must name a cluster of this stack (got ${show(name)}; clusters: ${declaredNames.join(", ") || "none"})`,
      );
    }
    return cluster;
  };
  const primary = find("primary");
  const secondary = find("secondary");
  for (const key of Object.keys(dr.dns.endpoints ?? {})) {
    if (key !== dr.primary && key !== dr.secondary) {
      add(
        ["dns", "endpoints", key],
        `names no cluster of the DR pair (allowed: ${dr.primary}, ${dr.secondary})`,
      );
    }
  }
  if (primary === undefined || secondary === undefined) {
    return problems;
  }
  let unknownPools = false;
  (dr.pools ?? []).forEach((choice, i) => {
    if (!primary.gpuPools.some((p) => p.name === choice.name)) {
      unknownPools = true;
      add(
        ["pools", i, "name"],
        `must name a pool of the primary ${primary.name} (got ${show(choice.name)}; pools: ${primary.gpuPools.map((p) => p.name).join(", ")})`,
      );
    }
  });
  const args = drArgsFromConfig(dr, primary, secondary, costAllocation);
  // A primary pool that is itself invalid is reported where it is declared; saying DR has
  // nothing to protect on top of that would only send the reader the wrong way.
  const invalidPrimaryPools = primary.gpuPools.some(
    (p) =>
      validateGpuNodePoolArgs({ ...p, cloud: primary.cloud, region: primary.region }).length > 0,
  );
  const own = validateDisasterRecoveryRegionArgs(args).filter(
    (p) => !((unknownPools || invalidPrimaryPools) && p.path.length === 1 && p.path[0] === "pools"),
  );
  problems.push(...withPrefix([DR], own));

  // The secondary must offer every protected GPU in its region.
  args.pools.forEach((pool) => {
    const spec = {
      cloud: secondary.cloud,
      region: secondary.region,
      gpu: pool.gpu,
      gpusPerNode: pool.gpusPerNode,
      instanceTypes: secondary.cloud === primary.cloud ? pool.instanceTypes : undefined,
      minNodes: 0,
      maxNodes: Math.max(pool.standbyMaxNodes ?? pool.maxNodes, 1),
      zones: args.secondary.zones,
    };
    for (const p of validateGpuNodePoolArgs(spec)) {
      add(
        ["secondary"],
        `cannot host a standby for pool ${pool.name}: ${formatPath(p.path)} ${p.message}`,
      );
    }
  });
  return problems;
}
