/**
 * What the DR policies read from a stack: the DisasterRecoveryRegion components' outputs (stack
 * validation sees component outputs as props) and the resources around them. No side effects.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isComponentType } from "../../model/contracts";

/** DR components of a stack, with their facts. */
export function drRegions(resources: readonly PolicyResource[]): PolicyResource[] {
  return resources.filter((r) => isComponentType(r.type, "disasterRecoveryRegion"));
}

/** The stack's environment, from its GPU pools or DR region (`prod`, `staging`, `dev`). */
export function stackEnvironment(resources: readonly PolicyResource[]): string | undefined {
  const found = resources.find(
    (r) =>
      (isComponentType(r.type, "gpuNodePool") ||
        isComponentType(r.type, "disasterRecoveryRegion")) &&
      typeof r.props.environment === "string",
  );
  return found?.props.environment as string | undefined;
}
