import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  AutoscalingPolicy,
  validateAutoscalingRule,
  type AutoscalingRule,
} from "./autoscalingPolicy";
import {
  EDGE_DISTRIBUTIONS,
  renderCacheClaim,
  renderDeployment,
  renderDisruptionBudget,
  renderNamespace,
  renderNetworkPolicy,
  renderRuntimeClass,
  renderService,
  siteLabels,
  type EdgeDistribution,
  type ResolvedModel,
  type ResolvedSite,
} from "./manifests";
import {
  EDGE_HARDWARE,
  INFERENCE_SERVERS,
  SERVERS,
  hasGpu,
  imageProblem,
  validateServedModel,
  type EdgeHardware,
  type InferenceServer,
} from "./servers";
import { ShutdownSchedule } from "../schedule/shutdownSchedule";
import type { ScheduleSpec } from "../../model/schedule/windows";
import type { CostAllocation } from "../../model/tags";
import { show, throwIfProblems, withPrefix, type Problem } from "../../model/validation";
import { COMPONENT_TYPES } from "../../model/contracts";
import type { EdgeInferenceSiteOutputs } from "../../model/outputs";
import type { Registered } from "../registered";

/** Type token of {@link EdgeInferenceSite}. */
export const EDGE_INFERENCE_SITE_TYPE = COMPONENT_TYPES.edgeInferenceSite;

/** Defaults applied when args leave them out. */
export const EDGE_SITE_DEFAULTS = {
  distribution: "k3s" as EdgeDistribution,
  /**
   * Storage class of model caches. The site must provide an encrypted class under this name (e.g.
   * Longhorn with `encrypted: "true"`, or a CSI driver on LUKS volumes); the site does not create it,
   * since encryption at rest depends on the site's disks and key handling.
   */
  cacheStorageClass: "encrypted",
  replicas: 1,
  cacheGiB: 20,
  cpu: 4,
  memoryGiB: 16,
} as const;

