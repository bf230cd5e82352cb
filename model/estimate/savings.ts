/**
 * What shutdown schedules and spot capacity save a month, in dollars, kWh and kg CO2e, from the cost
 * and energy estimates of the same pools. A schedule saves all three (the nodes are off); spot saves
 * dollars only (the same hardware runs the same hours), which the figures say rather than hide.
 */
import { HOURS_PER_MONTH, priceOf } from "../catalog";
import { monthlyOnHours } from "../schedule/windows";
import { estimatePoolEnergy, type EnergyPoolInput, type EnergyRow, type MinMax } from "./energy";

/** One lever's monthly saving. */
export interface Saving {
  /** `schedule <name>` or `spot <pool>`. */
  readonly lever: string;
  readonly pools: readonly string[];
  /** USD at min and max size; absent when a price is missing. */
  readonly usd?: MinMax;
  readonly kwh: MinMax;
  readonly kgCo2e: MinMax;
  readonly note?: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round1 = (n: number) => Math.round(n * 10) / 10;
const add = (a: MinMax, b: MinMax | undefined, r = round1): MinMax => ({
  min: r(a.min + (b?.min ?? 0)),
  max: r(a.max + (b?.max ?? 0)),
});
const ZERO: MinMax = { min: 0, max: 0 };

/** Hourly price of a pool's first shape at its capacity type, or undefined (on-prem: none). */
function hourly(p: EnergyPoolInput, capacity: "on-demand" | "spot"): number | undefined {
  if (p.cloud === "onprem") {
    // Owned machines: no hourly price to save (their cost is the amortised purchase).
    return undefined;
  }
  const price = priceOf(p.cloud, p.region, p.instanceTypes[0] ?? "");
  return capacity === "spot" ? price?.spotUsdPerHour : price?.onDemandUsdPerHour;
}

/**
 * Schedules' and spot's savings over a stack's pools and edge sites, schedules first, by name. An edge
 * site's schedule saves its electricity bill (`electricityUsdPerKwh` of `hybrid-ai:sites`) when known.
 */
export function estimateSavings(
  pools: readonly EnergyPoolInput[],
  sites: readonly EnergyRow[] = [],
  hoursPerMonth = HOURS_PER_MONTH,
): Saving[] {
  const schedules = new Map<string, { pools: string[]; usd?: MinMax; kwh: MinMax; kg: MinMax }>();
  const spot: Saving[] = [];
  for (const p of pools) {
    const hours =
      p.schedule !== undefined && p.onHoursPerWeek !== undefined
        ? monthlyOnHours(p.onHoursPerWeek, hoursPerMonth)
        : hoursPerMonth;
    const price = hourly(p, p.capacity);
    if (p.schedule !== undefined && p.onHoursPerWeek !== undefined) {
      const energy = estimatePoolEnergy(p, hoursPerMonth).scheduleSaving;
      const s = schedules.get(p.schedule) ?? { pools: [], usd: ZERO, kwh: ZERO, kg: ZERO };
      const off = hoursPerMonth - hours;
      s.pools.push(p.pool);
      s.usd =
        s.usd === undefined || price === undefined
          ? undefined
          : add(s.usd, { min: price * off * p.minNodes, max: price * off * p.maxNodes }, round2);
      s.kwh = add(s.kwh, energy?.kwh);
      s.kg = add(s.kg, energy?.kgCo2e);
      schedules.set(p.schedule, s);
    }
    if (p.capacity === "spot") {
      const onDemand = hourly(p, "on-demand");
      spot.push({
        lever: `spot ${p.pool}`,
        pools: [p.pool],
        ...(onDemand !== undefined && price !== undefined
          ? {
              usd: {
                min: round2((onDemand - price) * hours * p.minNodes),
                max: round2((onDemand - price) * hours * p.maxNodes),
              },
            }
          : {}),
        kwh: ZERO,
        kgCo2e: ZERO,
        note: "spot runs the same hardware for the same hours: no energy saved",
      });
    }
  }
  for (const r of sites) {
    if (r.kind !== "site" || r.schedule === undefined || r.scheduleSaving === undefined) {
      continue;
    }
    const s = schedules.get(r.schedule) ?? { pools: [], usd: ZERO, kwh: ZERO, kg: ZERO };
    s.pools.push(r.name);
    // The bill saved: the saved kWh at the site's price.
    const price = r.electricityUsdPerKwh;
    s.usd =
      s.usd === undefined || price === undefined
        ? undefined
        : add(
            s.usd,
            { min: r.scheduleSaving.kwh.min * price, max: r.scheduleSaving.kwh.max * price },
            round2,
          );
    s.kwh = add(s.kwh, r.scheduleSaving.kwh);
    s.kg = add(s.kg, r.scheduleSaving.kgCo2e);
    schedules.set(r.schedule, s);
  }
  return [
    ...[...schedules.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, s]) => ({
        lever: `schedule ${name}`,
        pools: s.pools,
        ...(s.usd !== undefined ? { usd: s.usd } : {}),
        kwh: s.kwh,
        kgCo2e: s.kg,
      })),
    ...spot,
  ];
}
