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

const DEFAULTS = { environments: ["prod"] };

function namespaceOf(r: PolicyResource): string {
  const ns = asObj(r.props.metadata).namespace;
  return typeof ns === "string" ? ns : "default";
}

/** Whether every `matchLabels` entry is among the pod labels (both plain objects). */
function selects(match: Record<string, unknown>, podLabels: Record<string, unknown>): boolean {
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
  remediation:
    "Add a policy/v1 PodDisruptionBudget in the same namespace whose selector matches the pods (e.g. `maxUnavailable: 1`).",
  configSchema: configSchema({
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    // Plain copies, read once: property reads on policy props go through CrossGuard's unknown-checking proxy.
    const pdbs = new Map<string, Array<Record<string, unknown>>>();
    for (const p of args.resources) {
      if (p.type === T.pdb) {
        const list = pdbs.get(namespaceOf(p)) ?? [];
        list.push({ ...asObj(asObj(asObj(p.props.spec).selector).matchLabels) });
        pdbs.set(namespaceOf(p), list);
      }
    }
    for (const r of args.resources) {
      if (r.type !== T.deployment || !isInferenceDeployment(r.props)) {
        continue;
      }
      const env = environmentOf(r.type, r.props, s);
      if (env === undefined || !s.environments.includes(env)) {
        continue;
      }
      const podLabels = { ...asObj(asObj(asObj(asObj(r.props.spec).template).metadata).labels) };
      const covered = (pdbs.get(namespaceOf(r)) ?? []).some((match) => selects(match, podLabels));
      if (!covered) {
        reportViolation(
          `Deployment ${k8sName(r.props, r.name)} has no PodDisruptionBudget selecting its pods`,
          r.urn,
        );
      }
    }
  },
};
