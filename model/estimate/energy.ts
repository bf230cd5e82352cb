/**
 * Energy and carbon of GPU pools and edge sites, a month at a time.
 *
 * A cloud node draws `GPU board power x GPUs x utilisation + host share` watts, the host share being
 * `vCPUs x (min + utilisation x (max - min)) W + memory GB x 0.392 W` (Cloud Carbon Footprint's
 * coefficients). Over its on-hours (730 a month, or its schedule's), times the region's PUE, that gives
 * kWh at the meter; times the region's grid intensity, kg CO2e. An edge site counts the board power of
 * the accelerators its models use (replicas x GPUs per replica), times the site's PUE (from
 * `hybrid-ai:sites`, 1.0 when the stack gives none) and grid intensity (unknown when it gives none).
 *
 * Every figure states its assumption and source; a figure that cannot be worked out is left out with the
 * reason, never counted as zero. Pure functions, no Pulumi.
 */
import { GPUS, HOURS_PER_MONTH, PRICES, priceOf, shapeByName } from "../catalog";
import { TARGET_NAMES, type Cloud, type GpuId, type Source, type Target } from "../catalog/types";
import { monthlyOnHours } from "../schedule/windows";
import {
  ASSUMED_UTILISATION,
  MEMORY_WATTS_PER_GB,
  edgeHardwarePowerOf,
  gridIntensityOf,
  hasEnergyFigures,
  hostPowerOf,
  pueOf,
} from "../catalog/energy";

/** What the estimate needs of a GPU pool (the pool reader's fields). */
export interface EnergyPoolInput {
  readonly urn: string;
  readonly pool: string;
  readonly cloud: Target;
  readonly region: string;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity: "on-demand" | "spot";
  readonly instanceTypes: readonly string[];
  readonly schedule?: string;
  readonly onHoursPerWeek?: number;
}

/** What the estimate needs of an edge site. */
export interface EnergySiteInput {
  readonly site: string;
  readonly location: string;
  readonly hardware: string;
  /** Accelerators in use at the models' minimum and maximum replicas. */
  readonly minAccelerators: number;
  readonly maxAccelerators: number;
  readonly schedule?: string;
  /** Weekly on-hours of the site's schedule; absent when it runs around the clock. */
  readonly onHoursPerWeek?: number;
}

/** `hybrid-ai:sites` facts of one own site (a rack, a store, a plant). */
export interface SiteFacts {
  readonly pue: number;
  readonly gridGramsCo2PerKwh: number;
  readonly electricityUsdPerKwh?: number;
}

/** A range at minimum and maximum size. */
export interface MinMax {
  readonly min: number;
  readonly max: number;
}

/** The same pool in another region of its cloud, when cheaper or cleaner. */
export interface RegionAlternative {
  readonly region: string;
  /** At maximum size, the pool's capacity type. */
  readonly monthlyMaxUsd?: number;
  readonly monthlyMaxKgCo2e: number;
  readonly gramsCo2ePerKwh: number;
  readonly pue: number;
}

/** One pool's or site's month. */
export interface EnergyRow {
  readonly kind: "pool" | "site";
  /** Pool resource name or site name. */
  readonly name: string;
  readonly urn?: string;
  readonly cloud?: Target;
  /** Cloud region, or the site's location. */
  readonly region: string;
  readonly hoursPerMonth: number;
  readonly schedule?: string;
  /** Watts of one node (pools) or of the site at minimum and maximum use, IT only. */
  readonly wattsPerNode?: { readonly gpu: number; readonly host: number };
  readonly pue: number;
  readonly pueSource: Source | "hybrid-ai:sites" | "assumed";
  readonly gramsCo2ePerKwh?: number;
  readonly gridSource?: Source | "hybrid-ai:sites";
  /** kWh at the meter a month (PUE included); absent when the node's power is unknown. */
  readonly kwh?: MinMax;
  readonly kgCo2e?: MinMax;
  /** What the schedule saves against running 730 h. */
  readonly scheduleSaving?: { readonly kwh: MinMax; readonly kgCo2e?: MinMax };
  /** Own sites: the price of a kWh (`hybrid-ai:sites`), and the electricity bill at it. */
  readonly electricityUsdPerKwh?: number;
  readonly electricityUsd?: MinMax;
  /** Pools: the cheapest and the cleanest region of the same cloud with the same shape, when better. */
  readonly cheaperRegion?: RegionAlternative;
  readonly cleanerRegion?: RegionAlternative;
  /** Why some figure is missing. */
  readonly notes: readonly string[];
}

