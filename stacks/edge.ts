/**
 * The part of the stack program that maps schedules and edge sites to components (kept apart from
 * program.ts so each feature's wiring reads on its own).
 */
import type { GpuCluster } from "../components/compute/gpuCluster";
import type { GpuNodePool } from "../components/compute/gpuNodePool";
import { EdgeInferenceSite } from "../components/edge/edgeInferenceSite";
import { ShutdownSchedule } from "../components/schedule/shutdownSchedule";
import { compileSchedule } from "../model/schedule/windows";
import type { ScheduleFacts } from "../model/schedule/tags";
import type { CostAllocation } from "../model/tags";
import { scheduleSpec } from "./config/rules/edge";
import { type ScheduleConfig } from "./config/schema";
import type { ClusterConfig, GpuPoolConfig, StackConfig } from "./config/schema";

/** A schedule as the stack outputs show it. */
export interface ScheduleOutput {
  readonly timezone: string;
  readonly onHoursPerWeek: number;
}

/** An edge site as the stack outputs show it (never its kubeconfig). */
export interface EdgeSiteOutput {
  readonly location: string;
  readonly hardware: string;
  readonly namespace: string;
  readonly schedule?: string;
  readonly models: string[];
}

/** Compiles every schedule once. */
export function compileSchedules(configs: Record<string, ScheduleConfig>): {
  facts: (name: string) => ScheduleFacts;
  outputs: Record<string, ScheduleOutput>;
} {
  const outputs: Record<string, ScheduleOutput> = {};
  for (const [name, config] of Object.entries(configs)) {
    outputs[name] = {
      timezone: config.timezone,
      onHoursPerWeek: compileSchedule(scheduleSpec(config)).onHoursPerWeek,
    };
  }
  return { facts: (name) => ({ name, onHoursPerWeek: outputs[name].onHoursPerWeek }), outputs };
}

/** Switches a GPU pool on its schedule: `<cluster>-<pool>-schedule`, with the cluster's provider. */
export function schedulePool(
  cluster: ClusterConfig,
  poolConfig: Omit<GpuPoolConfig, "schedule">,
  clusterResource: GpuCluster,
  pool: GpuNodePool,
  scheduleName: string,
  schedule: ScheduleConfig,
): ShutdownSchedule {
  const sizes = { minNodes: poolConfig.minNodes, maxNodes: poolConfig.maxNodes };
  return new ShutdownSchedule(
    `${cluster.name}-${poolConfig.name}-schedule`,
    {
      scheduleName,
      schedule: scheduleSpec(schedule),
      target:
        cluster.cloud === "aws"
          ? { kind: "aws-node-group", autoscalingGroupName: pool.autoscalingGroupName!, ...sizes }
          : {
              kind: "gke-node-pool",
              project: cluster.project!,
              location: cluster.region,
              clusterName: clusterResource.clusterName,
              nodePoolName: pool.nodePoolName,
              locationPolicy: pool.capacity === "spot" ? "ANY" : "BALANCED",
              ...sizes,
            },
    },
    { provider: clusterResource.provider },
  );
}

/** Creates every edge site, draining like the GPU pools do. */
export async function composeEdgeSites(
  config: StackConfig,
  costAllocation: CostAllocation,
  options: { readonly drain?: () => Promise<void> },
): Promise<Record<string, EdgeSiteOutput>> {
  const out: Record<string, EdgeSiteOutput> = {};
  for (const site of config.edgeSites) {
    const schedule =
      site.schedule === undefined
        ? undefined
        : { name: site.schedule, spec: scheduleSpec(config.schedules[site.schedule]) };
    const created = new EdgeInferenceSite(site.name, {
      kubeconfig: site.kubeconfig,
      location: site.location,
      hardware: site.hardware,
      distribution: site.distribution,
      manageRuntimeClass: site.manageRuntimeClass,
      cacheStorageClass: site.cacheStorageClass,
      prometheusAddress: site.prometheusAddress,
      costAllocation,
      models: site.models,
      schedule,
    });
    out[site.name] = {
      location: site.location,
      hardware: site.hardware,
      namespace: created.namespace,
      ...(site.schedule !== undefined ? { schedule: site.schedule } : {}),
      models: site.models.map((m) => m.name),
    };
    if (options.drain !== undefined) {
      await options.drain();
    }
  }
  return out;
}
