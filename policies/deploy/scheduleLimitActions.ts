import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { scheduledActionCounts } from "../../model/rules/deployChecks";
import { checkedStack } from "./resource";

/**
 * `deploy-schedule-limit-actions` (severity high, mandatory): AWS allows 125 scheduled actions per Auto Scaling group; a schedule whose windows and holidays make more fails half-way through its deploy.
 */
export const deployScheduleLimitActions: GuardrailPolicy = {
  name: "deploy-schedule-limit-actions",
  description: "Auto Scaling groups get no more scheduled actions than AWS allows.",
  area: "deploy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Remove past holidays, merge holiday runs or windows, or switch the pool with fewer on-times; the config check names the schedule.",
  configSchema: configSchema({}),
  validateStack: (args, reportViolation) => {
    for (const message of scheduledActionCounts(args.resources.map(checkedStack))) {
      reportViolation(message);
    }
  },
};
