import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { workloadIdentityViolations } from "../../model/rules/deployChecks";
import { checkedStack } from "./resource";

/**
 * `deploy-pool-require-workload-identity` (severity high, mandatory): GKE refuses workloadMetadataConfig GKE_METADATA on a node pool whose cluster has no workload pool. Attached clusters are not in the stack and cannot be checked here: enable Workload Identity on them (README).
 */
export const deployPoolRequireWorkloadIdentity: GuardrailPolicy = {
  name: "deploy-pool-require-workload-identity",
  description: "GKE node pools with GKE_METADATA run on clusters with Workload Identity.",
  area: "deploy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Enable Workload Identity on the cluster (workloadIdentityConfig.workloadPool = PROJECT.svc.id.goog), as GpuCluster does for the clusters it creates.",
  configSchema: configSchema({}),
  validateStack: (args, reportViolation) => {
    for (const message of workloadIdentityViolations(args.resources.map(checkedStack))) {
      reportViolation(message);
    }
  },
};
