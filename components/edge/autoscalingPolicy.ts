import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SERVERS, type InferenceServer } from "./servers";
import { show, throwIfProblems, type Problem } from "../../model/validation";
import { COMPONENT_TYPES } from "../../model/contracts";
import type { AutoscalingPolicyOutputs } from "../../model/outputs";
import type { Registered } from "../registered";

/** Type token of {@link AutoscalingPolicy}. */
export const AUTOSCALING_POLICY_TYPE = COMPONENT_TYPES.autoscalingPolicy;

/**
 * What drives scaling: `queue` is a KEDA ScaledObject on the server's queue metric in Prometheus (it
 * can scale to zero); `cpu` an HPA on CPU utilisation; `gpu` an HPA on GPU utilisation from the DCGM
 * exporter through the custom metrics API (prometheus-adapter).
 */
export const AUTOSCALING_METRICS = ["queue", "cpu", "gpu"] as const;
export type AutoscalingMetric = (typeof AUTOSCALING_METRICS)[number];

/** Defaults applied when args leave them out. */
export const AUTOSCALING_DEFAULTS = {
  metric: "queue" as AutoscalingMetric,
  /** Prometheus of the kube-prometheus-stack / Prometheus Operator in namespace `monitoring`. */
  prometheusAddress: "http://prometheus-operated.monitoring.svc:9090",
  /** Per-pod GPU utilisation (percent) from NVIDIA's DCGM exporter. */
  gpuMetric: "DCGM_FI_DEV_GPU_UTIL",
  pollingSeconds: 15,
  /** Scale-down waits this long after load drops: model loads are expensive. */
  scaleDownStabilisationSeconds: 600,
  /** KEDA falls back after this many failed metric reads. */
  fallbackFailureThreshold: 3,
} as const;

/** A model's scaling rule, as the stack config writes it. */
export interface AutoscalingRule {
  /**
   * What drives scaling.
   * @default "queue"
   */
  readonly metric?: AutoscalingMetric;
  /** Fewest replicas; 0 (queue only) scales to zero when idle through KEDA's idleReplicaCount. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * `queue`: requests waiting per replica the scaler aims at.
   * @default - none: required with metric `queue`
   */
  readonly queueDepthTarget?: number;
  /**
   * `cpu` / `gpu`: average utilisation (percent) the HPA aims at.
   * @default - none: required with metric `cpu` or `gpu`
   */
  readonly targetUtilizationPercent?: number;
  /**
   * `queue`: replicas KEDA keeps while Prometheus cannot be read.
   * @default - max(minReplicas, 1)
   */
  readonly fallbackReplicas?: number;
  /**
   * `queue` with minReplicas 0: a Prometheus query that shows demand while no replica runs (a server at
   * zero reports no queue), e.g. the request rate at the ingress. Above 0 it wakes the model.
   * @default - none: required when minReplicas is 0
   */
  readonly wakeQuery?: string;
}

