/**
 * What our components register as outputs (`registerOutputs`), as readers of a resource graph see
 * them. Components build these with `satisfies`; readers import them instead of re-declaring.
 */

/** A standby pool as the DisasterRecoveryRegion component outputs it. */
export interface StandbyPoolFacts {
  readonly pool: string;
  readonly resourceName: string;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly servingNodes: number;
  readonly minNodes: number;
  readonly maxNodes: number;
}
