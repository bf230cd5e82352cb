/**
 * `hybrid-ai:clusters`: each cluster and each pool parsed on its own, so every problem is reported,
 * then checked by the components' own validators.
 */
import { NameRegistry, joinName } from "../../../model/naming";
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

/** A pool's `schedule` reference; AWS pools carry their sizes (AWS caps actions per group). */
export interface PoolScheduleRef {
  readonly path: KeyPath;
  readonly name: string;
  readonly aws?: { readonly minNodes: number; readonly maxNodes: number };
}

/** Clusters out of the config values, the pools' schedule references, and their problems. */
export interface ClustersConfig {
  readonly clusters: ClusterConfig[];
  /** Every pool's `schedule` with its key path, for the schedule checks. */
  readonly poolSchedules: PoolScheduleRef[];
  readonly problems: Problem[];
}

/** Validates `clusters`: shapes, each cluster's and pool's rules, and unique cluster names. */
export function validateClusters(rawClusters: readonly unknown[], parse: ParseAt): ClustersConfig {
  const problems: Problem[] = [];
  const clusters: ClusterConfig[] = [];
  const poolSchedules: PoolScheduleRef[] = [];
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
        poolSchedules.push({
          path: [...poolPrefix, "schedule"],
          name: pool.schedule,
          ...(cluster.cloud === "aws"
            ? { aws: { minNodes: pool.minNodes, maxNodes: pool.maxNodes } }
            : {}),
        });
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
  problems.push(...joinedNameCollisions(clusters));
  return { clusters, poolSchedules, problems };
}

/**
 * Pools whose resources would share a name: `<cluster>-<pool>` joins `aws-use1-dev` + `l4` and
 * `aws-use1` + `dev-l4` alike, and `pulumi up` would fail half-way on the duplicate.
 */
function joinedNameCollisions(clusters: readonly ClusterConfig[]): Problem[] {
  const registry = new NameRegistry();
  const problems: Problem[] = [];
  clusters.forEach((c, i) => {
    registry.claim("stack", { name: c.name, parts: [c.name], where: `clusters[${i}]` });
  });
  clusters.forEach((c, i) => {
    c.gpuPools.forEach((p, j) => {
      const where = `clusters[${i}].gpuPools[${j}]`;
      const name = joinName(c.name, p.name);
      const earlier = registry.claim("stack", { name, parts: [c.name, p.name], where });
      if (earlier !== undefined) {
        problems.push({
          path: ["clusters", i, "gpuPools", j, "name"],
          message: `makes resources named ${show(name)}, as ${earlier.where} (${earlier.parts.join(" + ")}) does: rename the pool or the cluster so <cluster>-<pool> names differ`,
        });
      }
    });
  });
  return problems;
}
