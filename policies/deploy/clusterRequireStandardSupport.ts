import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { supportPolicyViolations } from "../../model/rules/deployChecks";
import { checked } from "./resource";

/**
 * `deploy-cluster-require-standard-support` (severity medium, advisory): without `upgradePolicy: STANDARD` EKS moves a cluster to extended support, billed per cluster-hour on top of standard pricing.
 */
export const deployClusterRequireStandardSupport: GuardrailPolicy = {
  name: "deploy-cluster-require-standard-support",
  description:
    "Created EKS clusters upgrade at the end of standard support rather than paying for extended support.",
  area: "deploy",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set upgradePolicy.supportType to STANDARD (GpuCluster does), or accept extended-support pricing deliberately.",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    for (const message of supportPolicyViolations(checked(args))) {
      reportViolation(message);
    }
  },
};
