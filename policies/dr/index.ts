/** The DR guardrail policies, for the policy pack's registry. Re-exports only. */
import type { GuardrailPolicy } from "../types";
import { drBucketRequireReplication } from "./drBucketRequireReplication";
import { drStackRequireSecondaryRegion } from "./drStackRequireSecondaryRegion";
import { drTargetsEnforceStrategyFeasible } from "./drTargetsEnforceStrategyFeasible";

export {
  drBucketRequireReplication,
  drStackRequireSecondaryRegion,
  drTargetsEnforceStrategyFeasible,
};

export const drPolicies: GuardrailPolicy[] = [
  drStackRequireSecondaryRegion,
  drBucketRequireReplication,
  drTargetsEnforceStrategyFeasible,
];
