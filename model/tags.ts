/**
 * Cost-allocation tags (AWS) and labels (GCP, Kubernetes) that every resource carries, so a bill can be
 * split by owner, cost center, environment and stack.
 */
import { fitLabelValue } from "./naming";

/** Deployment environments a stack can declare. */
export const Environment = { Dev: "dev", Staging: "staging", Prod: "prod" } as const;
export type Environment = (typeof Environment)[keyof typeof Environment];
export const ENVIRONMENTS = Object.values(Environment) as [Environment, ...Environment[]];

/** Who pays for a resource and where it runs. */
export interface CostAllocation {
  /** The owning team. */
  readonly owner: string;
  readonly costCenter: string;
  readonly environment: Environment;
  /** The Pulumi stack name. */
  readonly stack: string;
}

/** Keys of the cost-allocation tags, the same on AWS tags, GCP labels and Kubernetes labels. */
export const COST_TAG_KEYS = {
  owner: "owner",
  costCenter: "cost-center",
  environment: "environment",
  stack: "stack",
  managedBy: "managed-by",
} as const;

/** The value of the `managed-by` tag on everything this project creates. */
export const MANAGED_BY = "hybrid-ai";

/** AWS tags for a resource. */
export function awsTags(
  c: CostAllocation,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [COST_TAG_KEYS.owner]: c.owner,
    [COST_TAG_KEYS.costCenter]: c.costCenter,
    [COST_TAG_KEYS.environment]: c.environment,
    [COST_TAG_KEYS.stack]: c.stack,
    [COST_TAG_KEYS.managedBy]: MANAGED_BY,
    ...extra,
  };
}

/**
 * GCP labels for a resource. GCP label values allow only lower-case letters, digits, `_` and `-`, at
 * most 63 characters, so values are folded to that alphabet.
 */
export function gcpLabels(
  c: CostAllocation,
  extra: Record<string, string> = {},
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(awsTags(c, extra))) {
    labels[key] = gcpLabelValue(value);
  }
  return labels;
}

/** Folds a value into GCP's label alphabet: `ML Platform/EU` becomes `ml-platform-eu`. */
export function gcpLabelValue(value: string): string {
  return fitLabelValue("gcp-label-value", value);
}

/**
 * Folds a value into Kubernetes' label-value alphabet: letters, digits, `-`, `_`, `.`, at most 63
 * characters, starting and ending with a letter or digit.
 */
export function k8sLabelValue(value: string): string {
  return fitLabelValue("k8s-label-value", value);
}

/** Cost-allocation labels for a Kubernetes object. */
export function kubernetesCostLabels(c: CostAllocation): Record<string, string> {
  return {
    [COST_TAG_KEYS.owner]: k8sLabelValue(c.owner),
    [COST_TAG_KEYS.costCenter]: k8sLabelValue(c.costCenter),
    [COST_TAG_KEYS.environment]: c.environment,
    [COST_TAG_KEYS.stack]: k8sLabelValue(c.stack),
    [COST_TAG_KEYS.managedBy]: MANAGED_BY,
  };
}
