/**
 * The fleet a rollout works on: the fleet file read and checked offline (problems with file and line,
 * like every other command), and the same file at a base revision read from git.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { FleetSite, ModelSpec } from "../../model/rollout/plan";
import { ConfigLocator } from "../../stacks/config/locate";
import { readStackFile, stackFilePath } from "../../stacks/config/parse";
import { siteGroup } from "../../stacks/config/rules/rollout";
import { validateStackConfig } from "../../stacks/config/validate";
import type { StackConfig } from "../../stacks/config/schema";
import { ConfigError, UsageError } from "../errors";
import type { Project } from "../run/project";

/** The fleet's sites as a rollout sees them: group defaulted, models as configured. */
export function fleetSites(config: Pick<StackConfig, "edgeSites">): FleetSite[] {
  return config.edgeSites.map((s) => ({
    name: s.name,
    group: siteGroup(s),
    models: s.models.map((m) => ({ ...m }) as ModelSpec),
  }));
}

/** Reads and validates the fleet file; throws ConfigError with every problem located. */
export function loadFleet(p: Project, stack: string): StackConfig {
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
    throw new UsageError(
      `--base ${ref}: no such commit or ref, or ${p.stacksDir} is not in a git repository`,
    );
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
