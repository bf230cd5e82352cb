/**
 * `hai rollout run`: drives a fleet's rollout wave by wave through the group stacks.
 *
 * 1. Opens every group stack (up to `parallel` at a time) and reads from its outputs what each site
 *    runs and which rollout put it there.
 * 2. Checks that each site still to change answers (its Prometheus `/-/ready`); unreachable sites are
 *    pending: left as they are, reported, and retried by the next run. They never hold up a wave.
 * 3. Plans the waves over the reachable sites and those this rollout already changed, in fleet-file
 *    order, so a resumed run plans the same waves and the canary is always a site that answers.
 * 4. Per wave: writes each touched group stack's config (the wave's sites at the new models, every
 *    other site as it is), runs `pulumi up` on up to `parallel` stacks at a time, waits `soakMinutes`
 *    after the last update, then reads the gates from each site's Prometheus. A failing gate (or a
 *    failed update) halts the rollout and rolls the wave's sites back to the models they ran before.
 *
 * An interrupt (SIGINT/SIGTERM) cancels updates in progress and stops; the next run resumes from
 * the stacks' outputs, and a wave whose soak was cut short waits out the rest (from the stacks'
 * update history).
 */
import {
  fillAddress,
  fillQuery,
  judgeGates,
  type GateQueries,
  DEFAULT_GATE_QUERIES,
} from "../../model/rollout/gates";
import {
  planRollout,
  rolloutId,
  sameModels,
  type FleetSite,
  type ModelSpec,
  type RolloutPlan,
  type RolloutSettings,
} from "../../model/rollout/plan";
import {
  groupStackConfig,
  readGroupOutputs,
  type ConfigEntries,
  type PinnedSite,
  type RolloutRecord,
  type SiteRolloutOutput,
} from "../../model/rollout/stacks";
import { groupStackName } from "../../model/rollout/plan";
import { Unreachable, prometheusReady, queryNumber } from "./prometheus";
import { firstErrorLine, type RolloutStack, type RolloutWorkspace } from "./workspace";
import { processInterrupts } from "../run/interrupts";

/** Defaults of a rollout run. */
export const ROLLOUT_RUN_DEFAULTS = {
  /** Group stacks updated at once. */
  parallel: 10,
} as const;

/** What a run needs. */
export interface RunOptions {
  /** The fleet stack (its file is `stacks/Pulumi.<fleet>.yaml`). */
  readonly fleet: string;
  /** The fleet's sites as the fleet file has them now (validated). */
  readonly target: readonly FleetSite[];
  readonly settings: RolloutSettings;
  /** Address template of each site's Prometheus; `{site}` and `{group}` are filled in. */
  readonly prometheusUrl: string;
  /** @default DEFAULT_GATE_QUERIES */
  readonly queries?: GateQueries;
  readonly workspace: RolloutWorkspace;
  /** @default ROLLOUT_RUN_DEFAULTS.parallel */
  readonly parallel?: number;
  /** Roll out again a target that an earlier run rolled back. @default false */
  readonly retry?: boolean;
  /** @default - Prometheus `/-/ready` over HTTP */
  readonly ready?: (address: string) => Promise<boolean>;
  /** @default - Prometheus instant query over HTTP */
  readonly query?: (address: string, promql: string) => Promise<number | undefined>;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default - setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Registers an interrupt handler and returns its removal. @default - SIGINT and SIGTERM */
  readonly onInterrupt?: (handler: () => void) => () => void;
  readonly progress?: (message: string) => void;
}

/** What happened to one site in a wave. */
export interface SiteOutcome {
  readonly site: string;
  readonly group: string;
  /**
   * `passed` gates; `failed` a gate or its update; `no-data` nothing to judge; `pending` unreachable,
   * retried next run; `rolled-back` restored to its previous models after the wave failed.
   */
  readonly status: "passed" | "failed" | "no-data" | "pending" | "rolled-back";
  /** Whether this run updated the site (false: it was at the target already). */
  readonly updated: boolean;
  readonly reasons: readonly string[];
}

