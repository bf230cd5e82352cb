import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import {
  T,
  asObj,
  configSchema,
  environmentOf,
  isInferenceDeployment,
  k8sName,
  settingsOf,
} from "../lib";

const DEFAULTS = { minReplicas: 2, environments: ["prod"] };

const HPA_TYPES = [
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  "kubernetes:autoscaling/v1:HorizontalPodAutoscaler",
];
const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";

/** The fewest replicas an autoscaler keeps for a Deployment, by `namespace/name`. */
function autoscalerMinimums(resources: readonly PolicyResource[]): Map<string, number> {
  const mins = new Map<string, number>();
  for (const r of resources) {
    const spec = asObj(r.props.spec);
    const meta = asObj(r.props.metadata);
    const ns = typeof meta.namespace === "string" ? meta.namespace : "default";
    let target: Record<string, unknown> | undefined;
    let min: number | undefined;
    if (HPA_TYPES.includes(r.type)) {
      target = asObj(spec.scaleTargetRef);
      min = typeof spec.minReplicas === "number" ? spec.minReplicas : 1;
    } else if (r.type === SCALED_OBJECT) {
      target = asObj(spec.scaleTargetRef);
      min = typeof spec.minReplicaCount === "number" ? spec.minReplicaCount : 0;
    }
    if (
      target !== undefined &&
      min !== undefined &&
      (target.kind ?? "Deployment") === "Deployment" &&
      typeof target.name === "string"
    ) {
      mins.set(`${ns}/${target.name}`, min);
    }
  }
  return mins;
}

/**
 * Prod inference workloads run at least two replicas.
 *
 * Severity high, mandatory: one replica means every rollout, node drain or crash is an outage of
 * the model endpoint. A Deployment counts as inference when it requests `nvidia.com/gpu` or carries
 * `app.kubernetes.io/component: inference`. When a HorizontalPodAutoscaler or KEDA ScaledObject
 * targets the Deployment, its minimum replica count is what counts.
 */
export const workloadRequireReplicas: GuardrailPolicy = {
  name: "redundancy-workload-require-replicas",
  description: "Prod inference workloads run at least two replicas.",
  area: "redundancy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `spec.replicas` to at least 2, or the autoscaler's `minReplicas` (`minReplicaCount` for KEDA) to at least 2.",
  configSchema: configSchema({
    minReplicas: { type: "integer", minimum: 1, default: DEFAULTS.minReplicas },
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    const mins = autoscalerMinimums(args.resources);
    for (const r of args.resources) {
      if (r.type !== T.deployment || !isInferenceDeployment(r.props)) {
        continue;
      }
      const env = environmentOf(r.type, r.props, s);
      if (env === undefined || !s.environments.includes(env)) {
        continue;
      }
      const id = k8sName(r.props, r.name);
      const replicas = asObj(r.props.spec).replicas;
      const scaled = mins.get(id);
      const count = scaled ?? (typeof replicas === "number" ? replicas : 1);
      if (count < s.minReplicas) {
        const how = scaled === undefined ? "runs" : "may scale down to";
        reportViolation(
          `Deployment ${id} ${how} ${count} replica${count === 1 ? "" : "s"}; ${env} inference needs at least ${s.minReplicas}`,
          r.urn,
        );
      }
    }
  },
};
