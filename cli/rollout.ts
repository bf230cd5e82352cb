/** `hai rollout plan` and `hai rollout run`: model rollouts across an edge fleet, wave by wave. */
import * as path from "node:path";
import { planRollout } from "../model/rollout/plan";
import { EXIT, UsageError } from "../review/errors";
import { writeReport } from "../review/report/json";
import { fleetAtRef, fleetSites, loadFleet } from "../review/rollout/fleet";
import { renderPlan, renderRun } from "../review/rollout/report";
import { runRollout, type RunOptions } from "../review/rollout/run";
import { automationWorkspace } from "../review/rollout/workspace";
import { findProject, type Project } from "../review/run/project";
import { rolloutSettings } from "../stacks/config/rules/rollout";
import type { Io } from "./io";

/** Flags of `hai rollout plan` and `hai rollout run`. */
export interface RolloutFlags {
  readonly stack: string;
  readonly base?: string;
  readonly stacksDir?: string;
  readonly json?: string;
  readonly parallel?: string;
  readonly retry?: boolean;
  readonly quiet?: boolean;
}

/** Where the command writes; tests pass their own, and a fake workspace for `run`. */
export interface RolloutIo extends Io {
  readonly run?: Partial<RunOptions>;
}

function project(flags: RolloutFlags): Project {
  const p = findProject();
  return flags.stacksDir === undefined ? p : { ...p, stacksDir: path.resolve(flags.stacksDir) };
}

/** `hai rollout plan`. */
export function rolloutPlanCommand(flags: RolloutFlags, io: RolloutIo): number {
  const p = project(flags);
  const config = loadFleet(p, flags.stack);
  const settings = rolloutSettings(config.rollout);
  const base = flags.base === undefined ? undefined : fleetAtRef(p, flags.stack, flags.base);
  const plan = planRollout(flags.stack, fleetSites(config), base?.sites, settings);
  io.stdout(renderPlan(plan, settings, base?.label));
  if (flags.json !== undefined) {
    writeReport(flags.json, `${JSON.stringify({ plan, settings }, null, 2)}\n`);
    io.stderr(`hai: wrote ${flags.json}\n`);
  }
  return EXIT.ok;
}

/** `hai rollout run`: 0 when complete (or nothing to do), 1 when halted, refused or interrupted. */
export async function rolloutRunCommand(flags: RolloutFlags, io: RolloutIo): Promise<number> {
  const p = project(flags);
  const config = loadFleet(p, flags.stack);
  const settings = rolloutSettings(config.rollout);
  const prometheusUrl = io.run?.prometheusUrl ?? settings.prometheusUrl;
  if (prometheusUrl === undefined) {
    throw new UsageError(
      `stack ${flags.stack}: set hybrid-ai:rollout.prometheusUrl (e.g. https://prometheus.{site}.stores.example) so the gates can be read`,
    );
  }
  const parallel = flags.parallel === undefined ? undefined : Number(flags.parallel);
  if (parallel !== undefined && !(Number.isInteger(parallel) && parallel >= 1)) {
    throw new UsageError(
      `--parallel must be a whole number >= 1 (got ${JSON.stringify(flags.parallel)})`,
    );
  }
  const result = await runRollout({
    fleet: flags.stack,
    target: fleetSites(config),
    settings,
    queries: settings.queries,
    prometheusUrl,
    workspace: automationWorkspace(p.root),
    parallel,
    retry: flags.retry,
    progress: flags.quiet ? undefined : (m) => io.stderr(`hai: ${m}\n`),
    ...io.run,
  });
  io.stdout(renderRun(result));
  if (flags.json !== undefined) {
    writeReport(flags.json, `${JSON.stringify(result, null, 2)}\n`);
    io.stderr(`hai: wrote ${flags.json}\n`);
  }
  return result.status === "complete" || result.status === "nothing" ? EXIT.ok : EXIT.failed;
}
