/** Maps validated config onto component args: the one place config meets the components. */
import type { GpuClusterArgs, GpuPoolArgs } from "../../components/compute/gpuCluster";
import type { GpuNodePoolSpec } from "../../components/compute/gpuNodePool";
import type { CostAllocation } from "../../model/tags";
import type { ClusterConfig, GpuPoolConfig } from "./schema";

/** The pool's resource name, `<cluster>-<pool>`. */
export function poolResourceName(
  cluster: Pick<ClusterConfig, "name">,
  pool: { name: string },
): string {
  return `${cluster.name}-${pool.name}`;
}

/** Maps a cluster's config to {@link GpuClusterArgs}. */
export function clusterArgs(
  cluster: Omit<ClusterConfig, "gpuPools"> & { readonly gpuPools?: readonly GpuPoolConfig[] },
  costAllocation: CostAllocation,
): GpuClusterArgs {
  const pools = cluster.gpuPools ?? [];
  const timeSlicing: Record<string, number> = {};
  for (const p of pools) {
    if (p.sharing?.timeSlicing !== undefined) {
      timeSlicing[poolResourceName(cluster, p)] = p.sharing.timeSlicing;
    }
  }
  return {
    cloud: cluster.cloud,
    region: cluster.region,
    costAllocation,
    existingClusterName: cluster.existingClusterName,
    create: cluster.create,
    subnetIds: cluster.subnetIds,
    nodeRoleArn: cluster.nodeRoleArn,
    project: cluster.project,
    nodeServiceAccountEmail: cluster.nodeServiceAccountEmail,
    resourceGroup: cluster.resourceGroup,
    kubeconfig: cluster.kubeconfig,
    driverPreinstalled: cluster.driverPreinstalled,
    gpuOperator: { timeSlicing, mig: pools.some((p) => p.sharing?.mig !== undefined) },
    karpenter: pools.some((p) => p.provisioner === "karpenter") || undefined,
    aksGpuDrivers: cluster.cloud === "azure" ? pools.map((p) => p.gpuDriver ?? "aks") : undefined,
  };
}

/** The checkable part of a pool (what the component validates). */
export function poolSpec(
  cluster: Pick<ClusterConfig, "cloud" | "region">,
  pool: GpuPoolConfig,
): GpuNodePoolSpec & { readonly name: string } {
  return {
    name: pool.name,
    cloud: cluster.cloud,
    region: cluster.region,
    gpu: pool.gpu,
    gpusPerNode: pool.gpusPerNode,
    instanceTypes: pool.instanceTypes,
    minNodes: pool.minNodes,
    maxNodes: pool.maxNodes,
    desiredNodes: pool.desiredNodes,
    capacity: pool.capacity,
    zones: pool.zones,
    provisioner: pool.provisioner,
    nodes: pool.nodes,
    sharing: pool.sharing,
  };
}

/** Maps a pool's config to what {@link GpuCluster.addGpuPool} takes (its schedule is wired apart). */
export function poolArgs(pool: GpuPoolConfig, schedule: GpuPoolArgs["schedule"]): GpuPoolArgs {
  return {
    name: pool.name,
    gpu: pool.gpu,
    gpusPerNode: pool.gpusPerNode,
    instanceTypes: pool.instanceTypes,
    minNodes: pool.minNodes,
    maxNodes: pool.maxNodes,
    desiredNodes: pool.desiredNodes,
    capacity: pool.capacity,
    zones: pool.zones,
    diskGiB: pool.diskGiB,
    amiType: pool.amiType,
    provisioner: pool.provisioner,
    amiAlias: pool.amiAlias,
    gpuDriver: pool.gpuDriver,
    spotMaxPriceUsd: pool.spotMaxPriceUsd,
    nodes: pool.nodes,
    hardware: pool.hardware,
    sharing: pool.sharing,
    schedule,
  };
}
