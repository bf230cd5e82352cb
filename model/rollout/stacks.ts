/**
 * One Pulumi stack per site group, derived from the one fleet file. The group stack's config is the
 * fleet's, narrowed to the group's sites (`hybrid-ai:siteGroup` tells the program which), with each
 * site's models pinned to what the rollout wants there now: the new revision for sites whose wave
 * has come, what is deployed for the others. A wave thus changes only its own sites.
 *
 * Progress lives in the group stacks' own outputs (`edgeSites.<site>.rollout`): the models each site
 * runs, the rollout that put them there and the models it replaced. That is Pulumi's backend, the
 * team's engine of record: a run on another machine resumes from it, `pulumi stack output` shows it,
 * and nothing of ours needs storing, locking or encrypting. Pure: no Pulumi SDK.
 */
import type { ModelSpec } from "./plan";

/** The config namespace of the project. */
const NS = "hybrid-ai";

/** Config keys the rollout writes into a group stack. */
export const GROUP_STACK_KEYS = {
  /** The group whose sites the program composes. */
  siteGroup: `${NS}:siteGroup`,
  /** Per site, the rollout that put its models there and what they replaced (JSON). */
  rolloutRecord: `${NS}:rolloutRecord`,
  edgeSites: `${NS}:edgeSites`,
} as const;

/** Fleet keys that name edge sites: narrowed to the group's sites in a group stack. */
const SITE_KEYS = {
  /** PUE, grid intensity and price per edge site or location. */
  sites: `${NS}:sites`,
  /** `gpuOperator` lists clusters and edge sites. */
  monitoring: `${NS}:monitoring`,
} as const;

/**
 * Fleet keys a group stack does not take. Everything else is copied, so a group stack validates
 * exactly like the fleet; its program composes only the group's sites (clusters and DR stay with the
 * fleet stack).
 */
export const FLEET_ONLY_KEYS = [`${NS}:rollout`];

/** A config value as the Automation API reads and writes it. */
export interface ConfigEntry {
  readonly value: string;
  readonly secret?: boolean;
}
export type ConfigEntries = Record<string, ConfigEntry>;

/** What a rollout recorded about one site. */
export interface RolloutRecord {
  /** The rollout (see `rolloutId`) that last changed the site. */
  readonly id: string;
  /** The models the site ran before; null when the rollout created the site. */
  readonly previous: readonly ModelSpec[] | null;
  /** Set once the site's wave passed its gates: a resumed run does not judge it again. */
  readonly verified?: boolean;
  /** Set when the rollout was rolled back at this site. */
  readonly rolledBack?: boolean;
}

/** A site in a group stack's outputs (`edgeSites.<site>.rollout`). */
export interface SiteRolloutOutput {
  readonly models: readonly ModelSpec[];
  readonly record?: RolloutRecord;
}

