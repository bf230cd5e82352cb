/**
 * The catalog sizing looks through: every GPU, shape and price of every cloud and Akamai (one catalog,
 * model/catalog/gpus.ts), the edge hardware, a generic owned server per datacenter GPU, and any on-prem
 * pools the caller passes.
 */
import { EDGE_HARDWARE_ROWS } from "../catalog/edgeHardware";
import { GPUS, PRICES, SHAPES } from "../catalog";
import type { OnPremCandidate, SizingCatalog } from "./rank";

/** GPUs teams buy for their racks; sizing names the smallest server of each that holds a model. */
export const OWNED_SERVER_GPUS = ["l40s", "a100-80gb", "h100", "h200"] as const;
/** GPUs per server offered as owned servers. */
export const OWNED_SERVER_SIZES = [1, 2, 4, 8] as const;

/** The sizing catalog, with the caller's on-prem pools and one generic owned server per GPU size. */
export function sizingCatalog(onPrem: readonly OnPremCandidate[]): SizingCatalog {
  const owned: OnPremCandidate[] = OWNED_SERVER_GPUS.flatMap((gpu) =>
    OWNED_SERVER_SIZES.map((n) => ({
      site: "your-site",
      pool: `${n}x-${gpu}-server`,
      gpu,
      gpusPerNode: n,
      generic: true,
    })),
  );
  return {
    gpus: GPUS,
    shapes: SHAPES,
    prices: PRICES,
    edge: EDGE_HARDWARE_ROWS,
    onPrem: [...onPrem, ...owned],
  };
}
