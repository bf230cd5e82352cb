import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import { T, asObj, configSchema, environmentOf, isInferenceDeployment, k8sName, settingsOf } from "../lib";

const DEFAULTS = { environments: ["prod"] };

function namespaceOf(r: PolicyResource): string {
  const ns = asObj(r.props.metadata).namespace;
  return typeof ns === "string" ? ns : "default";
}

/** Whether every `matchLabels` entry of the selector is among the pod labels. */
function selects(selector: Record<string, unknown>, podLabels: Record<string, unknown>): boolean {
  const match = asObj(selector.matchLabels);
  const keys = Object.keys(match);
  return keys.length > 0 && keys.every((k) => podLabels[k] === match[k]);
}

/**
 * Prod inference workloads have a PodDisruptionBudget.
 *
 * Severity medium, mandatory: without one, a node-pool upgrade or the cluster autoscaler may evict
 * every replica of a model endpoint at once.
 */
export const workloadRequirePdb: GuardrailPolicy = {
  name: "redundancy-workload-require-pdb",
  description: "Prod inference workloads have a PodDisruptionBudget.",
  area: "redundancy",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Add a policy/v1 PodDisruptionBudget in the same namespace whose selector matches the pods (e.g. `maxUnavailable: 1`).",
  configSchema: configSchema({
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    const pdbs = args.resources.filter((r) => r.type === T.pdb);
    for (const r of args.resources) {
      if (r.type !== T.deployment || !isInferenceDeployment(r.props)) {
        continue;
      }
      const env = environmentOf(r.type, r.props, s);
      if (env === undefined || !s.environments.includes(env)) {
        continue;
      }
      const podLabels = asObj(asObj(asObj(asObj(r.props.spec).template).metadata).labels);
      const covered = pdbs.some((p) => namespaceOf(p) === namespaceOf(r) && selects(asObj(asObj(p.props.spec).selector), podLabels));
      if (!covered) {
        reportViolation(`Deployment ${k8sName(r.props, r.name)} has no PodDisruptionBudget selecting its pods`, r.urn);
      }
    }
  },
};
