import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { versionViolations } from "../../model/rules/deployChecks";
import { checked } from "./resource";

/**
 * `deploy-cluster-require-supported-version` (severity critical, mandatory): EKS creates no cluster on a version past its end of extended support and GKE none past its end of life; an existing one is upgraded by the cloud without notice.
 */
export const deployClusterRequireSupportedVersion: GuardrailPolicy = {
  name: "deploy-cluster-require-supported-version",
  description: "Created clusters run a Kubernetes version the cloud still supports.",
  area: "deploy",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Set the cluster's kubernetesVersion to a version under standard support (model/rules/kubernetesVersions.ts), or leave it out for the default.",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    for (const message of versionViolations(checked(args), new Date())) {
      reportViolation(message);
    }
  },
};
