import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { zoneViolations } from "../../model/rules/deployChecks";
import { checked } from "./resource";

/**
 * `deploy-pool-require-gpu-zone` (severity high, mandatory): GKE refuses a node pool in a zone without its accelerator ('Accelerator type ... does not exist in zone').
 */
export const deployPoolRequireGpuZone: GuardrailPolicy = {
  name: "deploy-pool-require-gpu-zone",
  description: "GPU node pools run only in zones that offer their machine type.",
  area: "deploy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "List only zones that offer the machine type (model/catalog/zones.ts), e.g. europe-west4-a for A100 80GB in europe-west4.",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    for (const message of zoneViolations(checked(args))) {
      reportViolation(message);
    }
  },
};
