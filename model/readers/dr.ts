/**
 * The facts a DisasterRecoveryRegion registers as its outputs, read back from a capture: what the
 * rehearsal's checks and estimates are computed from.
 */
import { COMPONENT_TYPES } from "../contracts";
import type { CapturedResource } from "../graph";
import type { DisasterRecoveryRegionOutputs, DrEndFacts } from "../outputs";

export type { DrEndFacts };

/** The DR region as the component describes itself, with where it sits in the graph. */
export interface DrFacts extends DisasterRecoveryRegionOutputs {
  readonly urn: string;
  readonly name: string;
}

/** The DR region of a capture, or undefined when the stack declares none. */
export function findDrFacts(resources: readonly CapturedResource[]): DrFacts | undefined {
  const component = resources.find((r) => r.type === COMPONENT_TYPES.disasterRecoveryRegion);
  if (component === undefined || component.outputs === undefined) {
    return undefined;
  }
  return {
    // The component's registerOutputs satisfies this type (components/dr/disasterRecoveryRegion.ts).
    ...(component.outputs as unknown as DisasterRecoveryRegionOutputs),
    urn: component.urn,
    name: component.name,
  };
}
