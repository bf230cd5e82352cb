/**
 * Monthly cost of GPU pools at their minimum and maximum sizes, from the catalog's hourly prices.
 * A pool without a known price is listed as unpriced, never counted as zero.
 */
import { HOURS_PER_MONTH, priceOf } from "../catalog";
import { monthlyOnHours } from "../schedule/windows";
import type { Source } from "../catalog/types";
import type { GpuPoolInfo } from "../readers/pools";

/** One pool's cost. */
export interface PoolCost {
  readonly urn: string;
  readonly pool: string;
  readonly cloud: string;
  readonly region: string;
  readonly instanceType: string;
  readonly capacity: "on-demand" | "spot";
  /** Hours a month the pool's nodes run: 730, or its schedule's weekly on-hours x 730 / 168. */
  readonly hoursPerMonth: number;
  /** Shutdown schedule of the pool, from its tags or labels. */
  readonly schedule?: string;
  readonly onHoursPerWeek?: number;
  /** What the schedule saves a month against running 730 h, at min and max size. */
  readonly savingMinUsd?: number;
  readonly savingMaxUsd?: number;
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
  /** Each schedule's pools and monthly saving against 730 h (priced pools only). */
  readonly schedules: readonly ScheduleSaving[];
}

/** What one shutdown schedule saves. */
export interface ScheduleSaving {
  readonly schedule: string;
  readonly onHoursPerWeek: number;
  readonly hoursPerMonth: number;
  /** Pool names it switches. */
  readonly pools: readonly string[];
  readonly monthlySavingMinUsd: number;
  readonly monthlySavingMaxUsd: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Prices each pool from the catalog (first instance type, spot or on-demand price). A scheduled pool
 * runs its schedule's weekly on-hours x 730 / 168 hours a month (holidays are not subtracted, so the
 * estimate errs high).
 */
export function estimateCost(
  pools: readonly GpuPoolInfo[],
  hoursPerMonth = HOURS_PER_MONTH,
): CostEstimate {
  const rows: PoolCost[] = pools.map((p) => {
    const instanceType = p.instanceTypes[0] ?? "unknown";
    const scheduled = p.schedule !== undefined && p.onHoursPerWeek !== undefined;
    const poolHours = scheduled
      ? round2(monthlyOnHours(p.onHoursPerWeek!, hoursPerMonth))
      : hoursPerMonth;
    const base = {
      urn: p.urn,
      pool: p.pool,
      cloud: p.cloud,
      region: p.region,
      instanceType,
      capacity: p.capacity,
      hoursPerMonth: poolHours,
      ...(scheduled ? { schedule: p.schedule, onHoursPerWeek: p.onHoursPerWeek } : {}),
    };
    const price = priceOf(p.cloud, p.region, instanceType);
    const hourly = p.capacity === "spot" ? price?.spotUsdPerHour : price?.onDemandUsdPerHour;
    if (price === undefined || hourly === undefined) {
      const what = price === undefined ? "no price" : `no ${p.capacity} price`;
      return {
        ...base,
        unpricedReason: `${what} for ${instanceType} in ${p.cloud} ${p.region} in the catalog`,
      };
    }
    return {
      ...base,
      usdPerNodeHour: hourly,
      monthlyMinUsd: round2(hourly * poolHours * p.minNodes),
      monthlyMaxUsd: round2(hourly * poolHours * p.maxNodes),
      ...(scheduled
        ? {
            savingMinUsd: round2(hourly * (hoursPerMonth - poolHours) * p.minNodes),
            savingMaxUsd: round2(hourly * (hoursPerMonth - poolHours) * p.maxNodes),
          }
        : {}),
      priceSource: price.source,
    };
  });
  const bySchedule = new Map<
    string,
    {
      schedule: string;
      onHoursPerWeek: number;
      hoursPerMonth: number;
      pools: string[];
      monthlySavingMinUsd: number;
      monthlySavingMaxUsd: number;
    }
  >();
  for (const r of rows) {
    if (r.schedule === undefined || r.onHoursPerWeek === undefined) {
      continue;
    }
    const s = bySchedule.get(r.schedule) ?? {
      schedule: r.schedule,
      onHoursPerWeek: r.onHoursPerWeek,
      hoursPerMonth: r.hoursPerMonth,
      pools: [],
      monthlySavingMinUsd: 0,
      monthlySavingMaxUsd: 0,
    };
    s.pools.push(r.pool);
    s.monthlySavingMinUsd = round2(s.monthlySavingMinUsd + (r.savingMinUsd ?? 0));
    s.monthlySavingMaxUsd = round2(s.monthlySavingMaxUsd + (r.savingMaxUsd ?? 0));
    bySchedule.set(r.schedule, s);
  }
  const priced = rows.filter((r) => r.usdPerNodeHour !== undefined);
  return {
    hoursPerMonth,
    pools: rows,
    monthlyMinUsd: round2(priced.reduce((s, r) => s + (r.monthlyMinUsd ?? 0), 0)),
    monthlyMaxUsd: round2(priced.reduce((s, r) => s + (r.monthlyMaxUsd ?? 0), 0)),
    unpriced: rows.filter((r) => r.usdPerNodeHour === undefined).map((r) => r.urn),
    schedules: [...bySchedule.values()].sort((a, b) => a.schedule.localeCompare(b.schedule)),
  };
}
