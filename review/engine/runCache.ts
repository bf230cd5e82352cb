/**
 * Program runs kept for reuse, when `HAI_RUN_CACHE` names a folder: a run of the same program (the
 * same runner, command line, config, secret keys and environment) over the same files is answered
 * from the folder instead of starting the program again. Made for test suites that review the same
 * stack many times in one sitting (`npm test` sets it to a folder of its own and removes it after);
 * not for everyday use: a program that reads the clock, the network or files outside its project
 * would not be run again.
 *
 * An entry is keyed by a hash of everything the program process is given (a test runner's worker ids
 * aside) and of the project's files
 * (path, size, modification time; `node_modules`, `.git`, `dist` and hidden folders left out). Only
 * successful runs captured in memory are kept; the messages the run printed are replayed on a hit.
 * Two processes asking for the same run at once run it once: the first takes a lock file, the
 * others wait for its entry (and run it themselves if it fails).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineLog } from "./monitor";
import type { CapturedResource } from "../../model/graph";

/** The environment variable naming the cache folder. */
export const RUN_CACHE_ENV = "HAI_RUN_CACHE";

/** What a kept run holds. */
export interface CachedRun {
  readonly resources: CapturedResource[];
  readonly outputs: Record<string, unknown>;
  readonly registered: number;
  readonly logs: readonly EngineLog[];
  /** What the run passed to `onMessage`, in order. */
  readonly messages: readonly string[];
}

/** How long a second process waits for a run another one is doing. */
const WAIT_MS = 170_000;
const POLL_MS = 50;
const SKIPPED = new Set(["node_modules", ".git", "dist"]);
/** Variables that differ between a test runner's workers and mean nothing to a program. */
const VOLATILE = new Set(["VITEST_POOL_ID", "VITEST_WORKER_ID"]);

/** The cache folder, when one is set. */
export function runCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env[RUN_CACHE_ENV];
  return dir === undefined || dir === "" ? undefined : dir;
}

/** The key of a run: the process's command line, folder, environment and the project's files. */
export function runKey(input: {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
}): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(input.args));
  hash.update(`\0${input.cwd}\0`);
  for (const name of Object.keys(input.env).sort()) {
    if (VOLATILE.has(name)) {
      continue;
    }
    hash.update(`${name}=${input.env[name] ?? ""}\0`);
  }
  fingerprint(input.root, hash);
  return hash.digest("hex").slice(0, 32);
}

function fingerprint(dir: string, hash: ReturnType<typeof createHash>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name) && !entry.name.startsWith(".")) {
        fingerprint(full, hash);
      }
    } else if (entry.isFile()) {
      const stat = fs.statSync(full, { throwIfNoEntry: false });
      if (stat !== undefined) {
        hash.update(`${full}\0${stat.size}\0${stat.mtimeMs}\0`);
      }
    }
  }
}

/**
 * The kept run for `key` (`hit`), or `run()`'s result, kept. Runs that throw are not kept; a process
 * that waited for one runs the program itself.
 */
export async function cachedRun(
  dir: string,
  key: string,
  run: () => Promise<CachedRun>,
): Promise<{ run: CachedRun; hit: boolean }> {
  // Entries hold what the program registered as the engine captured it, a value the program gave in
  // plain text included (reports scrub it later): for the user's eyes only.
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const entry = path.join(dir, `${key}.json`);
  const lock = path.join(dir, `${key}.lock`);
  const kept = read(entry);
  if (kept !== undefined) {
    return { run: kept, hit: true };
  }
  let owner = false;
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
    owner = true;
  } catch {
    const waited = await waitFor(entry, lock);
    if (waited !== undefined) {
      return { run: waited, hit: true };
    }
  }
  try {
    const result = await run();
    const tmp = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(result), { mode: 0o600 });
    fs.renameSync(tmp, entry);
    return { run: result, hit: false };
  } finally {
    if (owner) {
      fs.rmSync(lock, { force: true });
    }
  }
}

function read(entry: string): CachedRun | undefined {
  try {
    return JSON.parse(fs.readFileSync(entry, "utf8")) as CachedRun;
  } catch {
    return undefined;
  }
}

/** The entry another process is writing; undefined when its lock goes away without one. */
async function waitFor(entry: string, lock: string): Promise<CachedRun | undefined> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const kept = read(entry);
    if (kept !== undefined) {
      return kept;
    }
    if (!fs.existsSync(lock)) {
      return read(entry);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}
