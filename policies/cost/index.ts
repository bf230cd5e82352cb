/** Cost guardrails. */
import type { GuardrailPolicy } from "../types";
import { resourceRequireAllocationTags } from "./allocationTags";
import { gpuLimitPerPool } from "./gpuPerPool";
import { gpuLimitPerStack } from "./gpuPerStack";
import { gpuEnforceAllowedTypes } from "./gpuTypes";
import { stackRequireKnownCapacity } from "./knownCapacity";
import { stackLimitMonthlyBudget } from "./monthlyBudget";
import { poolRequireShutdownSchedule } from "./poolSchedule";
import { poolRequireSpot } from "./poolSpot";

export const costPolicies: GuardrailPolicy[] = [
  gpuLimitPerPool,
  gpuLimitPerStack,
  gpuEnforceAllowedTypes,
  poolRequireSpot,
  poolRequireShutdownSchedule,
  resourceRequireAllocationTags,
  stackLimitMonthlyBudget,
  stackRequireKnownCapacity,
];
