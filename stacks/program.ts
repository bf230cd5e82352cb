/**
 * The Pulumi program: reads and validates the stack config, then composes the components. It is the
 * only place that maps config to components. `pulumi up` runs it through `stacks/index.ts`; `hai
 * review` runs the same function under the mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { GpuCluster } from "../components/compute/gpuCluster";
import type { CostAllocation } from "../model/tags";
import { clusterArgs } from "./config/args";
import { loadStackConfig } from "./config/load";
import {
  composeEdgeSites,
  compileSchedules,
  schedulePool,
  type EdgeSiteOutput,
  type ScheduleOutput,
} from "./edge";
import {
  createDisasterRecovery,
  skipsCluster,
  type DisasterRecoveryOutput,
} from "./disasterRecovery";

/** Options for running the program. */
export interface ProgramOptions {
  /**
   * Awaited every {@link ProgramOptions.drainEvery} components so outstanding registrations do not
   * pile up. The review engine drains there; a real deployment passes nothing, since waiting on
   * registrations would serialise resource creation.
   */
  readonly drain?: () => Promise<void>;
  /** @default 10 */
  readonly drainEvery?: number;
}

/** A pool as the stack outputs show it. */
export interface PoolOutput {
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly capacity: string;
  readonly instanceTypes: readonly string[];
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly nodePoolName: pulumi.Output<string>;
}

/** Stack outputs. */
export interface StackOutputs {
  readonly environment: string;
  readonly clusters: Record<
    string,
    {
      cloud: string;
      region: string;
      clusterName: pulumi.Output<string>;
      pools: Record<string, PoolOutput>;
    }
  >;
  /** GPUs at the pools' minimum and maximum sizes, per cloud. */
  readonly gpuCapacity: Record<string, { minGpus: number; maxGpus: number }>;
  /** Shutdown schedules by name, with their weekly on-hours. */
  readonly schedules: Record<string, ScheduleOutput>;
  /** Edge sites by name. */
  readonly edgeSites: Record<string, EdgeSiteOutput>;
  /** The DR region, when the stack declares one. */
  readonly disasterRecovery?: DisasterRecoveryOutput;
}

/** Runs the hybrid-ai stack program for the current stack. */
export async function hybridAiProgram(options: ProgramOptions = {}): Promise<StackOutputs> {
  const config = loadStackConfig(__dirname);
  const costAllocation: CostAllocation = {
    owner: config.owner,
    costCenter: config.costCenter,
    environment: config.environment,
    stack: pulumi.getStack(),
  };
  const drainEvery = options.drainEvery ?? 10;
  let sinceDrain = 0;
  const clusters: StackOutputs["clusters"] = {};
  const gpuCapacity: Record<string, { minGpus: number; maxGpus: number }> = {};
  const schedules = compileSchedules(config.schedules);

  const built = new Map<string, GpuCluster>();
  for (const c of config.clusters) {
    if (skipsCluster(config, c.name)) {
      continue;
    }
    const cluster = new GpuCluster(c.name, clusterArgs(c, costAllocation));
    built.set(c.name, cluster);
    const pools: Record<string, PoolOutput> = {};
    for (const { schedule, ...p } of c.gpuPools) {
      const pool = cluster.addGpuPool({
        ...p,
        schedule: schedule === undefined ? undefined : schedules.facts(schedule),
      });
      if (schedule !== undefined) {
        schedulePool(c, p, cluster, pool, schedule, config.schedules[schedule]);
      }
      pools[p.name] = {
        gpu: pool.gpu,
        gpusPerNode: pool.gpusPerNode,
        capacity: pool.capacity,
        instanceTypes: pool.instanceTypes,
        minNodes: p.minNodes,
        maxNodes: p.maxNodes,
        nodePoolName: pool.nodePoolName,
      };
      const total = (gpuCapacity[c.cloud] ??= { minGpus: 0, maxGpus: 0 });
      total.minGpus += p.minNodes * pool.gpusPerNode;
      total.maxGpus += p.maxNodes * pool.gpusPerNode;
      if (options.drain !== undefined && ++sinceDrain >= drainEvery) {
        sinceDrain = 0;
        await options.drain();
      }
    }
    clusters[c.name] = {
      cloud: c.cloud,
      region: c.region,
      clusterName: cluster.clusterName,
      pools,
    };
  }
  const edgeSites = await composeEdgeSites(config, costAllocation, options);
  const disasterRecovery = createDisasterRecovery(config, built, costAllocation);
  // Only present when declared: an undefined stack output makes the runtime warn.
  return {
    environment: config.environment,
    clusters,
    gpuCapacity,
    schedules: schedules.outputs,
    edgeSites,
    ...(disasterRecovery ? { disasterRecovery } : {}),
  };
}
