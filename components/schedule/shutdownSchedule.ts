import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { imageProblem } from "../edge/servers";
import { awsScheduledActions, gcpSchedulerJobs, kubernetesScaleJobs } from "./backends";
import * as authorization from "@pulumi/azure-native/authorization";
import * as logic from "@pulumi/azure-native/logic";
import { windowsZone } from "../../model/schedule/windowsZones";
import { AKS_SCHEDULER_ACTIONS, aksScheduleWorkflows } from "./aks";
import { karpenterScript, renderKarpenterScalerRbac } from "./karpenter";
import { renderScaleCronJob, renderScalerRbac, type ScheduledWorkload } from "./kubernetes";
import {
  compileSchedule,
  skippedSwitches,
  validateScheduleSpec,
  type ScheduleSpec,
} from "../../model/schedule/windows";
import { show, throwIfProblems, withPrefix, type Problem } from "../../model/validation";
import { COMPONENT_TYPES } from "../../model/contracts";
import { fitLabelValue, fitName } from "../../model/naming";
import { QUOTAS } from "../../model/rules/quotas";
import type { ShutdownScheduleOutputs } from "../../model/outputs";
import type { Registered } from "../registered";

/** Type token of {@link ShutdownSchedule}. */
export const SHUTDOWN_SCHEDULE_TYPE = COMPONENT_TYPES.shutdownSchedule;

/** Defaults applied when args leave them out. */
export const SHUTDOWN_SCHEDULE_DEFAULTS = {
  /**
   * Image of the Kubernetes scale jobs: needs `/bin/sh` and `kubectl`. Pin it by digest in production
   * (`kubectlImage`); registry.k8s.io/kubectl has no shell, which the holiday guard needs.
   */
  kubectlImage: "alpine/k8s:1.31.4",
  /** Scope of the token Cloud Scheduler mints for the node pool API. */
  gcpScope: "https://www.googleapis.com/auth/cloud-platform",
} as const;

/**
 * Permissions of the Cloud Scheduler service account: the node pool API's setAutoscaling and setSize
 * need `container.clusters.update` (GKE has no narrower permission for them), plus reading the
 * cluster and its operations.
 */
export const GKE_SCHEDULER_PERMISSIONS = [
  "container.clusters.get",
  "container.clusters.update",
  "container.operations.get",
] as const;

/** An EKS managed node group's Auto Scaling group. */
export interface AwsNodeGroupTarget {
  /** The node group's Auto Scaling group. */
  readonly autoscalingGroupName: pulumi.Input<string>;
  readonly minNodes: number;
  readonly maxNodes: number;
}

/** How GKE's autoscaler spreads a pool's nodes over zones. */
export const GkeLocationPolicy = { Any: "ANY", Balanced: "BALANCED" } as const;
export type GkeLocationPolicy = (typeof GkeLocationPolicy)[keyof typeof GkeLocationPolicy];

/** A GKE node pool. */
export interface GkeNodePoolTarget {
  readonly project: string;
  /** Region (or zone) of the cluster; Cloud Scheduler jobs live in its region. */
  readonly location: string;
  readonly clusterName: pulumi.Input<string>;
  readonly nodePoolName: pulumi.Input<string>;
  readonly minNodes: number;
  readonly maxNodes: number;
  /**
   * Autoscaling location policy restored when switching on.
   * @default "BALANCED"
   */
  readonly locationPolicy?: GkeLocationPolicy;
}

