/**
 * Rollout planning: which edge sites change, in which waves, through which Pulumi stacks. Pure: the
 * same plan comes out of `hai rollout plan` (offline, against a `--base` revision of the fleet file)
 * and `hai rollout run` (against what each group stack's outputs say is deployed).
 *
 * Sites keep their order in the fleet file, so the canary is always the first changed site written
 * there, and a resumed run plans the very same waves.
 */
import { createHash } from "node:crypto";

/** One model of a site as configured: the fields that identify what serves, and any others. */
export interface ModelSpec {
  readonly name: string;
  readonly server?: string;
  readonly image?: string;
  readonly model?: string;
  readonly revision?: string;
  readonly [field: string]: unknown;
}

/** A site of the fleet: its group (and so its stack) and its models. */
export interface FleetSite {
  readonly name: string;
  readonly group: string;
  readonly models: readonly ModelSpec[];
}

/** One wave: a number of further sites, or a share of all sites the rollout changes (cumulative). */
export type WaveSpec = { readonly sites: number } | { readonly percent: number };

/** Thresholds read from each site's Prometheus after the soak. */
export interface RolloutGates {
  /** Highest share of failed requests (5xx) over the soak, in percent. */
  readonly maxErrorRatePercent?: number;
  /** Highest 95th-percentile request latency over the soak, in milliseconds. */
  readonly maxP95LatencyMs?: number;
}

/** `hybrid-ai:rollout` with defaults applied. */
export interface RolloutSettings {
  readonly waves: readonly WaveSpec[];
  readonly soakMinutes: number;
  readonly gates: RolloutGates;
}

/** Group of sites without a `group` key. */
export const DEFAULT_SITE_GROUP = "default";

/** Rollout settings when `hybrid-ai:rollout` leaves them out: a canary, a quarter, then the rest. */
export const ROLLOUT_DEFAULTS: RolloutSettings = {
  waves: [{ sites: 1 }, { percent: 25 }, { percent: 100 }],
  soakMinutes: 30,
  gates: { maxErrorRatePercent: 1 },
};

/**
 * The Pulumi stack of a site group: `<fleet stack>.<group>` (Pulumi stack names allow dots). The
 * fleet file stays `Pulumi.<fleet>.yaml`; each group stack runs the same program for its sites only.
 */
export function groupStackName(fleet: string, group: string): string {
  return `${fleet}.${group}`;
}

/** What changed for one model of a site. */
export interface ModelChange {
  readonly model: string;
  readonly kind: "added" | "removed" | "changed";
  readonly from?: ModelSpec;
  readonly to?: ModelSpec;
  /** Fields that differ, in a stable order (`revision`, `image`, ...); empty unless `changed`. */
  readonly fields: readonly string[];
}

/** A site the rollout changes. */
export interface SiteChange {
  readonly site: string;
  readonly group: string;
  readonly stack: string;
  /** `new`: nothing known of the site before; `changed`: some model differs. */
  readonly kind: "new" | "changed";
  readonly changes: readonly ModelChange[];
}

/** One wave of the plan. */
export interface Wave {
  /** 1-based. */
  readonly index: number;
  readonly spec: WaveSpec;
  readonly sites: readonly SiteChange[];
  /** Group stacks the wave updates, in order of first site. */
  readonly stacks: readonly string[];
}

/** A rollout plan. */
export interface RolloutPlan {
  readonly fleet: string;
  /** Fingerprint of the target (every site's group and models): names the rollout for resume. */
  readonly id: string;
  /** Whether a base was known; without one every site counts as new. */
  readonly baseKnown: boolean;
  readonly waves: readonly Wave[];
  /** Sites whose models are the same in base and target. */
  readonly unchanged: readonly string[];
  /** Sites in the base but no longer in the fleet file: their group stacks remove them. */
  readonly removed: readonly string[];
  /** Every group with its stack and sites, in order of first site. */
  readonly groups: ReadonlyArray<{ name: string; stack: string; sites: string[] }>;
}

const IDENTITY_FIELDS = ["revision", "model", "image", "server"];

/** Field names of two specs that differ: identity fields first, then the rest alphabetically. */
function differingFields(from: ModelSpec, to: ModelSpec): string[] {
  const keys = new Set([...Object.keys(from), ...Object.keys(to)]);
  keys.delete("name");
  const rest = [...keys].filter((k) => !IDENTITY_FIELDS.includes(k)).sort();
  return [...IDENTITY_FIELDS.filter((k) => keys.has(k)), ...rest].filter(
    (k) => stableJson(from[k]) !== stableJson(to[k]),
  );
}