/** Energy and carbon of a stack. */
export interface EnergyEstimate {
  readonly hoursPerMonth: number;
  readonly assumptions: {
    readonly utilisation: number;
    readonly utilisationSource: Source;
    readonly memoryWattsPerGb: number;
  };
  readonly rows: readonly EnergyRow[];
  /** Sums over rows with a figure. */
  readonly kwh: MinMax;
  readonly kgCo2e: MinMax;
  /** Rows without an energy figure, by name (left out of the sums, never counted as zero). */
  readonly withoutEnergy: readonly string[];
  /** Rows without a carbon figure, by name. */
  readonly withoutCarbon: readonly string[];
  /** Each schedule's savings, summed over its pools and sites (kg CO2e absent when none has a grid figure). */
  readonly schedules: ReadonlyArray<{
    readonly schedule: string;
    readonly kwh: MinMax;
    readonly kgCo2e?: MinMax;
  }>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const scale = (perUnit: number, min: number, max: number, round = round1): MinMax => ({
  min: round(perUnit * min),
  max: round(perUnit * max),
});
/** Bytes in a GiB over bytes in a GB: catalog memory is in GiB, the coefficient per GB. */
const GB_PER_GIB = 1.073741824;

/** Watts one node of a cloud shape draws at the assumed utilisation, or why it is unknown. */
export function nodeWatts(
  cloud: Cloud,
  instanceType: string,
  utilisation = ASSUMED_UTILISATION.fraction,
): { gpu: number; host: number } | string {
  const shape = shapeByName(cloud, instanceType);
  if (shape === undefined) {
    return `no shape ${instanceType} of ${cloud} in the catalog`;
  }
  const gpu = GPUS[shape.gpu as GpuId];
  const host = hostPowerOf(cloud);
  const cpuWatts =
    shape.vcpu *
    (host.minWattsPerVcpu + utilisation * (host.maxWattsPerVcpu - host.minWattsPerVcpu));
  return {
    gpu: round1(gpu.tdpWatts * shape.gpusPerNode * utilisation),
    host: round1(cpuWatts + shape.memoryGiB * GB_PER_GIB * MEMORY_WATTS_PER_GB),
  };
}

/** kg CO2e of `kwh` at `grams` per kWh. */
const kg = (kwh: number, grams: number) => (kwh * grams) / 1000;

/** A pool on a cloud the energy tables cover. */
type CloudPool = EnergyPoolInput & { readonly cloud: Cloud };

/** The pool's month in one region: USD at max size (when priced) and kg CO2e at max size. */
function inRegion(
  p: CloudPool,
  region: string,
  hours: number,
  watts: number,
): RegionAlternative | undefined {
  const grid = gridIntensityOf(p.cloud, region);
  if (grid === undefined) {
    return undefined;
  }
  const pue = pueOf(p.cloud, region).pue;
  const price = priceOf(p.cloud, region, p.instanceTypes[0] ?? "");
  const hourly = p.capacity === "spot" ? price?.spotUsdPerHour : price?.onDemandUsdPerHour;
  const kwhMax = (watts * hours * pue * p.maxNodes) / 1000;
  return {
    region,
    ...(hourly === undefined ? {} : { monthlyMaxUsd: round2(hourly * hours * p.maxNodes) }),
    monthlyMaxKgCo2e: round1(kg(kwhMax, grid.gramsCo2ePerKwh)),
    gramsCo2ePerKwh: grid.gramsCo2ePerKwh,
    pue,
  };
}

/** The cheapest and the cleanest other region with the same shape, when better than `here`. */
function alternatives(
  p: CloudPool,
  here: RegionAlternative | undefined,
  hours: number,
  watts: number,
): { cheaperRegion?: RegionAlternative; cleanerRegion?: RegionAlternative } {
  const shape = p.instanceTypes[0];
  const regions = [
    ...new Set(
      PRICES.filter((x) => x.cloud === p.cloud && x.instanceType === shape).map((x) => x.region),
    ),
  ].filter((r) => r !== p.region);
  const others = regions
    .map((r) => inRegion(p, r, hours, watts))
    .filter((r): r is RegionAlternative => r !== undefined);
  const cheapest = others
    .filter((o) => o.monthlyMaxUsd !== undefined)
    .sort((a, b) => a.monthlyMaxUsd! - b.monthlyMaxUsd! || a.region.localeCompare(b.region))[0];
  const cleanest = [...others].sort(
    (a, b) => a.monthlyMaxKgCo2e - b.monthlyMaxKgCo2e || a.region.localeCompare(b.region),
  )[0];
  const out: { cheaperRegion?: RegionAlternative; cleanerRegion?: RegionAlternative } = {};
  if (
    cheapest !== undefined &&
    here?.monthlyMaxUsd !== undefined &&
    cheapest.monthlyMaxUsd! < here.monthlyMaxUsd
  ) {
    out.cheaperRegion = cheapest;
  }
  if (
    cleanest !== undefined &&
    (here === undefined || cleanest.monthlyMaxKgCo2e < here.monthlyMaxKgCo2e)
  ) {
    out.cleanerRegion = cleanest;
  }
  return out;
}

/** One pool's month. */
export function estimatePoolEnergy(p: EnergyPoolInput, hoursPerMonth = HOURS_PER_MONTH): EnergyRow {
  const scheduled = p.schedule !== undefined && p.onHoursPerWeek !== undefined;
  const hours = scheduled
    ? round2(monthlyOnHours(p.onHoursPerWeek!, hoursPerMonth))
    : hoursPerMonth;
  if (!hasEnergyFigures(p.cloud)) {
    return {
      kind: "pool",
      name: p.pool,
      urn: p.urn,
      cloud: p.cloud,
      region: p.region,
      hoursPerMonth: hours,
      ...(scheduled ? { schedule: p.schedule } : {}),
      pue: 1,
      pueSource: "assumed",
      notes: [
        `no energy figure: the catalog has no PUE or host power for ${TARGET_NAMES[p.cloud]} pools`,
      ],
    };
  }
  const pool: CloudPool = { ...p, cloud: p.cloud };
  const pue = pueOf(pool.cloud, p.region);
  const grid = gridIntensityOf(pool.cloud, p.region);
  const base = {
    kind: "pool" as const,
    name: p.pool,
    urn: p.urn,
    cloud: p.cloud,
    region: p.region,
    hoursPerMonth: hours,
    ...(scheduled ? { schedule: p.schedule } : {}),
    pue: pue.pue,
    pueSource: pue.source,
    ...(grid ? { gramsCo2ePerKwh: grid.gramsCo2ePerKwh, gridSource: grid.source } : {}),
  };
  const watts = nodeWatts(pool.cloud, p.instanceTypes[0] ?? "unknown");
  if (typeof watts === "string") {
    return { ...base, notes: [`no energy figure: ${watts}`] };
  }
  const perNode = watts.gpu + watts.host;
  const kwhPerNode = (perNode * hours * pue.pue) / 1000;
  const notes: string[] = [];
  if (grid === undefined) {
    notes.push(`no grid carbon intensity for ${p.cloud} ${p.region} in the catalog`);
  }
  const savedKwhPerNode = (perNode * (hoursPerMonth - hours) * pue.pue) / 1000;
  const here = inRegion(pool, p.region, hours, perNode);
  return {
    ...base,
    wattsPerNode: watts,
    kwh: scale(kwhPerNode, p.minNodes, p.maxNodes),
    ...(grid
      ? { kgCo2e: scale(kg(kwhPerNode, grid.gramsCo2ePerKwh), p.minNodes, p.maxNodes) }
      : {}),
    ...(scheduled
      ? {
          scheduleSaving: {
            kwh: scale(savedKwhPerNode, p.minNodes, p.maxNodes),
            ...(grid
              ? {
                  kgCo2e: scale(kg(savedKwhPerNode, grid.gramsCo2ePerKwh), p.minNodes, p.maxNodes),
                }
              : {}),
          },
        }
      : {}),
    ...alternatives(pool, here, hours, perNode),
    notes,
  };
}

/** One edge site's month. */
export function estimateSiteEnergy(
  s: EnergySiteInput,
  facts: SiteFacts | undefined,
  hoursPerMonth = HOURS_PER_MONTH,
): EnergyRow {
  const scheduled = s.schedule !== undefined && s.onHoursPerWeek !== undefined;
  const hours = scheduled
    ? round2(monthlyOnHours(s.onHoursPerWeek!, hoursPerMonth))
    : hoursPerMonth;
  const hardware = edgeHardwarePowerOf(s.hardware);
  const notes: string[] = [];
  if (facts === undefined) {
    notes.push(
      `no hybrid-ai:sites entry for ${s.site} or ${s.location}: PUE 1.0 assumed, grid intensity unknown`,
    );
  }
  if (hardware === undefined) {
    notes.push(`no board power for edge hardware ${s.hardware}`);
  } else if (s.hardware !== "jetson-orin") {
    notes.push("accelerators only: the site's servers are not described, so no host share");
  }
  if (scheduled) {
    notes.push(
      "off-hours counted as 0 W: the schedule scales the models to zero; hardware left powered on still draws idle power",
    );
  }
  const pue = facts?.pue ?? 1;
  const watts = (hardware?.acceleratorWatts ?? 0) * ASSUMED_UTILISATION.fraction;
  const kwhPerAccelerator = (watts * hours * pue) / 1000;
  const savedPerAccelerator = (watts * (hoursPerMonth - hours) * pue) / 1000;
  const grams = facts?.gridGramsCo2PerKwh;
  const kwh = scale(kwhPerAccelerator, s.minAccelerators, s.maxAccelerators);
  return {
    kind: "site",
    name: s.site,
    region: s.location,
    hoursPerMonth: hours,
    ...(scheduled ? { schedule: s.schedule } : {}),
    pue,
    pueSource: facts === undefined ? "assumed" : "hybrid-ai:sites",
    ...(grams === undefined
      ? {}
      : { gramsCo2ePerKwh: grams, gridSource: "hybrid-ai:sites" as const }),
    kwh,
    ...(grams === undefined
      ? {}
      : {
          kgCo2e: scale(kg(kwhPerAccelerator, grams), s.minAccelerators, s.maxAccelerators),
        }),
    ...(scheduled
      ? {
          scheduleSaving: {
            kwh: scale(savedPerAccelerator, s.minAccelerators, s.maxAccelerators),
            ...(grams === undefined
              ? {}
              : {
                  kgCo2e: scale(
                    kg(savedPerAccelerator, grams),
                    s.minAccelerators,
                    s.maxAccelerators,
                  ),
                }),
          },
        }
      : {}),
    ...(facts?.electricityUsdPerKwh === undefined
      ? {}
      : {
          electricityUsdPerKwh: facts.electricityUsdPerKwh,
          electricityUsd: scale(
            kwhPerAccelerator * facts.electricityUsdPerKwh,
            s.minAccelerators,
            s.maxAccelerators,
            round2,
          ),
        }),
    notes,
  };
}

/**
 * Energy and carbon of every pool and site. `sites` maps a site name or location to its
 * `hybrid-ai:sites` facts; a site's own name wins over its location.
 */
export function estimateEnergy(
  pools: readonly EnergyPoolInput[],
  edgeSites: readonly EnergySiteInput[] = [],
  sites: Readonly<Record<string, SiteFacts>> = {},
  hoursPerMonth = HOURS_PER_MONTH,
): EnergyEstimate {
  const factsOf = (s: EnergySiteInput): SiteFacts | undefined =>
    Object.prototype.hasOwnProperty.call(sites, s.site)
      ? sites[s.site]
      : Object.prototype.hasOwnProperty.call(sites, s.location)
        ? sites[s.location]
        : undefined;
  const rows = [
    ...pools.map((p) => estimatePoolEnergy(p, hoursPerMonth)),
    ...edgeSites.map((s) => estimateSiteEnergy(s, factsOf(s), hoursPerMonth)),
  ];
  const sum = (pick: (r: EnergyRow) => MinMax | undefined): MinMax => ({
    min: round1(rows.reduce((t, r) => t + (pick(r)?.min ?? 0), 0)),
    max: round1(rows.reduce((t, r) => t + (pick(r)?.max ?? 0), 0)),
  });
  const bySchedule = new Map<string, { kwh: MinMax; kgCo2e?: MinMax }>();
  const add = (a: MinMax | undefined, b: MinMax | undefined): MinMax | undefined =>
    a === undefined && b === undefined
      ? undefined
      : { min: round1((a?.min ?? 0) + (b?.min ?? 0)), max: round1((a?.max ?? 0) + (b?.max ?? 0)) };
  for (const r of rows) {
    if (r.schedule === undefined || r.scheduleSaving === undefined) {
      continue;
    }
    const s = bySchedule.get(r.schedule);
    const kgCo2e = add(s?.kgCo2e, r.scheduleSaving.kgCo2e);
    bySchedule.set(r.schedule, {
      kwh: add(s?.kwh, r.scheduleSaving.kwh)!,
      ...(kgCo2e !== undefined ? { kgCo2e } : {}),
    });
  }
  return {
    hoursPerMonth,
    assumptions: {
      utilisation: ASSUMED_UTILISATION.fraction,
      utilisationSource: ASSUMED_UTILISATION.source,
      memoryWattsPerGb: MEMORY_WATTS_PER_GB,
    },
    rows,
    kwh: sum((r) => r.kwh),
    kgCo2e: sum((r) => r.kgCo2e),
    withoutEnergy: rows.filter((r) => r.kwh === undefined).map((r) => r.name),
    withoutCarbon: rows.filter((r) => r.kgCo2e === undefined).map((r) => r.name),
    schedules: [...bySchedule.entries()]
      .map(([schedule, v]) => ({ schedule, ...v }))
      .sort((a, b) => a.schedule.localeCompare(b.schedule)),
  };
}