/** Deployments in a Kubernetes namespace (an edge site). */
export interface KubernetesTarget {
  readonly namespace: string;
  readonly workloads: ScheduledWorkload[];
  /**
   * Image with `/bin/sh` and `kubectl` the scale jobs run.
   * @default "alpine/k8s:1.31.4"
   */
  readonly kubectlImage?: string;
  /**
   * Labels of the rendered objects.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** An AKS agent pool, stopped and started by Logic Apps workflows (schedule/aks.ts). */
export interface AksNodePoolTarget {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  /** The agent pool's name as AKS knows it. */
  readonly agentPoolName: pulumi.Input<string>;
  /** Azure region of the workflows. */
  readonly location: string;
  /** Tags of the workflows (cost allocation). */
  readonly tags: Record<string, string>;
}

/** A Karpenter NodePool, switched by Kubernetes CronJobs (schedule/karpenter.ts). */
export interface KarpenterNodePoolTarget {
  /** The NodePool object's name. */
  readonly nodePool: string;
  /** The `nvidia.com/gpu` limit restored when switching on. */
  readonly gpuLimit: number;
  /**
   * Namespace the CronJobs run in.
   * @default "kube-system"
   */
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  /** @default "alpine/k8s:1.31.4" */
  readonly kubectlImage?: string;
}

/**
 * What a schedule switches: exactly one of the members. (One object with a member per backend rather
 * than a union, so the shape is the same in every Pulumi language.)
 */
export interface ShutdownTarget {
  /** An EKS managed node group, through its Auto Scaling group's scheduled actions. */
  readonly awsNodeGroup?: AwsNodeGroupTarget;
  /** A GKE node pool, through Cloud Scheduler jobs calling the node pool API. */
  readonly gkeNodePool?: GkeNodePoolTarget;
  /** An AKS agent pool, through Logic Apps workflows calling the agent pool API. */
  readonly aksNodePool?: AksNodePoolTarget;
  /** A Karpenter NodePool, through CronJobs patching its GPU limit. */
  readonly karpenterNodePool?: KarpenterNodePoolTarget;
  /** Deployments of a Kubernetes namespace, through CronJobs in it. */
  readonly kubernetes?: KubernetesTarget;
}

/** The members of {@link ShutdownTarget}. */
const TARGET_KINDS = [
  "awsNodeGroup",
  "gkeNodePool",
  "aksNodePool",
  "karpenterNodePool",
  "kubernetes",
] as const;

/** Arguments of {@link ShutdownSchedule}. */
export interface ShutdownScheduleArgs {
  /** The schedule's name in the stack config, e.g. `office-hours`. */
  readonly scheduleName: string;
  /** When capacity runs, in the schedule's time zone. */
  readonly schedule: ScheduleSpec;
  /** What to switch. */
  readonly target: ShutdownTarget;
  /**
   * The deployment's time, ISO 8601 (`2026-11-30T09:00:00Z`): holidays already over are left out
   * (clouds reject actions in the past).
   * @default - the time the program runs
   */
  readonly now?: string;
}

/** Checks schedule args; paths are relative to them. */
export function validateShutdownScheduleArgs(args: ShutdownScheduleArgs): Problem[] {
  const problems: Problem[] = withPrefix(["schedule"], validateScheduleSpec(args.schedule));
  if (args.now !== undefined && Number.isNaN(Date.parse(args.now))) {
    problems.push({
      path: ["now"],
      message: `must be an ISO 8601 time such as 2026-11-30T09:00:00Z (got ${show(args.now)})`,
    });
  }
  const set = TARGET_KINDS.filter((k) => args.target[k] !== undefined);
  if (set.length !== 1) {
    problems.push({
      path: ["target"],
      message: `must set exactly one of ${TARGET_KINDS.join(", ")} (got ${set.length === 0 ? "none" : set.join(" and ")})`,
    });
  }
  const { awsNodeGroup, gkeNodePool, aksNodePool, karpenterNodePool, kubernetes } = args.target;
  if (kubernetes !== undefined) {
    const at = ["target", "kubernetes"];
    if (kubernetes.workloads.length === 0) {
      problems.push({
        path: [...at, "workloads"],
        message: "must list at least one Deployment to switch",
      });
    }
    const image = kubernetes.kubectlImage ?? SHUTDOWN_SCHEDULE_DEFAULTS.kubectlImage;
    const bad = imageProblem(image);
    if (bad !== undefined) {
      problems.push({ path: [...at, "kubectlImage"], message: bad });
    }
  }
  if (aksNodePool !== undefined && windowsZone(args.schedule.timezone) === undefined) {
    problems.push({
      path: ["schedule", "timezone"],
      message: `has no Windows time zone name in model/schedule/windowsZones.ts, which Logic Apps need (got ${show(args.schedule.timezone)}); add its CLDR mapping there`,
    });
  }
  if (
    karpenterNodePool !== undefined &&
    (!Number.isInteger(karpenterNodePool.gpuLimit) || karpenterNodePool.gpuLimit < 1)
  ) {
    problems.push({
      path: ["target", "karpenterNodePool", "gpuLimit"],
      message: `must be a whole number >= 1 (got ${show(karpenterNodePool.gpuLimit)})`,
    });
  }
  for (const [key, t] of [
    ["awsNodeGroup", awsNodeGroup],
    ["gkeNodePool", gkeNodePool],
  ] as const) {
    if (t === undefined) {
      continue;
    }
    if (key === "awsNodeGroup" && problems.length === 0) {
      const count = awsScheduledActions(
        compileSchedule(args.schedule),
        awsNodeGroup!,
        args.now === undefined ? new Date() : new Date(args.now),
      ).length;
      const quota = QUOTAS.scheduledActionsPerAsg;
      if (count > quota.max) {
        problems.push({
          path: ["schedule"],
          message: `makes ${count} scheduled actions on the node group's Auto Scaling group; AWS allows ${quota.max} ${quota.what}: remove past holidays, merge holiday runs or use fewer on-times (each holiday run adds one action per on-time) (source: ${quota.source.url})`,
        });
      }
    }
    if (!Number.isInteger(t.minNodes) || t.minNodes < 0) {
      problems.push({
        path: ["target", key, "minNodes"],
        message: `must be a whole number >= 0 (got ${show(t.minNodes)})`,
      });
    }
    if (t.maxNodes < Math.max(t.minNodes, 1)) {
      problems.push({
        path: ["target", key, "maxNodes"],
        message: `must be >= minNodes and >= 1 (got ${t.maxNodes} < ${Math.max(t.minNodes, 1)})`,
      });
    }
  }
  return problems;
}

/**
 * Switches capacity off outside a schedule's windows and on holidays: scheduled actions on an EKS
 * node group's Auto Scaling group, Cloud Scheduler jobs calling the GKE node pool API with a
 * least-privilege service account, Logic Apps workflows stopping and starting an AKS agent pool,
 * CronJobs setting a Karpenter NodePool's GPU limit, or Kubernetes CronJobs that scale a site's
 * Deployments to zero and back. All keep wall-clock time in the schedule's zone. See schedule/backends.ts for how each
 * backend keeps holidays off.
 *
 * @example
 * new ShutdownSchedule("aws-use1-dev-l4-schedule", {
 *   scheduleName: "office-hours",
 *   schedule: { timezone: "Europe/Berlin", on: ["Mon-Fri 07:00-19:00"], holidays: ["2026-12-24"] },
 *   target: { awsNodeGroup: { autoscalingGroupName: pool.autoscalingGroupName!, minNodes: 0, maxNodes: 2 } },
 * }, { provider: awsProvider });
 */
export class ShutdownSchedule extends pulumi.ComponentResource {
  /** On-hours in a week of wall-clock time. */
  public readonly onHoursPerWeek: number;
  /** Number of scheduled actions, jobs or CronJobs created. */
  public readonly actionCount: number;

