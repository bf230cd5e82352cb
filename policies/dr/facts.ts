/**
 * What the DR policies read from a stack: the DisasterRecoveryRegion components' outputs (stack
 * validation sees component outputs as props) and the resources around them. No side effects.
 */
import type { PolicyResource } from "@pulumi/policy";
import { COMPONENT_TYPES } from "../../model/contracts";

const DISASTER_RECOVERY_REGION_TYPE = COMPONENT_TYPES.disasterRecoveryRegion;
const GPU_NODE_POOL_TYPE = COMPONENT_TYPES.gpuNodePool;

/** DR components of a stack, with their facts. */
export function drRegions(resources: readonly PolicyResource[]): PolicyResource[] {
  return resources.filter((r) => r.type === DISASTER_RECOVERY_REGION_TYPE);
}

/** The stack's environment, from its GPU pools or DR region (`prod`, `staging`, `dev`). */
export function stackEnvironment(resources: readonly PolicyResource[]): string | undefined {
  const found = resources.find(
    (r) =>
      (r.type === GPU_NODE_POOL_TYPE || r.type === DISASTER_RECOVERY_REGION_TYPE) &&
      typeof r.props.environment === "string",
  );
  return found?.props.environment as string | undefined;
}
