import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { ineffectiveSettings } from "../../model/rules/deployChecks";
import { checked } from "./resource";

/**
 * `deploy-settings-disallow-ineffective` (severity medium, advisory): these deploy but have no effect, or make cluster-autoscaler plan with the wrong node size.
 */
export const deploySettingsDisallowIneffective: GuardrailPolicy = {
  name: "deploy-settings-disallow-ineffective",
  description:
    "Settings do what they say: no bucket key with SSE-S3, no health check on a simply routed record, no node group of mixed sizes.",
  area: "deploy",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Drop the setting that does nothing, or change the one it depends on (SSE-KMS for bucket keys, a routing policy for health checks, equal instance sizes per node group).",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    for (const message of ineffectiveSettings(checked(args))) {
      reportViolation(message);
    }
  },
};
