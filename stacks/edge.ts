/**
 * The part of the stack program that maps schedules and edge sites to components (kept apart from
 * program.ts so each feature's wiring reads on its own).
 */
import type { GpuCluster } from "../components/compute/gpuCluster";
import type { GpuNodePool } from "../components/compute/gpuNodePool";
import { EdgeInferenceSite } from "../components/edge/edgeInferenceSite";
import { ShutdownSchedule, type ShutdownTarget } from "../components/schedule/shutdownSchedule";
import { compileSchedule } from "../model/schedule/windows";
import type { ScheduleFacts } from "../model/schedule/tags";
import { awsTags, kubernetesCostLabels, type CostAllocation } from "../model/tags";
import { poolResourceName } from "./config/args";
import { scheduleSpec } from "./config/rules/edge";
import { type ScheduleConfig } from "./config/schema";
import type { ClusterConfig, EdgeSiteConfig, GpuPoolConfig, StackConfig } from "./config/schema";
import { siteGroup } from "./config/rules/rollout";
import { siteRolloutOutput, type SiteRolloutOutput } from "../model/rollout/stacks";

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
  /** What the site runs and what `hai rollout` recorded (model/rollout/stacks.ts). */
  readonly rollout: SiteRolloutOutput;
}

/**
 * The edge sites this stack deploys. A group stack (`hybrid-ai:siteGroup`, written by `hai rollout`)
 * deploys its group's sites. A fleet with `hybrid-ai:rollout` leaves its sites to the group stacks,
 * so no site is managed by two stacks; `everySite` (what `hai review` asks) shows them all anyway.
 * Without rollouts the fleet stack deploys every site, as before.
 */
export function sitesOfStack(config: StackConfig, everySite = false): EdgeSiteConfig[] {
  if (config.siteGroup !== undefined) {
    return config.edgeSites.filter((s) => siteGroup(s) === config.siteGroup);
  }
  return config.rollout !== undefined && !everySite ? [] : config.edgeSites;
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
  poolConfig: GpuPoolConfig,
  clusterResource: GpuCluster,
  pool: GpuNodePool,
  scheduleName: string,
  schedule: ScheduleConfig,
  costAllocation: CostAllocation,
): ShutdownSchedule {
  const sizes = { minNodes: poolConfig.minNodes, maxNodes: poolConfig.maxNodes };
  const name = `${cluster.name}-${poolConfig.name}-schedule`;
  const spec = scheduleSpec(schedule);
  const labels = kubernetesCostLabels(costAllocation);
  if (cluster.cloud === "onprem") {
    // Owned machines stay on: the schedule scales the pool's workloads to zero and back.
    const w = poolConfig.workloads!;
    return new ShutdownSchedule(
      name,
      {
        scheduleName,
        schedule: spec,
        target: { kubernetes: { namespace: w.namespace, workloads: w.deployments, labels } },
      },
      { provider: clusterResource.k8sProvider },
    );
  }
  if (poolConfig.provisioner === "karpenter") {
    return new ShutdownSchedule(
      name,
      {
        scheduleName,
        schedule: spec,
        target: {
          karpenterNodePool: {
            nodePool: poolResourceName(cluster, poolConfig),
            gpuLimit: poolConfig.maxNodes * pool.gpusPerNode,
            labels,
          },
        },
      },
      { provider: clusterResource.k8sProvider },
    );
  }
  const target: ShutdownTarget =
    cluster.cloud === "aws"
      ? { awsNodeGroup: { autoscalingGroupName: pool.autoscalingGroupName!, ...sizes } }
      : cluster.cloud === "azure"
        ? {
            aksNodePool: {
              resourceGroupName: cluster.resourceGroup!,
              clusterName: clusterResource.clusterName,
              agentPoolName: pool.nodePoolName,
              location: cluster.region,
              tags: awsTags(costAllocation),
            },
          }
        : {
            gkeNodePool: {
              project: cluster.project!,
              location: cluster.region,
              clusterName: clusterResource.clusterName,
              nodePoolName: pool.nodePoolName,
              locationPolicy: pool.capacity === "spot" ? "ANY" : "BALANCED",
              ...sizes,
            },
          };
  return new ShutdownSchedule(
    name,
    { scheduleName, schedule: spec, target },
    { provider: clusterResource.provider },
  );
}

/** Creates every edge site, draining like the GPU pools do; `built` collects them by name. */
export async function composeEdgeSites(
  config: StackConfig,
  costAllocation: CostAllocation,
  options: { readonly drain?: () => Promise<void>; readonly everySite?: boolean },
  built?: Map<string, EdgeInferenceSite>,
): Promise<Record<string, EdgeSiteOutput>> {
  const out: Record<string, EdgeSiteOutput> = {};
  for (const site of sitesOfStack(config, options.everySite)) {
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
    built?.set(site.name, created);
    out[site.name] = {
      location: site.location,
      hardware: site.hardware,
      namespace: created.namespace,
      ...(site.schedule !== undefined ? { schedule: site.schedule } : {}),
      models: site.models.map((m) => m.name),
      rollout: siteRolloutOutput(site.models, config.rolloutRecord, site.name),
    };
    if (options.drain !== undefined) {
      await options.drain();
    }
  }
  return out;
}
