/**
 * Monthly cost of GPU pools at their minimum and maximum sizes, from the catalog's hourly prices.
 * A pool without a known price is listed as unpriced, never counted as zero.
 */
import { HOURS_PER_MONTH, priceOf } from "../../components/catalog/gpus";
import type { Source } from "../../components/catalog/types";
import type { GpuPoolInfo } from "./pools";

/** One pool's cost. */
export interface PoolCost {
  readonly urn: string;
  readonly pool: string;
  readonly cloud: string;
  readonly region: string;
  readonly instanceType: string;
  readonly capacity: "on-demand" | "spot";
  /** Hours a month the pool's nodes run. */
  readonly hoursPerMonth: number;
  /** Price of one node for one hour; absent when unknown. */
  readonly usdPerNodeHour?: number;
  readonly monthlyMinUsd?: number;
  readonly monthlyMaxUsd?: number;
  readonly priceSource?: Source;
  /** Why the pool could not be priced. */
  readonly unpricedReason?: string;
}

/** The cost of a stack's GPU pools. */
export interface CostEstimate {
  /** Hours in a month, 730 (8,760 / 12) as AWS and Infracost count them. */
  readonly hoursPerMonth: number;
  readonly pools: readonly PoolCost[];
  /** Sum over priced pools. */
  readonly monthlyMinUsd: number;
  readonly monthlyMaxUsd: number;
  /** Pools left out of the totals, by URN. */
  readonly unpriced: readonly string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Prices each pool from the catalog (first instance type, spot or on-demand price). */
export function estimateCost(pools: readonly GpuPoolInfo[], hoursPerMonth = HOURS_PER_MONTH): CostEstimate {
  const rows: PoolCost[] = pools.map((p) => {
    const instanceType = p.instanceTypes[0] ?? "unknown";
    const base = { urn: p.urn, pool: p.pool, cloud: p.cloud, region: p.region, instanceType, capacity: p.capacity, hoursPerMonth };
    const price = priceOf(p.cloud, p.region, instanceType);
    const hourly = p.capacity === "spot" ? price?.spotUsdPerHour : price?.onDemandUsdPerHour;
    if (price === undefined || hourly === undefined) {
      const what = price === undefined ? "no price" : `no ${p.capacity} price`;
      return { ...base, unpricedReason: `${what} for ${instanceType} in ${p.cloud} ${p.region} in the catalog` };
    }
    return {
      ...base,
      usdPerNodeHour: hourly,
      monthlyMinUsd: round2(hourly * hoursPerMonth * p.minNodes),
      monthlyMaxUsd: round2(hourly * hoursPerMonth * p.maxNodes),
      priceSource: price.source,
    };
  });
  const priced = rows.filter((r) => r.usdPerNodeHour !== undefined);
  return {
    hoursPerMonth,
    pools: rows,
    monthlyMinUsd: round2(priced.reduce((s, r) => s + (r.monthlyMinUsd ?? 0), 0)),
    monthlyMaxUsd: round2(priced.reduce((s, r) => s + (r.monthlyMaxUsd ?? 0), 0)),
    unpriced: rows.filter((r) => r.usdPerNodeHour === undefined).map((r) => r.urn),
  };
}