  constructor(name: string, args: ShutdownScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SHUTDOWN_SCHEDULE_TYPE, name, {}, opts);
    throwIfProblems(`ShutdownSchedule ${name}`, validateShutdownScheduleArgs(args));
    const now = args.now === undefined ? new Date() : new Date(args.now);
    const compiled = compileSchedule(args.schedule);
    const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: opts?.provider };
    const { awsNodeGroup, gkeNodePool, aksNodePool, karpenterNodePool, kubernetes } = args.target;
    this.onHoursPerWeek = compiled.onHoursPerWeek;
    for (const s of skippedSwitches(compiled, now)) {
      void pulumi.log.warn(
        `schedule ${args.scheduleName}: the ${s.action}-switch at ${s.time} does not exist on ${s.date} in ${compiled.timezone} ` +
          "(DST change); backends may fire it late or not at all that day: move it out of the night's DST hour",
        this,
      );
    }

    if (awsNodeGroup !== undefined) {
      const t = awsNodeGroup;
      const actions = awsScheduledActions(compiled, t, now);
      for (const a of actions) {
        new aws.autoscaling.Schedule(
          `${name}-${a.id}`,
          {
            scheduledActionName: `${name}-${a.id}`,
            autoscalingGroupName: t.autoscalingGroupName,
            minSize: a.minSize,
            maxSize: a.maxSize,
            desiredCapacity: a.desiredCapacity,
            recurrence: a.recurrence,
            timeZone: a.recurrence === undefined ? undefined : compiled.timezone,
            startTime: a.startTime,
            endTime: a.endTime,
          },
          // An update would send the start time AWS stored, by then in the past ("Given start
          // time is in the past", terraform-provider-aws#38983): replace instead, deleting first
          // since the action name stays.
          { ...childOpts, replaceOnChanges: ["*"], deleteBeforeReplace: true },
        );
      }
      this.actionCount = actions.length;
    } else if (gkeNodePool !== undefined) {
      this.actionCount = this.createGcpJobs(name, args, gkeNodePool, compiled, now, childOpts);
    } else if (aksNodePool !== undefined) {
      this.actionCount = this.createAksWorkflows(name, args, aksNodePool, compiled, childOpts);
    } else if (karpenterNodePool !== undefined) {
      const t = karpenterNodePool;
      const { jobs, holidayRanges } = kubernetesScaleJobs(compiled, now);
      const namespace = t.namespace ?? "kube-system";
      const labels = { ...(t.labels ?? {}), "hybrid-ai/schedule": args.scheduleName };
      const target = { nodePool: t.nodePool, gpuLimit: t.gpuLimit, namespace };
      const rbac = renderKarpenterScalerRbac(target, labels);
      const account = new k8s.core.v1.ServiceAccount(
        `${name}-account`,
        rbac.serviceAccount,
        childOpts,
      );
      const role = new k8s.rbac.v1.ClusterRole(`${name}-role`, rbac.clusterRole, childOpts);
      const binding = new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-binding`,
        rbac.clusterRoleBinding,
        {
          ...childOpts,
          dependsOn: [account, role],
        },
      );
      const jobTarget = {
        namespace,
        workloads: [],
        timezone: compiled.timezone,
        image: t.kubectlImage ?? SHUTDOWN_SCHEDULE_DEFAULTS.kubectlImage,
        labels,
      };
      for (const job of jobs) {
        new k8s.batch.v1.CronJob(
          `${name}-${job.id}`,
          renderScaleCronJob(job, jobTarget, holidayRanges, {
            script: karpenterScript(job, target),
            serviceAccount: rbac.serviceAccount.metadata.name,
          }),
          { ...childOpts, dependsOn: [binding] },
        );
      }
      this.actionCount = jobs.length;
    } else {
      const t = kubernetes!;
      const { jobs, holidayRanges } = kubernetesScaleJobs(compiled, now);
      const target = {
        namespace: t.namespace,
        workloads: t.workloads,
        timezone: compiled.timezone,
        image: t.kubectlImage ?? SHUTDOWN_SCHEDULE_DEFAULTS.kubectlImage,
        labels: { ...(t.labels ?? {}), "hybrid-ai/schedule": args.scheduleName },
      };
      const rbac = renderScalerRbac(target);
      const account = new k8s.core.v1.ServiceAccount(
        `${name}-account`,
        rbac.serviceAccount,
        childOpts,
      );
      const role = new k8s.rbac.v1.Role(`${name}-role`, rbac.role, childOpts);
      const binding = new k8s.rbac.v1.RoleBinding(`${name}-binding`, rbac.roleBinding, {
        ...childOpts,
        dependsOn: [account, role],
      });
      for (const job of jobs) {
        new k8s.batch.v1.CronJob(
          `${name}-${job.id}`,
          renderScaleCronJob(job, target, holidayRanges),
          { ...childOpts, dependsOn: [binding] },
        );
      }
      this.actionCount = jobs.length;
    }

    this.registerOutputs({
      scheduleName: args.scheduleName,
      timezone: compiled.timezone,
      onHoursPerWeek: this.onHoursPerWeek,
      actionCount: this.actionCount,
    } satisfies Registered<ShutdownScheduleOutputs>);
  }

  /**
   * One Logic Apps workflow per switch, each with its own system-assigned identity, and one custom
   * role (agent pools read/write on this cluster only) assigned to every workflow identity.
   */
  private createAksWorkflows(
    name: string,
    args: ShutdownScheduleArgs,
    t: AksNodePoolTarget,
    compiled: ReturnType<typeof compileSchedule>,
    childOpts: pulumi.CustomResourceOptions,
  ): number {
    const zone = windowsZone(compiled.timezone)!;
    const cluster = containerserviceClusterId(t, childOpts);
    const agentPoolId = pulumi.interpolate`${cluster}/agentPools/${t.agentPoolName}`;
    const role = new authorization.RoleDefinition(
      `${name}-role`,
      {
        scope: cluster,
        roleName: pulumi.interpolate`hybrid-ai switch ${t.clusterName}/${t.agentPoolName}`,
        description: `Stops and starts AKS agent pools for schedule ${args.scheduleName}`,
        permissions: [{ actions: [...AKS_SCHEDULER_ACTIONS] }],
        assignableScopes: [cluster],
      },
      childOpts,
    );
    const workflows = aksScheduleWorkflows(compiled, zone);
    for (const w of workflows) {
      const workflow = new logic.Workflow(
        `${name}-${w.id}`,
        {
          resourceGroupName: t.resourceGroupName,
          location: t.location,
          state: "Enabled",
          identity: { type: "SystemAssigned" },
          definition: w.definition,
          parameters: { agentPoolId: { type: "String", value: agentPoolId } },
          tags: { ...t.tags, schedule: args.scheduleName, switch: w.action },
        },
        childOpts,
      );
      new authorization.RoleAssignment(
        `${name}-${w.id}-role`,
        {
          scope: cluster,
          principalId: workflow.identity.apply((i) => i?.principalId ?? ""),
          principalType: "ServicePrincipal",
          roleDefinitionId: role.id,
        },
        childOpts,
      );
    }
    return workflows.length;
  }

  private createGcpJobs(
    name: string,
    args: ShutdownScheduleArgs,
    t: GkeNodePoolTarget,
    compiled: ReturnType<typeof compileSchedule>,
    now: Date,
    childOpts: pulumi.CustomResourceOptions,
  ): number {
    // Account ids are 6-30 characters of [a-z0-9-]: fitted, with a hash where the name is too long.
    const accountId = fitName("gcp-service-account-id", [name]);
    const account = new gcp.serviceaccount.Account(
      `${name}-invoker`,
      {
        accountId,
        project: t.project,
        displayName: `Switches node pool ${name} on schedule ${args.scheduleName}`,
      },
      childOpts,
    );
    const role = new gcp.projects.IAMCustomRole(
      `${name}-role`,
      {
        project: t.project,
        roleId: fitLabelValue("gcp-custom-role-id", `hybridAi_${name}`),
        title: `Switch GKE node pool ${name}`.slice(0, 100),
        permissions: [...GKE_SCHEDULER_PERMISSIONS],
      },
      childOpts,
    );
    const member = new gcp.projects.IAMMember(
      `${name}-role-member`,
      {
        project: t.project,
        role: role.name,
        member: pulumi.interpolate`serviceAccount:${account.email}`,
      },
      childOpts,
    );
    const region = t.location.replace(/-[a-z]$/, "");
    const jobs = gcpSchedulerJobs(
      compiled,
      { ...t, locationPolicy: t.locationPolicy ?? "BALANCED" },
      now,
    );
    for (const j of jobs) {
      new gcp.cloudscheduler.Job(
        `${name}-${j.id}`,
        {
          name: `${name}-${j.id}`,
          project: t.project,
          region,
          description: `${j.action} (${j.method}) for schedule ${args.scheduleName}`,
          schedule: j.schedule,
          timeZone: compiled.timezone,
          attemptDeadline: "320s",
          // GKE runs one operation per node pool at a time: retry while another is in flight.
          retryConfig: { retryCount: 3, minBackoffDuration: "60s", maxDoublings: 2 },
          httpTarget: {
            httpMethod: "POST",
            uri: pulumi.interpolate`https://container.googleapis.com/v1/projects/${t.project}/locations/${t.location}/clusters/${t.clusterName}/nodePools/${t.nodePoolName}:${j.method}`,
            body: Buffer.from(JSON.stringify(j.body)).toString("base64"),
            headers: { "Content-Type": "application/json" },
            oauthToken: {
              serviceAccountEmail: account.email,
              scope: SHUTDOWN_SCHEDULE_DEFAULTS.gcpScope,
            },
          },
        },
        { ...childOpts, dependsOn: [member] },
      );
    }
    return jobs.length;
  }
}

/** ARM id of the AKS cluster a target switches pools of. */
function containerserviceClusterId(
  t: AksNodePoolTarget,
  opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
  const client = authorization.getClientConfigOutput(opts);
  return pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${t.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${t.clusterName}`;
}
