/** Observe-and-account guardrails: monitoring, cloud budget alerts, energy and carbon budgets. */
import type { GuardrailPolicy } from "../types";
import { budgetRequireAlerts } from "./budgetRequireAlerts";
import { poolRequireMonitoring } from "./poolRequireMonitoring";
import { stackLimitEnergy } from "./stackLimitEnergy";

export const observePolicies: GuardrailPolicy[] = [
  poolRequireMonitoring,
  budgetRequireAlerts,
  stackLimitEnergy,
];