/** DNS-1123 label: what Kubernetes accepts as a namespace or Service name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** One model a site serves. */
export interface EdgeModelArgs {
  /** Name of the Deployment, Service and scaler (DNS-1123, at most 40 characters). */
  readonly name: string;
  /** `vllm`, `triton` or `llamacpp`. */
  readonly server: InferenceServer;
  /** Container image pinned by tag (not `latest`) or digest. */
  readonly image: string;
  /** What the server loads: see {@link SERVERS} `modelHelp`. */
  readonly model: string;
  /** Pinned revision of the model (a commit hash, or a Triton repository snapshot). */
  readonly revision: string;
  /**
   * Replicas at creation; with autoscaling the scaler owns the count afterwards.
   * @default - autoscaling's minReplicas (at least 1), else 1
   */
  readonly replicas?: number;
  /**
   * GPUs per replica; 0 runs on CPU.
   * @default - 1 on NVIDIA hardware, 0 on cpu
   */
  readonly gpus?: number;
  /**
   * Size of the model cache volume.
   * @default 20
   */
  readonly cacheGiB?: number;
  /**
   * CPU cores requested per replica.
   * @default 4
   */
  readonly cpu?: number;
  /**
   * Memory per replica (request and limit).
   * @default 16
   */
  readonly memoryGiB?: number;
  /**
   * Scaling with demand.
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: AutoscalingRule;
}

/** Arguments of {@link EdgeInferenceSite}. */
export interface EdgeInferenceSiteArgs {
  /** Kubeconfig of the site's cluster. Always handled as a Pulumi secret. */
  readonly kubeconfig: pulumi.Input<string>;
  /** Where the site is (region or city code), for residency and reports, e.g. `eu-central`. */
  readonly location: string;
  /** `nvidia-l4`, `nvidia-t4`, `nvidia-a2`, `jetson-orin` or `cpu`. */
  readonly hardware: EdgeHardware;
  /**
   * `k3s` or `kubernetes`. On k3s, GPU pods run with `runtimeClassName: nvidia`.
   * @default "k3s"
   */
  readonly distribution?: EdgeDistribution;
  /**
   * Whether the site creates the cluster-wide `nvidia` RuntimeClass. Only meaningful on k3s with NVIDIA
   * hardware; give false when the cluster already has one (the NVIDIA GPU operator creates it).
   * @default - true on k3s with NVIDIA hardware, else false
   */
  readonly manageRuntimeClass?: boolean;
  /**
   * Encrypted storage class of the model caches.
   * @default "encrypted"
   */
  readonly cacheStorageClass?: string;
  /**
   * Prometheus KEDA reads queue metrics from.
   * @default - AUTOSCALING_DEFAULTS.prometheusAddress
   */
  readonly prometheusAddress?: string;
  /** Who pays: becomes namespace and object labels. */
  readonly costAllocation: CostAllocation;
  /** Models to serve; at least one. */
  readonly models: readonly EdgeModelArgs[];
  /**
   * Switches the site's models off outside these windows (CronJobs in the namespace).
   * @default - always on
   */
  readonly schedule?: { readonly name: string; readonly spec: ScheduleSpec; readonly now?: Date };
}

/** Checks site args and returns every problem; paths are relative to the site (`models[1].image`). */
export function validateEdgeInferenceSiteArgs(
  name: string,
  args: EdgeInferenceSiteArgs,
): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) => problems.push({ path, message });
  if (!DNS_LABEL.test(name) || name.length > 40) {
    add(["name"], `must be a DNS-1123 label of at most 40 characters (got ${show(name)})`);
  }
  if (!(EDGE_HARDWARE as readonly string[]).includes(args.hardware)) {
    add(["hardware"], `must be one of ${EDGE_HARDWARE.join(", ")} (got ${show(args.hardware)})`);
  }
  if (
    args.distribution !== undefined &&
    !(EDGE_DISTRIBUTIONS as readonly string[]).includes(args.distribution)
  ) {
    add(
      ["distribution"],
      `must be one of ${EDGE_DISTRIBUTIONS.join(", ")} (got ${show(args.distribution)})`,
    );
  }
  if (args.models.length === 0) {
    add(["models"], "must list at least one model");
  }
  const seen = new Map<string, number>();
  args.models.forEach((m, i) => {
    const at = (key: string): Problem["path"] => ["models", i, key];
    if (!DNS_LABEL.test(m.name) || m.name.length > 40) {
      add(at("name"), `must be a DNS-1123 label of at most 40 characters (got ${show(m.name)})`);
    }
    const first = seen.get(m.name);
    if (first !== undefined) {
      add(at("name"), `repeats model name ${show(m.name)} (first used at models[${first}])`);
    }
    seen.set(m.name, i);
    if (!(INFERENCE_SERVERS as readonly string[]).includes(m.server)) {
      add(at("server"), `must be one of ${INFERENCE_SERVERS.join(", ")} (got ${show(m.server)})`);
      return;
    }
    const image = imageProblem(m.image);
    if (image !== undefined) {
      add(at("image"), image);
    }
    const gpus = m.gpus ?? (hasGpu(args.hardware) ? 1 : 0);
    problems.push(...withPrefix(["models", i], validateServedModel({ ...m, gpus })));
    if (!Number.isInteger(gpus) || gpus < 0) {
      add(at("gpus"), `must be a whole number >= 0 (got ${show(m.gpus)})`);
    } else if (gpus > 0 && !hasGpu(args.hardware)) {
      add(at("gpus"), `must be 0 on cpu hardware (got ${gpus})`);
    } else if (gpus === 0 && !SERVERS[m.server].runsOnCpu) {
      add(
        at("gpus"),
        `must be >= 1: ${m.server} needs a GPU; serve on CPU with llamacpp or triton`,
      );
    }
    if (m.replicas !== undefined && (!Number.isInteger(m.replicas) || m.replicas < 0)) {
      add(at("replicas"), `must be a whole number >= 0 (got ${show(m.replicas)})`);
    }
    if (m.cacheGiB !== undefined && (!Number.isInteger(m.cacheGiB) || m.cacheGiB < 1)) {
      add(at("cacheGiB"), `must be a whole number >= 1 (got ${show(m.cacheGiB)})`);
    }
    if (m.autoscaling !== undefined) {
      problems.push(
        ...withPrefix(["models", i, "autoscaling"], validateAutoscalingRule(m.autoscaling)),
      );
      const { minReplicas, maxReplicas } = m.autoscaling;
      if (
        m.replicas !== undefined &&
        minReplicas <= maxReplicas &&
        (m.replicas < Math.max(minReplicas, 1) || m.replicas > maxReplicas)
      ) {
        add(
          at("replicas"),
          `must lie within autoscaling bounds ${Math.max(minReplicas, 1)}-${maxReplicas} (got ${m.replicas})`,
        );
      }
    }
  });
  return problems;
}

/** Applies model defaults. */
export function resolveModel(m: EdgeModelArgs, hardware: EdgeHardware): ResolvedModel {
  return {
    name: m.name,
    server: m.server,
    image: m.image,
    model: m.model,
    revision: m.revision,
    replicas:
      m.replicas ??
      (m.autoscaling ? Math.max(m.autoscaling.minReplicas, 1) : EDGE_SITE_DEFAULTS.replicas),
    gpus: m.gpus ?? (hasGpu(hardware) ? 1 : 0),
    cacheGiB: m.cacheGiB ?? EDGE_SITE_DEFAULTS.cacheGiB,
    cpu: m.cpu ?? EDGE_SITE_DEFAULTS.cpu,
    memoryGiB: m.memoryGiB ?? EDGE_SITE_DEFAULTS.memoryGiB,
  };
}

