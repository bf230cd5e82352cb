/**
 * The Pulumi program: reads and validates the stack config, then composes the components. It is the
 * only place that maps config to components. `pulumi up` runs it through `stacks/index.ts`, and so
 * does `hai review`, against its offline engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { GpuCluster } from "../components/compute/gpuCluster";
import type { CostAllocation } from "../model/tags";
import { clusterArgs, poolArgs } from "./config/args";
import type { EdgeInferenceSite } from "../components/edge/edgeInferenceSite";
import { loadStackConfig } from "./config/load";
import {
  composeBudgets,
  composeMonitoring,
  type BudgetOutput,
  type MonitoringOutput,
} from "./observe";
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

/**
 * Set to `true` in the program's environment, the program composes every edge site of a fleet
 * ({@link ProgramOptions.everySite}): what `hai review` sets.
 */
export const EVERY_SITE_ENV = "HAI_EVERY_SITE";

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
  /**
   * Compose every edge site of the fleet, even those its group stacks deploy (see `sitesOfStack`):
   * what `hai review` shows. @default false
   */
  readonly everySite?: boolean;
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
  /** GPU monitoring by cluster and edge site, when `hybrid-ai:monitoring.enabled`. */
  readonly monitoring?: Record<string, MonitoringOutput>;
  /** Cloud budgets by cloud, when `hybrid-ai:budget.alertEmails` is set. */
  readonly budgets?: Record<string, BudgetOutput>;
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
  // A group stack (`hai rollout`) deploys its group's edge sites only; clusters stay with the fleet.
  const groupStack = config.siteGroup !== undefined;
  for (const c of groupStack ? [] : config.clusters) {
    if (skipsCluster(config, c.name)) {
      continue;
    }
    const cluster = new GpuCluster(c.name, clusterArgs(c, costAllocation));
    built.set(c.name, cluster);
    const pools: Record<string, PoolOutput> = {};
    for (const p of c.gpuPools) {
      const schedule = p.schedule;
      const pool = cluster.addGpuPool(
        poolArgs(p, schedule === undefined ? undefined : schedules.facts(schedule)),
      );
      if (schedule !== undefined) {
        schedulePool(c, p, cluster, pool, schedule, config.schedules[schedule], costAllocation);
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
  const sites = new Map<string, EdgeInferenceSite>();
  const edgeSites = await composeEdgeSites(config, costAllocation, options, sites);
  const disasterRecovery = groupStack
    ? undefined
    : createDisasterRecovery(config, built, costAllocation);
  // Monitoring and budgets follow what this stack built: a group stack monitors its own sites and
  // has no cluster, so no budget; a fleet with rollouts monitors its clusters (its sites' stacks do those).
  const monitoring = composeMonitoring(config, built, sites, costAllocation);
  const budgets = composeBudgets(config, built, costAllocation);
  // Only present when declared: an undefined stack output makes the runtime warn.
  return {
    environment: config.environment,
    clusters,
    gpuCapacity,
    schedules: schedules.outputs,
    edgeSites,
    ...(disasterRecovery ? { disasterRecovery } : {}),
    ...(Object.keys(monitoring).length > 0 ? { monitoring } : {}),
    ...(Object.keys(budgets).length > 0 ? { budgets } : {}),
  };
}
