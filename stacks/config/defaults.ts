/** Defaults the config checks stand on. */
import type { CostAllocation } from "../../model/tags";

/**
 * The cost allocation the config checks hand to component validators, which need one but do not judge
 * it: the real one (owner, cost center, stack) is known only when the program runs.
 */
export const PLACEHOLDER_COST_ALLOCATION: CostAllocation = {
  owner: "-",
  costCenter: "-",
  environment: "dev",
  stack: "-",
};