/**
 * Serves models on a small Kubernetes cluster at the edge (a store, plant or PoP): its own Kubernetes
 * provider from the site's kubeconfig (kept secret), a namespace with cost labels, and per model a
 * Deployment, an encrypted model cache, a ClusterIP Service, a PodDisruptionBudget, a NetworkPolicy
 * and, when asked, an {@link AutoscalingPolicy}; optionally a {@link ShutdownSchedule} for the site.
 *
 * @example
 * new EdgeInferenceSite("store-berlin-01", {
 *   kubeconfig: config.requireSecret("kubeconfig"), location: "eu-central", hardware: "nvidia-l4",
 *   costAllocation,
 *   models: [{ name: "support-chat", server: "vllm", image: "vllm/vllm-openai:v0.6.3",
 *     model: "meta-llama/Llama-3.1-8B-Instruct", revision: "0e9e39f",
 *     autoscaling: { minReplicas: 1, maxReplicas: 4, queueDepthTarget: 5 } }],
 * });
 */
export class EdgeInferenceSite extends pulumi.ComponentResource {
  /** The site's Kubernetes provider; every child uses it. */
  public readonly provider: k8s.Provider;
  /** Namespace of the site's objects. */
  public readonly namespace: string;
  /** Deployment names by model. */
  public readonly deployments: Record<string, string>;

  constructor(name: string, args: EdgeInferenceSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EDGE_INFERENCE_SITE_TYPE, name, {}, opts);
    throwIfProblems(`EdgeInferenceSite ${name}`, validateEdgeInferenceSiteArgs(name, args));
    const distribution = args.distribution ?? EDGE_SITE_DEFAULTS.distribution;
    const site: ResolvedSite = {
      name,
      namespace: name,
      location: args.location,
      hardware: args.hardware,
      distribution,
      cacheStorageClass: args.cacheStorageClass ?? EDGE_SITE_DEFAULTS.cacheStorageClass,
      costAllocation: args.costAllocation,
      schedule: args.schedule?.name,
    };
    const models = args.models.map((m) => ({ args: m, resolved: resolveModel(m, args.hardware) }));

    this.provider = new k8s.Provider(
      `${name}-provider`,
      { kubeconfig: pulumi.secret(args.kubeconfig), enableServerSideApply: true },
      { parent: this },
    );
    const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: this.provider };
    this.namespace = site.namespace;

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      renderNamespace(site),
      childOpts,
    );
    const nsOpts: pulumi.CustomResourceOptions = { ...childOpts, dependsOn: [namespace] };
    const manageRuntimeClass =
      args.manageRuntimeClass ?? (distribution === "k3s" && hasGpu(args.hardware));
    const runtime = manageRuntimeClass
      ? [new k8s.node.v1.RuntimeClass(`${name}-runtimeclass`, renderRuntimeClass(site), childOpts)]
      : [];

    this.deployments = {};
    for (const { args: m, resolved } of models) {
      const base = `${name}-${m.name}`;
      const cache = new k8s.core.v1.PersistentVolumeClaim(
        `${base}-cache`,
        renderCacheClaim(site, resolved),
        nsOpts,
      );
      new k8s.apps.v1.Deployment(base, renderDeployment(site, resolved), {
        ...nsOpts,
        dependsOn: [namespace, cache, ...runtime],
        // A scaler or the site's schedule owns the replica count after creation.
        ...(m.autoscaling || args.schedule ? { ignoreChanges: ["spec.replicas"] } : {}),
      });
      new k8s.core.v1.Service(`${base}-service`, renderService(site, resolved), nsOpts);
      new k8s.policy.v1.PodDisruptionBudget(
        `${base}-pdb`,
        renderDisruptionBudget(site, resolved),
        nsOpts,
      );
      new k8s.networking.v1.NetworkPolicy(
        `${base}-netpol`,
        renderNetworkPolicy(site, resolved),
        nsOpts,
      );
      if (m.autoscaling !== undefined) {
        new AutoscalingPolicy(
          `${base}-autoscaling`,
          {
            ...m.autoscaling,
            namespace: site.namespace,
            deploymentName: resolved.name,
            server: resolved.server,
            prometheusAddress: args.prometheusAddress,
            labels: siteLabels(site),
          },
          { parent: this, provider: this.provider, dependsOn: [namespace] },
        );
      }
      this.deployments[m.name] = resolved.name;
    }

    if (args.schedule !== undefined) {
      new ShutdownSchedule(
        `${name}-schedule`,
        {
          scheduleName: args.schedule.name,
          schedule: args.schedule.spec,
          now: args.schedule.now,
          target: {
            kind: "kubernetes",
            namespace: site.namespace,
            labels: siteLabels(site),
            workloads: models.map(({ args: m, resolved }) => ({
              deployment: resolved.name,
              replicas: resolved.replicas,
              // A queue-driven model is scaled by KEDA: the schedule pauses its ScaledObject.
              scaledObject:
                m.autoscaling !== undefined && (m.autoscaling.metric ?? "queue") === "queue"
                  ? resolved.name
                  : undefined,
            })),
          },
        },
        { parent: this, provider: this.provider, dependsOn: [namespace] },
      );
    }

    this.registerOutputs({
      namespace: this.namespace,
      location: args.location,
      hardware: args.hardware,
      distribution,
      schedule: args.schedule?.name,
      models: models.map(({ resolved }) => resolved.name),
    } satisfies Registered<EdgeInferenceSiteOutputs>);
  }
}