/** Arguments of {@link AutoscalingPolicy}. */
export interface AutoscalingPolicyArgs extends AutoscalingRule {
  /** Namespace of the Deployment. */
  readonly namespace: string;
  /** The Deployment to scale. */
  readonly deploymentName: string;
  /** The server in the Deployment: picks the queue metric. */
  readonly server: InferenceServer;
  /**
   * Prometheus KEDA queries.
   * @default "http://prometheus-operated.monitoring.svc:9090"
   */
  readonly prometheusAddress?: string;
  /**
   * Labels of the rendered object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Checks a scaling rule; paths are relative to it. */
export function validateAutoscalingRule(rule: AutoscalingRule): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path: [path], message });
  const metric = rule.metric ?? AUTOSCALING_DEFAULTS.metric;
  if (!Number.isInteger(rule.minReplicas) || rule.minReplicas < 0) {
    add("minReplicas", `must be a whole number >= 0 (got ${show(rule.minReplicas)})`);
  }
  if (!Number.isInteger(rule.maxReplicas) || rule.maxReplicas < 1) {
    add("maxReplicas", `must be a whole number >= 1 (got ${show(rule.maxReplicas)})`);
  } else if (rule.maxReplicas < rule.minReplicas) {
    add("maxReplicas", `must be >= minReplicas (got ${rule.maxReplicas} < ${rule.minReplicas})`);
  }
  if (metric === "queue") {
    if (rule.queueDepthTarget === undefined) {
      add(
        "queueDepthTarget",
        "is required with metric queue: the requests waiting per replica to aim at, e.g. 5",
      );
    } else if (!(rule.queueDepthTarget > 0)) {
      add("queueDepthTarget", `must be > 0 (got ${show(rule.queueDepthTarget)})`);
    }
    if (rule.targetUtilizationPercent !== undefined) {
      add(
        "targetUtilizationPercent",
        "applies to metric cpu or gpu only; metric queue uses queueDepthTarget",
      );
    }
    if (rule.minReplicas === 0 && rule.wakeQuery === undefined) {
      add(
        "wakeQuery",
        "is required when minReplicas is 0: a model at zero replicas reports no queue, so give a query that shows demand while it sleeps (e.g. ingress request rate)",
      );
    }
    if (
      rule.fallbackReplicas !== undefined &&
      (rule.fallbackReplicas < 1 || rule.fallbackReplicas > rule.maxReplicas)
    ) {
      add(
        "fallbackReplicas",
        `must be between 1 and maxReplicas ${rule.maxReplicas} (got ${show(rule.fallbackReplicas)})`,
      );
    }
  } else {
    if (rule.targetUtilizationPercent === undefined) {
      add(
        "targetUtilizationPercent",
        `is required with metric ${metric}: the average utilisation to aim at, e.g. 70`,
      );
    } else if (
      !Number.isInteger(rule.targetUtilizationPercent) ||
      rule.targetUtilizationPercent < 1 ||
      rule.targetUtilizationPercent > 100
    ) {
      add(
        "targetUtilizationPercent",
        `must be a whole percent 1-100 (got ${show(rule.targetUtilizationPercent)})`,
      );
    }
    if (rule.queueDepthTarget !== undefined) {
      add(
        "queueDepthTarget",
        `applies to metric queue only; metric ${metric} uses targetUtilizationPercent`,
      );
    }
    if (rule.minReplicas === 0) {
      add(
        "minReplicas",
        `must be >= 1 with metric ${metric} (an HPA cannot scale to zero); use metric queue to scale to zero`,
      );
    }
    for (const key of ["fallbackReplicas", "wakeQuery"] as const) {
      if (rule[key] !== undefined) {
        add(key, "applies to metric queue (KEDA) only");
      }
    }
  }
  return problems;
}

/** The Prometheus query of a server's queue: requests waiting, summed over the Deployment's pods. */
export function queueQuery(
  server: InferenceServer,
  namespace: string,
  deploymentName: string,
): string {
  return `sum(${SERVERS[server].queueMetric}{namespace="${namespace}",pod=~"${deploymentName}-[a-z0-9]+-[a-z0-9]+"})`;
}

const scaleTarget = (name: string) => ({ apiVersion: "apps/v1", kind: "Deployment", name });

