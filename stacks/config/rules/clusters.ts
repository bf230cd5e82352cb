/**
 * `hybrid-ai:clusters`: each cluster and each pool parsed on its own, so every problem is reported,
 * then checked by the components' own validators.
 */
import { validateGpuClusterArgs } from "../../../components/compute/gpuCluster";
import {
  validateGpuNodePoolArgs,
  validateGpuNodePools,
} from "../../../components/compute/gpuNodePool";
import { show, withPrefix, type KeyPath, type Problem } from "../../../model/validation";
import { clusterArgs } from "../args";
import { PLACEHOLDER_COST_ALLOCATION } from "../defaults";
import type { ParseAt } from "../issues";
import { clusterSchema, gpuPoolSchema, type ClusterConfig, type GpuPoolConfig } from "../schema";

/** Clusters out of the config values, the pools' schedule references, and their problems. */
export interface ClustersConfig {
  readonly clusters: ClusterConfig[];
  /** Every pool's `schedule` with its key path, for the schedule checks. */
  readonly poolSchedules: Array<{ path: KeyPath; name: string }>;
  readonly problems: Problem[];
}

/** Validates `clusters`: shapes, each cluster's and pool's rules, and unique cluster names. */
export function validateClusters(rawClusters: readonly unknown[], parse: ParseAt): ClustersConfig {
  const problems: Problem[] = [];
  const clusters: ClusterConfig[] = [];
  const poolSchedules: Array<{ path: KeyPath; name: string }> = [];
  rawClusters.forEach((rawCluster, i) => {
    const prefix = ["clusters", i];
    const cluster = parse(clusterSchema, rawCluster, prefix);
    if (cluster === undefined) {
      return;
    }
    const parsedPools: Array<{ index: number; pool: GpuPoolConfig }> = [];
    cluster.gpuPools.forEach((rawPool, j) => {
      const poolPrefix = [...prefix, "gpuPools", j];
      const pool = parse(gpuPoolSchema, rawPool, poolPrefix);
      if (pool === undefined) {
        return;
      }
      parsedPools.push({ index: j, pool });
      if (pool.schedule !== undefined) {
        poolSchedules.push({ path: [...poolPrefix, "schedule"], name: pool.schedule });
      }
      if (cluster.cloud === "gcp" && pool.amiType !== undefined) {
        problems.push({
          path: [...poolPrefix, "amiType"],
          message: "applies to AWS only; GKE picks the node image",
        });
      }
    });
    const pools = parsedPools.map((p) => p.pool);
    const specs = pools.map((p) => ({ ...p, cloud: cluster.cloud, region: cluster.region }));
    problems.push(
      ...withPrefix(
        prefix,
        validateGpuClusterArgs(clusterArgs(cluster, PLACEHOLDER_COST_ALLOCATION)),
      ),
    );
    if (parsedPools.length === cluster.gpuPools.length) {
      problems.push(...withPrefix([...prefix, "gpuPools"], validateGpuNodePools(specs)));
    } else {
      // Some pools did not parse: still check the others, one by one.
      parsedPools.forEach(({ index }, k) => {
        problems.push(
          ...withPrefix([...prefix, "gpuPools", index], validateGpuNodePoolArgs(specs[k])),
        );
      });
    }
    clusters.push({ ...cluster, gpuPools: pools });
  });

  const seen = new Map<string, number>();
  clusters.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      problems.push({
        path: ["clusters", i, "name"],
        message: `repeats cluster name ${show(c.name)} (first used at clusters[${first}])`,
      });
    }
    seen.set(c.name, i);
  });
  return { clusters, poolSchedules, problems };
}
