/**
 * `hai review --base <git-ref>`: reviews the same stack as it is at another commit. The ref is
 * checked out with `git worktree add --detach` into a temporary folder (node_modules linked from this
 * checkout), that commit's own `hai review --json` runs there as a subprocess, and the folder and
 * worktree are always removed afterwards.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../errors";
import type { ReviewLike } from "./delta";

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** An empty review: the base when the stack did not exist at the base commit. */
export const EMPTY_REVIEW: ReviewLike = {
  resources: [],
  capacity: { byCloud: [], minGpus: 0, maxGpus: 0 },
  cost: {
    hoursPerMonth: 730,
    pools: [],
    monthlyMinUsd: 0,
    monthlyMaxUsd: 0,
    unpriced: [],
    schedules: [],
  },
};

/** Reviews `stack` at `ref` of the git repository holding `projectRoot`. */
export function reviewAtRef(
  ref: string,
  stack: string,
  projectRoot: string,
  progress?: (m: string) => void,
): { review: ReviewLike; commit: string } {
  let top: string;
  try {
    top = git(projectRoot, ["rev-parse", "--show-toplevel"]);
  } catch {
    throw new UsageError(`--base needs a git repository; ${projectRoot} is not in one`);
  }
  let commit: string;
  try {
    commit = git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--base ${ref}: no such commit or ref in ${top}`);
  }
  const rel = path.relative(top, projectRoot);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hai-base-"));
  const tree = path.join(tmp, "tree");
  progress?.(`reviewing ${stack} at ${ref} (${commit.slice(0, 12)})`);
  try {
    git(top, ["worktree", "add", "--detach", "--quiet", tree, commit]);
    const project = path.join(tree, rel);
    const modules = path.join(project, "node_modules");
    if (!fs.existsSync(modules) && fs.existsSync(path.join(projectRoot, "node_modules"))) {
      fs.symlinkSync(path.join(projectRoot, "node_modules"), modules, "dir");
    }
    const stacksDir = stackDir(project);
    if (!fs.existsSync(path.join(stacksDir, `Pulumi.${stack}.yaml`))) {
      return { review: EMPTY_REVIEW, commit };
    }
    const bin = path.join(project, "bin", "hai.js");
    if (!fs.existsSync(bin)) {
      throw new UsageError(`--base ${ref}: that commit has no bin/hai.js to review it with`);
    }
    const out = path.join(tmp, "base.json");
    const run = spawnSync(
      process.execPath,
      [bin, "review", "--stack", stack, "--json", out, "-q"],
      {
        cwd: project,
        encoding: "utf8",
        env: { ...process.env, GITHUB_STEP_SUMMARY: "" },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (!fs.existsSync(out)) {
      const why = (run.stderr || run.stdout || "").trim().split("\n").slice(0, 12).join("\n");
      throw new UsageError(
        `--base ${ref}: reviewing ${stack} at ${commit.slice(0, 12)} failed (exit ${run.status}):\n${why}`,
      );
    }
    return { review: JSON.parse(fs.readFileSync(out, "utf8")) as ReviewLike, commit };
  } finally {
    try {
      git(top, ["worktree", "remove", "--force", tree]);
    } catch {
      // The folder is removed below; prune drops the worktree record.
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
      git(top, ["worktree", "prune"]);
    } catch {
      // Nothing to prune.
    }
  }
}

function stackDir(project: string): string {
  const file = path.join(project, "Pulumi.yaml");
  if (fs.existsSync(file)) {
    const m = /^stackConfigDir:\s*(\S+)/m.exec(fs.readFileSync(file, "utf8"));
    if (m) {
      return path.join(project, m[1]);
    }
  }
  return project;
}
