/** The deploy guardrail policies: what a cloud would reject, caught before `pulumi up`. Re-exports only. */
import type { GuardrailPolicy } from "../types";
import { deployApiEnforceAcceptedValues } from "./apiEnforceAcceptedValues";
import { deployClusterRequireVpcRunner } from "./clusterRequireVpcRunner";
import { deployClusterRequireGpuAddons } from "./clusterRequireGpuAddons";
import { deployClusterRequireStandardSupport } from "./clusterRequireStandardSupport";
import { deployClusterRequireSupportedVersion } from "./clusterRequireSupportedVersion";
import { deployNamesEnforceLimits } from "./namesEnforceLimits";
import { deployPoolRequireGpuZone } from "./poolRequireGpuZone";
import { deployPoolRequireWorkloadIdentity } from "./poolRequireWorkloadIdentity";
import { deployScheduleLimitActions } from "./scheduleLimitActions";
import { deploySettingsDisallowIneffective } from "./settingsDisallowIneffective";

export {
  deployApiEnforceAcceptedValues,
  deployClusterRequireVpcRunner,
  deployClusterRequireGpuAddons,
  deployClusterRequireStandardSupport,
  deployClusterRequireSupportedVersion,
  deployNamesEnforceLimits,
  deployPoolRequireGpuZone,
  deployPoolRequireWorkloadIdentity,
  deployScheduleLimitActions,
  deploySettingsDisallowIneffective,
};

export const deployPolicies: GuardrailPolicy[] = [
  deployNamesEnforceLimits,
  deployClusterRequireSupportedVersion,
  deployPoolRequireGpuZone,
  deployApiEnforceAcceptedValues,
  deployScheduleLimitActions,
  deployPoolRequireWorkloadIdentity,
  deployClusterRequireGpuAddons,
  deployClusterRequireStandardSupport,
  deploySettingsDisallowIneffective,
  deployClusterRequireVpcRunner,
];
