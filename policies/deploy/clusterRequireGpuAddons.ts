import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { gpuAddonViolations } from "../../model/rules/deployChecks";
import { checkedStack } from "./resource";

/**
 * `deploy-cluster-require-gpu-addons` (severity high, mandatory): without the device plugin the AL2023 NVIDIA AMI never advertises nvidia.com/gpu, and without cluster-autoscaler a pool at zero never grows: a DR rehearsal can never become healthy.
 */
export const deployClusterRequireGpuAddons: GuardrailPolicy = {
  name: "deploy-cluster-require-gpu-addons",
  description:
    "Created EKS clusters with GPU node groups get the NVIDIA device plugin and cluster-autoscaler.",
  area: "deploy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Create the cluster with GpuCluster, which installs both as pinned Helm releases (model/rules/defaults.ts), or install them yourself in the same stack.",
  configSchema: configSchema({}),
  validateStack: (args, reportViolation) => {
    for (const message of gpuAddonViolations(args.resources.map(checkedStack))) {
      reportViolation(message);
    }
  },
};
