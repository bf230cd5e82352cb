/**
 * What every guardrail policy carries beside @pulumi/policy's own fields: a severity, the area it
 * guards and a remediation a reviewer can act on. Policy modules export one such object each and have
 * no side effects; only policies/index.ts constructs the PolicyPack.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export type Severity = "critical" | "high" | "medium" | "low";
export type GuardrailArea = "redundancy" | "cost" | "security" | "dr" | "observe" | "deploy";

export type GuardrailPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
  readonly severity: Severity;
  readonly area: GuardrailArea;
  /** What to change to comply, in one or two sentences. */
  readonly remediation: string;
};
