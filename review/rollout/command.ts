/**
 * `hai rollout plan` and `hai rollout run`: the fleet file read and checked offline (problems with
 * file and line, like every other command), the base revision read from git, and the run driven
 * through the Automation API.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  planRollout,
  type FleetSite,
  type ModelSpec,
  type RolloutPlan,
} from "../../model/rollout/plan";
import { ConfigLocator } from "../../stacks/config/locate";
import { readStackFile, stackFilePath } from "../../stacks/config/parse";
import { rolloutSettings, siteGroup } from "../../stacks/config/rules/rollout";
import { validateStackConfig } from "../../stacks/config/validate";
import type { StackConfig } from "../../stacks/config/schema";
import { ConfigError, EXIT, UsageError } from "../errors";
import { findProject, type Project } from "../run/project";
import { writeReport } from "../report/json";
import { renderPlan, renderRun } from "./report";
import { runRollout, type RunOptions, type RunResult } from "./run";
import { automationWorkspace } from "./workspace";

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
export interface RolloutIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly run?: Partial<RunOptions>;
}

/** The fleet's sites as a rollout sees them: group defaulted, models as configured. */
export function fleetSites(config: Pick<StackConfig, "edgeSites">): FleetSite[] {
  return config.edgeSites.map((s) => ({
    name: s.name,
    group: siteGroup(s),
    models: s.models.map((m) => ({ ...m }) as ModelSpec),
  }));
}

function project(flags: RolloutFlags): Project {
  const p = findProject();
  return flags.stacksDir === undefined ? p : { ...p, stacksDir: path.resolve(flags.stacksDir) };
}

/** Reads and validates the fleet file; throws ConfigError with every problem located. */
function loadFleet(p: Project, stack: string): StackConfig {
  const file = stackFilePath(p.stacksDir, stack);
  if (!fs.existsSync(file)) {
    throw new UsageError(`no stack file ${path.relative(process.cwd(), file) || file}`);
  }
  const read = readStackFile(file, stack);
  if (read.problems.length > 0) {
    throw new ConfigError(read.problems, read.file);
  }
  const result = validateStackConfig(read.values, read.locator);
  if (result.config === undefined) {
    throw new ConfigError(result.problems, read.file);
  }
  if (result.config.edgeSites.length === 0) {
    throw new UsageError(`stack ${stack} has no hybrid-ai:edgeSites to roll out`);
  }
  return result.config;
}

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * The fleet's sites in the fleet file at `ref`: empty when the file did not exist there. Problems of
 * the old file do not stop the plan: sites that still parse are compared, the others count as new.
 */
export function fleetAtRef(
  p: Project,
  stack: string,
  ref: string,
): { sites: FleetSite[]; label: string } {
  let top: string;
  let commit: string;
  try {
    top = git(p.stacksDir, ["rev-parse", "--show-toplevel"]).trim();
    commit = git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new UsageError(`--base ${ref}: no such commit or ref, or ${p.stacksDir} is not in a git repository`);
  }
  const rel = path.relative(top, stackFilePath(p.stacksDir, stack)).split(path.sep).join("/");
  let text: string;
  try {
    text = git(top, ["show", `${commit}:${rel}`]);
  } catch {
    return { sites: [], label: `${ref} (${commit.slice(0, 12)}, no ${rel} there)` };
  }
  const read = readStackFile(`${rel}@${ref}`, stack, text);
  const result = validateStackConfig(read.values, new ConfigLocator(read.file));
  const sites =
    result.config !== undefined
      ? fleetSites(result.config)
      : fleetSites({ edgeSites: parseSitesLeniently(read.values.edgeSites) });
  return { sites, label: `${ref} (${commit.slice(0, 12)})` };
}

/** Sites of an old fleet file that no longer validates: names, groups and models as written. */
function parseSitesLeniently(raw: unknown): StackConfig["edgeSites"] {
  if (!Array.isArray(raw)) {
    return [];
  }
  return raw.filter(
    (s): s is StackConfig["edgeSites"][number] =>
      typeof s === "object" && s !== null && typeof s.name === "string" && Array.isArray(s.models),
  );
}

/** `hai rollout plan`. */
export function rolloutPlanCommand(flags: RolloutFlags, io: RolloutIo): number {
  const p = project(flags);
  const config = loadFleet(p, flags.stack);
  const settings = rolloutSettings(config.rollout);
  const base = flags.base === undefined ? undefined : fleetAtRef(p, flags.stack, flags.base);
  const plan: RolloutPlan = planRollout(flags.stack, fleetSites(config), base?.sites, settings);
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
    throw new UsageError(`--parallel must be a whole number >= 1 (got ${JSON.stringify(flags.parallel)})`);
  }
  const result: RunResult = await runRollout({
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
