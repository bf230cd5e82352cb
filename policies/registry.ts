/**
 * Every guardrail policy, in report order. Side-effect free: the review engine and the tests import
 * this; only policies/index.ts builds the PolicyPack from it.
 */
import { costPolicies } from "./cost";
import { deployPolicies } from "./deploy";
import { drPolicies } from "./dr";
import { observePolicies } from "./observe";
import { redundancyPolicies } from "./redundancy";
import { securityPolicies } from "./security";
import type { GuardrailPolicy } from "./types";

// Each area's folder exports its list; a new area adds its list here.
export const guardrailPolicies: GuardrailPolicy[] = [
  ...redundancyPolicies,
  ...costPolicies,
  ...securityPolicies,
  ...drPolicies,
  ...observePolicies,
  ...deployPolicies,
];

/** A policy by name. */
export function policyByName(name: string): GuardrailPolicy | undefined {
  return guardrailPolicies.find((p) => p.name === name);
}