/** One wave of a run. */
export interface WaveOutcome {
  readonly index: number;
  readonly stacks: readonly string[];
  readonly sites: readonly SiteOutcome[];
  readonly soakedMinutes: number;
}

/** The result of a run. */
export interface RunResult {
  readonly fleet: string;
  readonly id: string;
  /**
   * `complete`: every wave passed; `halted`: a wave failed (and was rolled back) or could not be
   * verified; `interrupted`; `refused`: this target was rolled back before (pass --retry);
   * `nothing`: every site already runs the target.
   */
  readonly status: "complete" | "halted" | "interrupted" | "refused" | "nothing";
  readonly plan: RolloutPlan;
  readonly waves: readonly WaveOutcome[];
  /** Sites not reached this run; the next run retries them. */
  readonly pending: readonly string[];
  readonly message: string;
}

class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}

/** Runs `fn` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Runs a rollout. Never throws for a failed site or stack: outcomes say what happened. */
export async function runRollout(o: RunOptions): Promise<RunResult> {
  const say = o.progress ?? (() => undefined);
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ready = o.ready ?? ((a: string) => prometheusReady(a));
  const query = o.query ?? ((a: string, q: string) => queryNumber(a, q));
  const queries = o.queries ?? DEFAULT_GATE_QUERIES;
  const parallel = o.parallel ?? ROLLOUT_RUN_DEFAULTS.parallel;
  const id = rolloutId(o.target);
  const bySite = new Map(o.target.map((s) => [s.name, s]));
  const address = (site: string) => fillAddress(o.prometheusUrl, site, bySite.get(site)!.group);

  let onInterrupted: () => void = () => undefined;
  const interruption = new Promise<never>((_, reject) => {
    onInterrupted = () => reject(new Interrupted());
  });
  interruption.catch(() => undefined);
  const inflight = new Set<Promise<unknown>>();
  const updating = new Set<RolloutStack>();
  let interrupted = false;
  const unregister = (o.onInterrupt ?? processInterrupts)(() => {
    interrupted = true;
    say("interrupted: cancelling updates in progress; run again to resume");
    for (const s of updating) {
      void s.cancel?.().catch(() => undefined);
    }
    onInterrupted();
  });
  const guard = <T>(p: Promise<T>): Promise<T> => {
    // Work still running after an interrupt must not end in an unhandled rejection.
    p.catch(() => undefined);
    return Promise.race([p, interruption]);
  };

  const stacks = new Map<string, RolloutStack>();
  const deployed = new Map<string, SiteRolloutOutput>();
  const waves: WaveOutcome[] = [];
  const pending = new Set<string>();
  let plan: RolloutPlan = planRollout(o.fleet, o.target, [], o.settings);
  const result = (status: RunResult["status"], message: string): RunResult => ({
    fleet: o.fleet,
    id,
    status,
    plan,
    waves,
    pending: [...pending],
    message,
  });

  try {
    // 1. What runs where, from the group stacks' outputs.
    const groups = [...new Set(o.target.map((s) => s.group))];
    say(`reading ${groups.length} group stack${groups.length === 1 ? "" : "s"} of ${o.fleet}`);
    await guard(
      mapLimit(groups, parallel, async (group) => {
        const stack = await o.workspace.openStack(groupStackName(o.fleet, group));
        stacks.set(group, stack);
        for (const [site, out] of readGroupOutputs(await stack.outputs())) {
          deployed.set(site, out);
        }
      }),
    );
    const fleetConfig = await guard(o.workspace.fleetConfig(o.fleet));

    const rolledBack = o.target.filter((s) => {
      const r = deployed.get(s.name)?.record;
      return r?.id === id && r.rolledBack === true;
    });
    if (rolledBack.length > 0 && !o.retry) {
      return result(
        "refused",
        `rollout ${id} was rolled back at ${rolledBack.map((s) => s.name).join(", ")}; change the fleet file (a new revision) or pass --retry`,
      );
    }

    // 2. Which sites change, and which of those answer.
    const atTarget = (s: FleetSite) => {
      const d = deployed.get(s.name);
      return d !== undefined && sameModels(d.models, s.models);
    };
    const fromThisRollout = (s: FleetSite) => {
      const r = deployed.get(s.name)?.record;
      return r?.id === id && r.rolledBack !== true;
    };
    const toChange = o.target.filter((s) => !atTarget(s));
    const answers = await guard(mapLimit(toChange, parallel, (s) => ready(address(s.name))));
    toChange.forEach((s, i) => {
      if (!answers[i]) {
        pending.add(s.name);
      }
    });
    if (pending.size > 0) {
      say(`pending (unreachable, retried next run): ${[...pending].join(", ")}`);
    }

    // 3. Plan over the reachable sites and those this rollout already moved.
    const base: FleetSite[] = [];
    for (const s of o.target) {
      const d = deployed.get(s.name);
      if (d === undefined) {
        continue;
      }
      const previous = fromThisRollout(s) ? d.record?.previous : d.models;
      if (previous !== null && previous !== undefined) {
        base.push({ name: s.name, group: s.group, models: previous });
      }
    }
    const inPlay = o.target.filter(
      (s) => !pending.has(s.name) && (!atTarget(s) || fromThisRollout(s)),
    );
    plan = planRollout(
      o.fleet,
      inPlay,
      base.filter((b) => inPlay.some((s) => s.name === b.name)),
      o.settings,
      new Set(inPlay.filter(fromThisRollout).map((s) => s.name)),
    );
    const verified = (site: string) => {
      const r = deployed.get(site)?.record;
      return r?.id === id && r.verified === true && atTarget(bySite.get(site)!);
    };
    if (plan.waves.every((w) => w.sites.every((s) => verified(s.site)))) {
      return result(
        "nothing",
        pending.size > 0
          ? `every reachable site runs the target; ${pending.size} pending`
          : "every site runs the target",
      );
    }

    // 4. The waves.
    const applyGroup = async (
      group: string,
      moves: ReadonlyMap<string, PinnedSite>,
      message: string,
    ): Promise<string | undefined> => {
      const pinned = new Map<string, PinnedSite>();
      for (const s of o.target) {
        if (s.group !== group) {
          continue;
        }
        const move = moves.get(s.name);
        const d = deployed.get(s.name);
        if (move !== undefined) {
          pinned.set(s.name, move);
        } else if (d !== undefined) {
          pinned.set(s.name, { models: d.models, record: d.record });
        }
      }
      const stack = stacks.get(group)!;
      const config: ConfigEntries = groupStackConfig(fleetConfig, group, pinned);
      if (interrupted) {
        throw new Interrupted();
      }
      try {
        await stack.setAllConfig(config);
        updating.add(stack);
        const update = stack.up({ message });
        inflight.add(update);
        void update.finally(() => inflight.delete(update)).catch(() => undefined);
        const up = await update;
        for (const [site, out] of readGroupOutputs(up.outputs)) {
          deployed.set(site, out);
        }
        unrecorded.delete(group);
        return undefined;
      } catch (err) {
        if (interrupted) {
          throw new Interrupted();
        }
        return `pulumi up ${stack.name} failed: ${firstErrorLine(err)}`;
      } finally {
        updating.delete(stack);
      }
    };
    const byGroup = (sites: readonly string[]) => {
      const out = new Map<string, string[]>();
      for (const s of sites) {
        const g = bySite.get(s)!.group;
        out.set(g, [...(out.get(g) ?? []), s]);
      }
      return out;
    };
    const soakMs = o.settings.soakMinutes * 60_000;
    /** Groups whose sites passed a wave since their stack's last update: their records say so next up. */
    const unrecorded = new Set<string>();
    const markVerified = (sites: readonly string[]) => {
      for (const site of sites) {
        const d = deployed.get(site);
        if (d?.record !== undefined && d.record.id === id && d.record.verified !== true) {
          deployed.set(site, { ...d, record: { ...d.record, verified: true } });
          unrecorded.add(bySite.get(site)!.group);
        }
      }
    };
    /** Writes pending verification records, so a later run does not judge those sites again. */
    const recordVerified = async () => {
      await mapLimit([...unrecorded], parallel, (group) =>
        applyGroup(group, new Map(), `hai rollout ${id}: record verified sites`),
      );
    };

    for (const wave of plan.waves) {
      if (wave.sites.every((s) => verified(s.site))) {
        say(`wave ${wave.index}/${plan.waves.length}: passed in an earlier run`);
        waves.push({
          index: wave.index,
          stacks: wave.stacks,
          soakedMinutes: 0,
          sites: wave.sites.map((s) => ({
            site: s.site,
            group: s.group,
            status: "passed",
            updated: false,
            reasons: ["passed in an earlier run"],
          })),
        });
        continue;
      }
      const names = wave.sites.map((s) => s.site);
      const todo = names.filter((n) => !atTarget(bySite.get(n)!));
      const failedUpdate = new Map<string, string>();
      say(
        `wave ${wave.index}/${plan.waves.length}: ${names.length} site${names.length === 1 ? "" : "s"} in ${wave.stacks.length} stack${wave.stacks.length === 1 ? "" : "s"}` +
          (todo.length < names.length ? ` (${names.length - todo.length} already updated)` : ""),
      );
      let lastUpdate: number | undefined;
      if (todo.length > 0) {
        const groups = byGroup(todo);
        const errors = await guard(
          mapLimit([...groups], parallel, async ([group, sites]) => {
            const moves = new Map<string, PinnedSite>();
            for (const site of sites) {
              const d = deployed.get(site);
              const record: RolloutRecord = {
                id,
                previous: d === undefined ? null : d.models,
              };
              moves.set(site, { models: bySite.get(site)!.models, record });
            }
            return {
              sites,
              error: await applyGroup(group, moves, `hai rollout ${id} wave ${wave.index}`),
            };
          }),
        );
        for (const { sites, error } of errors) {
          if (error !== undefined) {
            for (const s of sites) {
              failedUpdate.set(s, error);
            }
          }
        }
        lastUpdate = now();
      } else {
        lastUpdate = await guard(lastUpdateOf(wave.stacks, stacks, now));
      }

      // Soak, then read the gates.
      const wait = Math.max(0, lastUpdate + soakMs - now());
      if (wait > 0 && failedUpdate.size === 0) {
        say(`wave ${wave.index}: soaking ${Math.ceil(wait / 60_000)} min`);
        await guard(sleep(wait));
      }
      const outcomes: SiteOutcome[] = await guard(
        mapLimit(names, parallel, async (site): Promise<SiteOutcome> => {
          const group = bySite.get(site)!.group;
          const updated = todo.includes(site);
          if (verified(site)) {
            return {
              site,
              group,
              status: "passed",
              updated,
              reasons: ["passed in an earlier run"],
            };
          }
          const upError = failedUpdate.get(site);
          if (upError !== undefined) {
            return { site, group, status: "failed", updated, reasons: [upError] };
          }
          try {
            const readings = {
              errorRatePercent:
                o.settings.gates.maxErrorRatePercent === undefined
                  ? undefined
                  : await query(
                      address(site),
                      fillQuery(queries.errorRatePercent, site, o.settings.soakMinutes),
                    ),
              p95LatencyMs:
                o.settings.gates.maxP95LatencyMs === undefined
                  ? undefined
                  : await query(
                      address(site),
                      fillQuery(queries.p95LatencyMs, site, o.settings.soakMinutes),
                    ),
            };
            const verdict = judgeGates(o.settings.gates, readings);
            return {
              site,
              group,
              status:
                verdict.status === "pass"
                  ? "passed"
                  : verdict.status === "fail"
                    ? "failed"
                    : "no-data",
              updated,
              reasons: verdict.reasons,
            };
          } catch (err) {
            if (err instanceof Unreachable) {
              pending.add(site);
              return { site, group, status: "pending", updated, reasons: [err.message] };
            }
            return { site, group, status: "failed", updated, reasons: [firstErrorLine(err)] };
          }
        }),
      );

      const failed = outcomes.filter((x) => x.status === "failed");
      const soakedMinutes = failedUpdate.size === 0 ? o.settings.soakMinutes : 0;
      if (failed.length > 0) {
        say(
          `wave ${wave.index} failed at ${failed.map((f) => f.site).join(", ")}: rolling back its sites`,
        );
        const restored = await guard(rollBack(names));
        waves.push({
          index: wave.index,
          stacks: wave.stacks,
          soakedMinutes,
          sites: outcomes.map((x) => restored.get(x.site) ?? x),
        });
        return result(
          "halted",
          `wave ${wave.index} failed (${failed.map((f) => `${f.site}: ${f.reasons.join("; ")}`).join(" | ")}); its sites were rolled back`,
        );
      }
      waves.push({ index: wave.index, stacks: wave.stacks, soakedMinutes, sites: outcomes });
      markVerified(outcomes.filter((x) => x.status === "passed").map((x) => x.site));
      if (!outcomes.some((x) => x.status === "passed") && wave.index < plan.waves.length) {
        await guard(recordVerified());
        return result(
          "halted",
          `no site of wave ${wave.index} could be verified (${outcomes.map((x) => `${x.site}: ${x.status}`).join(", ")}); stopping before wave ${wave.index + 1}, run again to resume`,
        );
      }
    }
    await guard(recordVerified());
    return result(
      "complete",
      `rollout ${id} complete: ${plan.waves.reduce((n, w) => n + w.sites.length, 0)} site(s) in ${plan.waves.length} wave(s)` +
        (pending.size > 0 ? `; ${pending.size} pending, run again to reach them` : ""),
    );

    /** Restores `sites` to their recorded previous models; returns each site's outcome. */
    async function rollBack(sites: readonly string[]): Promise<Map<string, SiteOutcome>> {
      const out = new Map<string, SiteOutcome>();
      const groups = byGroup(sites.filter((s) => !pending.has(s)));
      await mapLimit([...groups], parallel, async ([group, members]) => {
        const moves = new Map<string, PinnedSite>();
        const left: string[] = [];
        for (const site of members) {
          const d = deployed.get(site);
          const record = d?.record;
          if (d === undefined || record?.id !== id) {
            continue; // never moved by this rollout: nothing to restore
          }
          if (record.previous === null) {
            left.push(site);
            continue;
          }
          moves.set(site, {
            models: record.previous,
            record: { id, previous: record.previous, rolledBack: true },
          });
        }
        const error =
          moves.size === 0
            ? undefined
            : await applyGroup(group, moves, `hai rollout ${id}: roll back`);
        for (const site of moves.keys()) {
          out.set(site, {
            site,
            group,
            status: error === undefined ? "rolled-back" : "failed",
            updated: true,
            reasons:
              error === undefined
                ? [`restored ${describeModels(moves.get(site)!.models)}`]
                : [error],
          });
        }
        for (const site of left) {
          out.set(site, {
            site,
            group,
            status: "failed",
            updated: true,
            reasons: ["no previous models to restore (the rollout created this site): left as is"],
          });
        }
      });
      return out;
    }
  } catch (err) {
    if (err instanceof Interrupted || interrupted) {
      // Let updates in progress finish cancelling before returning (sleeps and queries are dropped).
      await Promise.allSettled([...inflight]);
      return result("interrupted", `interrupted; run again to resume rollout ${id}`);
    }
    throw err;
  } finally {
    unregister();
  }
}

function describeModels(models: readonly ModelSpec[]): string {
  return models.map((m) => `${m.name} ${m.model ?? ""}@${m.revision ?? "?"}`).join(", ");
}

/** The end of the newest update among `stackNames`' group stacks; `now()` when history is unknown. */
async function lastUpdateOf(
  stackNames: readonly string[],
  stacks: ReadonlyMap<string, RolloutStack>,
  now: () => number,
): Promise<number> {
  let latest: number | undefined;
  for (const stack of stacks.values()) {
    if (!stackNames.includes(stack.name)) {
      continue;
    }
    if (stack.history === undefined) {
      return now();
    }
    const [last] = await stack.history(1, 1);
    const end = last?.endTime ?? last?.startTime;
    if (end === undefined) {
      return now();
    }
    latest = Math.max(latest ?? 0, end.getTime());
  }
  return latest ?? now();
}
