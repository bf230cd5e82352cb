/**
 * The energy and carbon sections of the terminal and Markdown reports: kWh and kg CO2e a month per pool
 * and site and in total, with the PUE and grid intensity used and their sources; what each schedule
 * saves in dollars, kWh and CO2e; the cheaper or cleaner region of the same cloud for each pool.
 */
import type { Source } from "../../model/catalog/types";
import type { EnergyEstimate, EnergyRow, MinMax } from "../../model/estimate/energy";
import type { Saving } from "../../model/estimate/savings";
import { capped, table, usd } from "./format";

/** What the cost estimate says a schedule saves, to sit beside the energy figures. */
export interface ScheduleDollars {
  readonly schedule: string;
  readonly monthlySavingMinUsd: number;
  readonly monthlySavingMaxUsd: number;
}

const ONE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
/** `1,234.5` */
export const num = (n: number) => ONE.format(n);
/** `85.2-426.1` or `0` */
export const span = (m: MinMax | undefined) =>
  m === undefined ? "unknown" : m.min === m.max ? num(m.min) : `${num(m.min)}-${num(m.max)}`;

/** The dollars of each schedule lever of the savings (pools' prices and own sites' electricity). */
export function scheduleDollarsOf(savings: readonly Saving[]): ScheduleDollars[] {
  return savings
    .filter((s) => s.lever.startsWith("schedule ") && s.usd !== undefined)
    .map((s) => ({
      schedule: s.lever.slice("schedule ".length),
      monthlySavingMinUsd: s.usd!.min,
      monthlySavingMaxUsd: s.usd!.max,
    }));
}

/** `$12.00-$40.00`, or one figure when both ends agree. */
const usdSpan = (d: ScheduleDollars) =>
  d.monthlySavingMinUsd === d.monthlySavingMaxUsd
    ? usd(d.monthlySavingMinUsd)
    : `${usd(d.monthlySavingMinUsd)}-${usd(d.monthlySavingMaxUsd)}`;

/** The sources an estimate cites, numbered in order of first use, with each row's references. */
export function citedSources(energy: EnergyEstimate): {
  sources: Array<{ n: number; source: Source | string }>;
  refs: (row: EnergyRow) => string;
} {
  const keys = new Map<string, { n: number; source: Source | string }>();
  const ref = (s: Source | string | undefined): number | undefined => {
    if (s === undefined) {
      return undefined;
    }
    const key = typeof s === "string" ? s : `${s.url}|${s.note ?? ""}`;
    let found = keys.get(key);
    if (found === undefined) {
      found = { n: keys.size + 1, source: s };
      keys.set(key, found);
    }
    return found.n;
  };
  ref(energy.assumptions.utilisationSource);
  const byRow = new Map<EnergyRow, string>();
  for (const r of energy.rows) {
    const ns = [ref(r.pueSource), ref(r.gridSource)].filter((n) => n !== undefined);
    byRow.set(r, [...new Set(ns)].map((n) => `[${n}]`).join(""));
  }
  return { sources: [...keys.values()], refs: (row) => byRow.get(row) ?? "" };
}

const describe = (s: Source | string) =>
  typeof s === "string"
    ? s === "assumed"
      ? "assumed: no hybrid-ai:sites entry"
      : "the stack's hybrid-ai:sites"
    : `${s.url} (read ${s.date})${s.note ? `: ${s.note}` : ""}`;

const alternative = (r: EnergyRow): string => {
  const parts: string[] = [];
  if (r.cheaperRegion !== undefined) {
    parts.push(`cheaper: ${r.cheaperRegion.region} ${usd(r.cheaperRegion.monthlyMaxUsd!)} at max`);
  }
  if (r.cleanerRegion !== undefined) {
    parts.push(
      `cleaner: ${r.cleanerRegion.region} ${num(r.cleanerRegion.monthlyMaxKgCo2e)} kg at max`,
    );
  }
  return parts.join("; ") || "-";
};

/** What the totals leave out, e.g. ` (kg CO2e without store-lyon-03: no grid figure)`. */
export function leftOut(energy: EnergyEstimate): string {
  const parts: string[] = [];
  if (energy.withoutEnergy.length > 0) {
    parts.push(`kWh without ${energy.withoutEnergy.join(", ")}: no power figure`);
  }
  if (energy.withoutCarbon.length > 0) {
    parts.push(`kg CO2e without ${energy.withoutCarbon.join(", ")}: no grid figure`);
  }
  return parts.length === 0 ? "" : ` (${parts.join("; ")})`;
}

/** Own sites' electricity bills: `store-berlin-01 $9.12-$18.24, ...`. */
function electricity(energy: EnergyEstimate): string {
  return energy.rows
    .filter((r) => r.electricityUsd !== undefined)
    .map((r) => {
      const e = r.electricityUsd!;
      return `${r.name} ${e.min === e.max ? usd(e.max) : `${usd(e.min)}-${usd(e.max)}`}`;
    })
    .join(", ");
}

