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
import type { z } from "zod";
import { TARGET_NAMES, type Target } from "../../../model/catalog/types";
import { show, withPrefix, type KeyPath, type Problem } from "../../../model/validation";
import { clusterArgs, poolSpec } from "../args";
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

/** Keys of a pool that belong to one target only. */
const POOL_KEY_TARGETS: ReadonlyArray<readonly [key: string, targets: readonly Target[]]> = [
  ["nodes", ["onprem"]],
  ["hardware", ["onprem"]],
  ["workloads", ["onprem"]],
  ["gpuDriver", ["azure"]],
  ["spotMaxPriceUsd", ["azure"]],
  ["amiAlias", ["aws"]],
];

/**
 * Checks a pool's target-specific keys and fills in what the target implies: an on-prem pool's size
 * from its nodes, empty zones where a target has none. Problems use paths relative to the pool.
 */
function normalisePool(
  cloud: Target,
  pool: z.infer<typeof gpuPoolSchema>,
): { pool: GpuPoolConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  for (const [key, targets] of POOL_KEY_TARGETS) {
    if ((pool as Record<string, unknown>)[key] !== undefined && !targets.includes(cloud)) {
      problems.push({
        path: [key],
        message: `applies to ${targets.map((t) => TARGET_NAMES[t]).join(", ")} pools only`,
      });
    }
  }
  if (cloud === "onprem") {
    for (const key of ["minNodes", "maxNodes", "desiredNodes"] as const) {
      if (pool[key] !== undefined) {
        problems.push({
          path: [key],
          message: "does not apply on-prem: the pool is its `nodes`, which stay on",
        });
      }
    }
    if (pool.schedule !== undefined && pool.workloads === undefined) {
      problems.push({
        path: ["workloads"],
        message:
          "is required with a schedule on-prem: the schedule scales these Deployments to zero (the machines stay on)",
      });
    }
    if (pool.workloads !== undefined && pool.schedule === undefined) {
      problems.push({ path: ["workloads"], message: "only takes effect with a `schedule`" });
    }
    const n = pool.nodes?.length ?? 0;
    return { pool: { ...pool, minNodes: n, maxNodes: n, zones: pool.zones ?? [] }, problems };
  }
  for (const key of ["minNodes", "maxNodes"] as const) {
    if (pool[key] === undefined) {
      problems.push({ path: [key], message: `is required (a whole number)` });
    }
  }
  if (cloud === "akamai" && pool.schedule !== undefined) {
    problems.push({
      path: ["schedule"],
      message:
        "cannot switch an LKE pool off: LKE node pools keep at least one node; shrink maxNodes or schedule the workloads of an edge site on the cluster",
    });
  }
  return {
    pool: {
      ...pool,
      minNodes: pool.minNodes ?? 0,
      maxNodes: pool.maxNodes ?? 1,
      zones: pool.zones ?? [],
    },
    problems,
  };
}

/** Checks where a cluster is (region or site) and returns the region the components use. */
function clusterLocation(cluster: z.infer<typeof clusterSchema>): {
  region: string;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  if (cluster.cloud === "onprem") {
    if (cluster.site === undefined) {
      problems.push({
        path: ["site"],
        message: "is required on-prem: the site (data centre) name, e.g. fra-dc1",
      });
    }
    if (cluster.region !== undefined) {
      problems.push({ path: ["region"], message: "does not apply on-prem: name the `site`" });
    }
    return { region: cluster.site ?? "unknown", problems };
  }
  if (cluster.region === undefined) {
    problems.push({
      path: ["region"],
      message: `is required for ${TARGET_NAMES[cluster.cloud]} clusters`,
    });
  }
  if (cluster.site !== undefined) {
    problems.push({
      path: ["site"],
      message: "applies to on-prem clusters only; clouds have a `region`",
    });
  }
  return { region: cluster.region ?? "unknown", problems };
}

/** Validates `clusters`: shapes, each cluster's and pool's rules, and unique cluster names. */
export function validateClusters(
  rawClusters: readonly unknown[],
  parse: ParseAt,
  /** Whether cluster `i`'s kubeconfig is a `secure:` value in the stack file. */
  isKubeconfigSecret: (i: number) => boolean = () => true,
): ClustersConfig {
  const problems: Problem[] = [];
  const clusters: ClusterConfig[] = [];
  const poolSchedules: PoolScheduleRef[] = [];
  rawClusters.forEach((rawCluster, i) => {
    const prefix = ["clusters", i];
    const parsedCluster = parse(clusterSchema, rawCluster, prefix);
    if (parsedCluster === undefined) {
      return;
    }
    const location = clusterLocation(parsedCluster);
    problems.push(...withPrefix(prefix, location.problems));
    const cluster = { ...parsedCluster, region: location.region };
    if (cluster.cloud === "onprem" && cluster.kubeconfig !== undefined && !isKubeconfigSecret(i)) {
      problems.push({
        path: [...prefix, "kubeconfig"],
        message:
          "must be a secret: set it with `pulumi config set --secret --path 'clusters[N].kubeconfig' < kubeconfig`",
      });
    }
    const parsedPools: Array<{ index: number; pool: GpuPoolConfig }> = [];
    cluster.gpuPools.forEach((rawPool, j) => {
      const poolPrefix = [...prefix, "gpuPools", j];
      const parsedPool = parse(gpuPoolSchema, rawPool, poolPrefix);
      if (parsedPool === undefined) {
        return;
      }
      const normalised = normalisePool(cluster.cloud, parsedPool);
      problems.push(...withPrefix(poolPrefix, normalised.problems));
      const pool = normalised.pool;
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
      if (cluster.cloud !== "aws" && pool.amiType !== undefined) {
        problems.push({
          path: [...poolPrefix, "amiType"],
          message: `applies to AWS only; ${cluster.cloud === "gcp" ? "GKE" : TARGET_NAMES[cluster.cloud]} picks the node image`,
        });
      }
    });
    const pools = parsedPools.map((p) => p.pool);
    const specs = pools.map((p) => poolSpec(cluster, p));
    problems.push(
      ...withPrefix(
        prefix,
        validateGpuClusterArgs(
          clusterArgs({ ...cluster, gpuPools: pools }, PLACEHOLDER_COST_ALLOCATION),
        ),
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