/** A site as the group stack should run it. */
export interface PinnedSite {
  readonly models: readonly ModelSpec[];
  readonly record?: RolloutRecord;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The fleet's `edgeSites` entries out of its (decrypted) config. */
export function fleetSiteEntries(fleet: ConfigEntries): Array<Record<string, unknown>> {
  const raw = fleet[GROUP_STACK_KEYS.edgeSites]?.value;
  if (raw === undefined) {
    return [];
  }
  const parsed = JSON.parse(raw) as unknown;
  return Array.isArray(parsed) ? parsed.filter(isObject) : [];
}

/**
 * The config of one group stack: the fleet's keys (but {@link FLEET_ONLY_KEYS}), the group's sites
 * with `pinned` models (sites left out of `pinned` are dropped from the stack), the rollout records,
 * and the group name. `edgeSites` is written as a secret: it holds the sites' kubeconfigs.
 */
export function groupStackConfig(
  fleet: ConfigEntries,
  group: string,
  pinned: ReadonlyMap<string, PinnedSite>,
): ConfigEntries {
  const out: ConfigEntries = {};
  for (const [key, entry] of Object.entries(fleet)) {
    if (!FLEET_ONLY_KEYS.includes(key) && key !== GROUP_STACK_KEYS.edgeSites) {
      out[key] = entry;
    }
  }
  const sites = fleetSiteEntries(fleet)
    .filter((s) => typeof s.name === "string" && pinned.has(s.name))
    .map((s) => ({ ...s, models: pinned.get(s.name as string)!.models }));
  const records: Record<string, RolloutRecord> = {};
  for (const [site, p] of pinned) {
    if (p.record !== undefined) {
      records[site] = p.record;
    }
  }
  narrowToSites(out, fleetSiteEntries(fleet), sites);
  out[GROUP_STACK_KEYS.siteGroup] = { value: group };
  out[GROUP_STACK_KEYS.edgeSites] = { value: JSON.stringify(sites), secret: true };
  out[GROUP_STACK_KEYS.rolloutRecord] = { value: JSON.stringify(records) };
  return out;
}

/**
 * Drops from `out` what names fleet sites outside the group, since the group stack validates like the
 * fleet and a name of no site there is an error: `sites` entries of neither a group site nor its
 * location (the key goes when none is left), and other sites in `monitoring.gpuOperator`.
 */
function narrowToSites(
  out: ConfigEntries,
  fleetSites: ReadonlyArray<Record<string, unknown>>,
  groupSites: ReadonlyArray<Record<string, unknown>>,
): void {
  const places = new Set(groupSites.flatMap((s) => [s.name, s.location]));
  const others = new Set(fleetSites.map((s) => s.name).filter((n) => !places.has(n)));
  const parse = (key: string) => {
    const raw = out[key]?.value;
    const parsed = raw === undefined ? undefined : (JSON.parse(raw) as unknown);
    return isObject(parsed) ? parsed : undefined;
  };
  const perSite = parse(SITE_KEYS.sites);
  if (perSite !== undefined) {
    const kept = Object.fromEntries(Object.entries(perSite).filter(([k]) => places.has(k)));
    if (Object.keys(kept).length > 0) {
      out[SITE_KEYS.sites] = { ...out[SITE_KEYS.sites], value: JSON.stringify(kept) };
    } else {
      delete out[SITE_KEYS.sites];
    }
  }
  const monitoring = parse(SITE_KEYS.monitoring);
  if (monitoring !== undefined && Array.isArray(monitoring.gpuOperator)) {
    const gpuOperator = monitoring.gpuOperator.filter((n) => !others.has(n));
    out[SITE_KEYS.monitoring] = {
      ...out[SITE_KEYS.monitoring],
      value: JSON.stringify({ ...monitoring, gpuOperator }),
    };
  }
}

/**
 * The sites of a group stack's outputs: what each runs and what the rollout recorded. Sites without a
 * `rollout` output (a stack from before rollouts) are left out.
 */
export function readGroupOutputs(
  outputs: Record<string, { value: unknown }>,
): Map<string, SiteRolloutOutput> {
  const sites = new Map<string, SiteRolloutOutput>();
  const edge = outputs.edgeSites?.value;
  if (!isObject(edge)) {
    return sites;
  }
  for (const [name, site] of Object.entries(edge)) {
    const rollout = isObject(site) ? site.rollout : undefined;
    if (isObject(rollout) && Array.isArray(rollout.models)) {
      sites.set(name, {
        models: rollout.models as ModelSpec[],
        record: isObject(rollout.record) ? (rollout.record as unknown as RolloutRecord) : undefined,
      });
    }
  }
  return sites;
}

/**
 * The `rollout` output of a site, as the program exports it: the models it composed and the record
 * the runner handed it. The runner reads it back with {@link readGroupOutputs}.
 */
export function siteRolloutOutput(
  models: readonly ModelSpec[],
  records: Record<string, unknown> | undefined,
  site: string,
): SiteRolloutOutput {
  const record = records?.[site];
  return isObject(record) ? { models, record: record as unknown as RolloutRecord } : { models };
}