/** The terminal section. */
export function renderEnergyTerminal(
  energy: EnergyEstimate,
  scheduleDollars: readonly ScheduleDollars[] = [],
): string[] {
  if (energy.rows.length === 0) {
    return [];
  }
  const { sources, refs } = citedSources(energy);
  const { shown, note } = capped(energy.rows, "pools and sites");
  const out = [
    "",
    `Energy and carbon a month (GPUs at ${energy.assumptions.utilisation * 100}% of board power [1], plus the host's share; x PUE; x grid intensity)`,
    table(
      [
        "pool / site",
        "region",
        "h/month",
        "W/node",
        "PUE",
        "g/kWh",
        "kWh",
        "kg CO2e",
        "sources",
        "same GPU elsewhere",
      ],
      shown.map((r) => [
        r.name,
        r.region,
        r.schedule === undefined ? String(r.hoursPerMonth) : `${r.hoursPerMonth} (${r.schedule})`,
        r.wattsPerNode === undefined ? "-" : num(r.wattsPerNode.gpu + r.wattsPerNode.host),
        String(r.pue),
        r.gramsCo2ePerKwh === undefined ? "unknown" : num(r.gramsCo2ePerKwh),
        span(r.kwh),
        span(r.kgCo2e),
        refs(r),
        alternative(r),
      ]),
      ["left", "left", "right", "right", "right", "right", "right", "right", "left", "left"],
    ),
    ...(note === undefined ? [] : [note]),
    `Total: ${span(energy.kwh)} kWh and ${span(energy.kgCo2e)} kg CO2e a month (at min-max size)${leftOut(energy)}`,
  ];
  for (const r of shown.filter((x) => x.notes.length > 0)) {
    out.push(`  - ${r.name}: ${r.notes.join("; ")}`);
  }
  const bills = electricity(energy);
  if (bills !== "") {
    out.push(`Own sites' electricity a month: ${bills}`);
  }
  if (energy.schedules.length > 0) {
    const dollars = new Map(scheduleDollars.map((s) => [s.schedule, s]));
    out.push(
      "What each schedule saves a month (at min-max size)",
      table(
        ["schedule", "USD", "kWh", "kg CO2e"],
        energy.schedules.map((s) => {
          const d = dollars.get(s.schedule);
          return [s.schedule, d === undefined ? "-" : usdSpan(d), span(s.kwh), span(s.kgCo2e)];
        }),
        ["left", "right", "right", "right"],
      ),
    );
  }
  out.push("Sources:");
  for (const s of sources) {
    out.push(`  [${s.n}] ${describe(s.source)}`);
  }
  return out;
}

/** Escapes text for a Markdown table cell. */
const esc = (text: string) =>
  text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The Markdown section. */
export function renderEnergyMarkdown(
  energy: EnergyEstimate,
  scheduleDollars: readonly ScheduleDollars[] = [],
): string {
  if (energy.rows.length === 0) {
    return "";
  }
  const { sources, refs } = citedSources(energy);
  const lines = [
    `#### Energy and carbon: ${span(energy.kwh)} kWh, ${span(energy.kgCo2e)} kg CO2e a month`,
    "",
    ...(leftOut(energy) === "" ? [] : [`Totals${esc(leftOut(energy))}.`, ""]),
    `GPUs at ${energy.assumptions.utilisation * 100}% of board power [1] plus the host's share, times the region's PUE, times its grid intensity; at minimum-maximum size.`,
    "",
    "| pool / site | region | h/month | PUE | g CO2e/kWh | kWh | kg CO2e | sources | same GPU elsewhere |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...energy.rows.map(
      (r) =>
        `| ${esc(r.name)} | ${esc(r.region)} | ${r.hoursPerMonth}${r.schedule ? ` (${esc(r.schedule)})` : ""} | ${r.pue} | ${r.gramsCo2ePerKwh === undefined ? "unknown" : num(r.gramsCo2ePerKwh)} | ${span(r.kwh)} | ${span(r.kgCo2e)} | ${refs(r)} | ${esc(alternative(r))} |`,
    ),
  ];
  const bills = electricity(energy);
  if (bills !== "") {
    lines.push("", `Own sites' electricity a month: ${esc(bills)}.`);
  }
  const noted = energy.rows.filter((r) => r.notes.length > 0);
  if (noted.length > 0) {
    lines.push("", ...noted.map((r) => `- ${esc(r.name)}: ${esc(r.notes.join("; "))}`));
  }
  if (energy.schedules.length > 0) {
    const dollars = new Map(scheduleDollars.map((s) => [s.schedule, s]));
    lines.push(
      "",
      "| schedule saves a month | USD | kWh | kg CO2e |",
      "| --- | ---: | ---: | ---: |",
      ...energy.schedules.map((s) => {
        const d = dollars.get(s.schedule);
        const money = d === undefined ? "-" : usdSpan(d);
        return `| ${esc(s.schedule)} | ${money} | ${span(s.kwh)} | ${span(s.kgCo2e)} |`;
      }),
    );
  }
  lines.push("", "Sources:", ...sources.map((s) => `${s.n}. ${esc(describe(s.source))}`));
  return lines.join("\n");
}
