/** Maps validated config onto component args: the one place config meets the components. */
import type { GpuClusterArgs } from "../../components/compute/gpuCluster";
import type { CostAllocation } from "../../model/tags";
import type { ClusterConfig } from "./schema";

/** Maps a cluster's config to {@link GpuClusterArgs}. */
export function clusterArgs(
  cluster: Omit<ClusterConfig, "gpuPools">,
  costAllocation: CostAllocation,
): GpuClusterArgs {
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
  };
}