/** The HPA (metric cpu or gpu) or KEDA ScaledObject (metric queue) for a rule, as a plain object. */
export function renderAutoscaler(args: AutoscalingPolicyArgs) {
  const metric = args.metric ?? AUTOSCALING_DEFAULTS.metric;
  const metadata = {
    name: args.deploymentName,
    namespace: args.namespace,
    labels: { ...(args.labels ?? {}) },
  };
  const scaleDown = {
    stabilizationWindowSeconds: AUTOSCALING_DEFAULTS.scaleDownStabilisationSeconds,
    policies: [{ type: "Pods", value: 1, periodSeconds: 120 }],
  };
  if (metric !== "queue") {
    const target =
      metric === "cpu"
        ? {
            type: "Resource",
            resource: {
              name: "cpu",
              target: { type: "Utilization", averageUtilization: args.targetUtilizationPercent },
            },
          }
        : {
            type: "Pods",
            pods: {
              metric: { name: AUTOSCALING_DEFAULTS.gpuMetric },
              target: { type: "AverageValue", averageValue: String(args.targetUtilizationPercent) },
            },
          };
    return {
      apiVersion: "autoscaling/v2" as const,
      kind: "HorizontalPodAutoscaler" as const,
      metadata,
      spec: {
        scaleTargetRef: scaleTarget(args.deploymentName),
        minReplicas: args.minReplicas,
        maxReplicas: args.maxReplicas,
        metrics: [target],
        behavior: { scaleDown },
      },
    };
  }
  const serverAddress = args.prometheusAddress ?? AUTOSCALING_DEFAULTS.prometheusAddress;
  const triggers: Array<Record<string, unknown>> = [
    {
      type: "prometheus",
      name: "queue",
      metadata: {
        serverAddress,
        query: queueQuery(args.server, args.namespace, args.deploymentName),
        threshold: String(args.queueDepthTarget),
        activationThreshold: "0",
      },
    },
  ];
  if (args.wakeQuery !== undefined) {
    triggers.push({
      type: "prometheus",
      name: "wake",
      metadata: { serverAddress, query: args.wakeQuery, threshold: "1", activationThreshold: "0" },
    });
  }
  return {
    apiVersion: "keda.sh/v1alpha1" as const,
    kind: "ScaledObject" as const,
    metadata,
    spec: {
      scaleTargetRef: scaleTarget(args.deploymentName),
      pollingInterval: AUTOSCALING_DEFAULTS.pollingSeconds,
      cooldownPeriod: AUTOSCALING_DEFAULTS.scaleDownStabilisationSeconds,
      // KEDA wants minReplicaCount above idleReplicaCount: scale to zero is "idle 0, min 1".
      ...(args.minReplicas === 0
        ? { idleReplicaCount: 0, minReplicaCount: 1 }
        : { minReplicaCount: args.minReplicas }),
      maxReplicaCount: args.maxReplicas,
      fallback: {
        failureThreshold: AUTOSCALING_DEFAULTS.fallbackFailureThreshold,
        replicas: args.fallbackReplicas ?? Math.max(args.minReplicas, 1),
      },
      advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown } } },
      triggers,
    },
  };
}

/**
 * Scales one model's Deployment with demand: a KEDA ScaledObject on the server's queue metric (scale
 * to zero, fallback replicas) or an HPA autoscaling/v2 on CPU or GPU utilisation, chosen by `metric`.
 *
 * @example
 * new AutoscalingPolicy("store-berlin-01-support-chat", {
 *   namespace: "store-berlin-01", deploymentName: "support-chat", server: "vllm",
 *   minReplicas: 1, maxReplicas: 4, queueDepthTarget: 5,
 * }, { provider: siteProvider });
 */
export class AutoscalingPolicy extends pulumi.ComponentResource {
  /** `ScaledObject` or `HorizontalPodAutoscaler`. */
  public readonly kind: "ScaledObject" | "HorizontalPodAutoscaler";
  /** Name of the scaler object (the Deployment's name). */
  public readonly objectName: string;

  constructor(name: string, args: AutoscalingPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AUTOSCALING_POLICY_TYPE, name, {}, opts);
    throwIfProblems(`AutoscalingPolicy ${name}`, validateAutoscalingRule(args));
    const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: opts?.provider };
    const rendered = renderAutoscaler(args);
    this.kind = rendered.kind;
    this.objectName = rendered.metadata.name;
    if (rendered.kind === "HorizontalPodAutoscaler") {
      new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, rendered, childOpts);
    } else {
      new k8s.apiextensions.CustomResource(`${name}-scaledobject`, rendered, childOpts);
    }
    this.registerOutputs({
      kind: this.kind,
      metric: args.metric ?? AUTOSCALING_DEFAULTS.metric,
      minReplicas: args.minReplicas,
      maxReplicas: args.maxReplicas,
    } satisfies Registered<AutoscalingPolicyOutputs>);
  }
}
