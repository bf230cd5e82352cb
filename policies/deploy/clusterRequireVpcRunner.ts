import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { privateEndpointNotes } from "../../model/rules/deployChecks";
import { checkedStack } from "./resource";

/**
 * `deploy-cluster-require-vpc-runner` (severity low, advisory): a private API endpoint answers only inside the VPC, so the Kubernetes provider of a created private cluster fails from a laptop or a hosted CI runner.
 */
export const deployClusterRequireVpcRunner: GuardrailPolicy = {
  name: "deploy-cluster-require-vpc-runner",
  description: "Kubernetes objects on a private cluster are applied from inside its VPC.",
  area: "deploy",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Run pulumi up for this stack from a runner inside the cluster's VPC (or open the endpoint to the runner's network with authorizedCidrs).",
  configSchema: configSchema({}),
  validateStack: (args, reportViolation) => {
    for (const message of privateEndpointNotes(args.resources.map(checkedStack))) {
      reportViolation(message);
    }
  },
};