/** JSON with object keys sorted, so equal specs compare equal whatever order they were written in. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Changes from `from` to `to`, models in the target's order, removed ones last. */
export function diffModels(from: readonly ModelSpec[], to: readonly ModelSpec[]): ModelChange[] {
  const before = new Map(from.map((m) => [m.name, m]));
  const changes: ModelChange[] = [];
  for (const m of to) {
    const old = before.get(m.name);
    if (old === undefined) {
      changes.push({ model: m.name, kind: "added", to: m, fields: [] });
      continue;
    }
    const fields = differingFields(old, m);
    if (fields.length > 0) {
      changes.push({ model: m.name, kind: "changed", from: old, to: m, fields });
    }
  }
  const kept = new Set(to.map((m) => m.name));
  for (const m of from) {
    if (!kept.has(m.name)) {
      changes.push({ model: m.name, kind: "removed", from: m, fields: [] });
    }
  }
  return changes;
}

/** Whether two model lists describe the same deployment. */
export function sameModels(a: readonly ModelSpec[], b: readonly ModelSpec[]): boolean {
  return a.length === b.length && diffModels(a, b).length === 0;
}

/** `meta-llama/Llama-3.1-8B-Instruct@0e9e39f`, the way a person names a model revision. */
export function modelRef(m: ModelSpec): string {
  return `${m.model ?? m.name}@${m.revision ?? "?"}`;
}

/** Fingerprint of a fleet's target: 12 hex digits of a SHA-256 over sites, groups and models. */
export function rolloutId(sites: readonly FleetSite[]): string {
  const hash = createHash("sha256");
  for (const s of sites) {
    hash.update(stableJson({ site: s.name, group: s.group, models: s.models }));
    hash.update("\n");
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * Cumulative number of sites after each wave, for `total` sites. `{sites: n}` adds n; `{percent: p}`
 * reaches ceil(p% of total). A wave that would add nobody is left out; the last wave always reaches
 * every site.
 */
export function waveSizes(
  total: number,
  waves: readonly WaveSpec[],
): Array<{ spec: WaveSpec; upTo: number }> {
  const out: Array<{ spec: WaveSpec; upTo: number }> = [];
  let reached = 0;
  for (const spec of waves) {
    const upTo = Math.min(
      total,
      "sites" in spec ? reached + spec.sites : Math.ceil((spec.percent * total) / 100),
    );
    if (upTo > reached) {
      out.push({ spec, upTo });
      reached = upTo;
    }
  }
  if (reached < total) {
    out.push({ spec: { percent: 100 }, upTo: total });
  }
  return out;
}

/**
 * Plans the rollout of `target` (the fleet file now) over `base` (what was there before: a git
 * revision of the fleet file, or what the stacks report deployed). Without a base every site is new.
 * `include` adds sites that are already at the target but belong to this rollout (a resumed run
 * keeps them in their waves).
 */
export function planRollout(
  fleet: string,
  target: readonly FleetSite[],
  base: readonly FleetSite[] | undefined,
  settings: Pick<RolloutSettings, "waves">,
  include: ReadonlySet<string> = new Set(),
): RolloutPlan {
  const before = new Map((base ?? []).map((s) => [s.name, s]));
  const changed: SiteChange[] = [];
  const unchanged: string[] = [];
  const groups = new Map<string, { name: string; stack: string; sites: string[] }>();
  for (const site of target) {
    const stack = groupStackName(fleet, site.group);
    let group = groups.get(site.group);
    if (group === undefined) {
      group = { name: site.group, stack, sites: [] };
      groups.set(site.group, group);
    }
    group.sites.push(site.name);
    const old = before.get(site.name);
    const changes = diffModels(old?.models ?? [], site.models);
    if (old !== undefined && changes.length === 0 && !include.has(site.name)) {
      unchanged.push(site.name);
      continue;
    }
    changed.push({
      site: site.name,
      group: site.group,
      stack,
      kind: old === undefined ? "new" : "changed",
      changes,
    });
  }
  const names = new Set(target.map((s) => s.name));
  const removed = (base ?? []).filter((s) => !names.has(s.name)).map((s) => s.name);

  const waves: Wave[] = [];
  let from = 0;
  for (const { spec, upTo } of waveSizes(changed.length, settings.waves)) {
    const sites = changed.slice(from, upTo);
    from = upTo;
    waves.push({ index: waves.length + 1, spec, sites, stacks: unique(sites.map((s) => s.stack)) });
  }
  return {
    fleet,
    id: rolloutId(target),
    baseKnown: base !== undefined,
    waves,
    unchanged,
    removed,
    groups: [...groups.values()],
  };
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** `1 site`, `25%`: a wave spec as the config writes it. */
export function describeWave(spec: WaveSpec): string {
  return "sites" in spec ? `${spec.sites} site${spec.sites === 1 ? "" : "s"}` : `${spec.percent}%`;
}
