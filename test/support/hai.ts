/**
 * The `hai` CLI as tests run it. Two ways, one result shape:
 *
 * - {@link hai}: in this process, through `cli/main.ts` `main(argv, io)` loaded the way `bin/hai.js`
 *   loads it (Node's own `require` with the esbuild hook of `bin/ts-hook.js`, so the lazy
 *   `require`s of the CLI work and its modules exist once). The working directory and environment
 *   are switched for the call and restored; the run gets a Pulumi runtime state of its own. Costs a
 *   review, not a process (a spawned `hai` pays about 1.5 s of CPU before it reviews anything).
 * - {@link haiProcess}: `node bin/hai.js` in a child process, as a user runs it. Keep it for the few
 *   tests that prove the bin itself (exit codes set on the process, the loader, commander's exits).
 *
 * Test files run one at a time per worker and the tests of a file one after another, so switching
 * the directory and environment around an in-process run cannot leak into another test.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./paths";

/** What a `hai` run printed and returned. */
export interface HaiRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and with what environment to run. */
export interface HaiOptions {
  /** @default ROOT */
  readonly cwd?: string;
  /** Variables set for the run (an empty string unsets one); `HAI_DEBUG` is always unset. */
  readonly env?: Readonly<Record<string, string>>;
}

const BIN = path.join(ROOT, "bin", "hai.js");

type Main = (
  argv: readonly string[],
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
) => Promise<number>;

let loaded: { main: Main; isolate: <T>(run: () => Promise<T>) => Promise<T> } | undefined;

/** `cli/main.ts` as the bin loads it, and the SDK's fresh-runtime-state wrapper. */
function cli(): NonNullable<typeof loaded> {
  if (loaded === undefined) {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded as bin/hai.js loads it */
    require(path.join(ROOT, "bin", "ts-hook.js"));
    const { main } = require(path.join(ROOT, "cli", "main.ts")) as { main: Main };
    // `hai review` runs the program in a child process (review/engine); anything the CLI itself
    // does with the SDK's runtime state still gets a state of its own per call, as captures do.
    const { withLocalStorage } = require("@pulumi/pulumi/runtime/state") as {
      withLocalStorage?: <T>(run: () => Promise<T>) => Promise<T>;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (typeof withLocalStorage !== "function") {
      throw new Error("@pulumi/pulumi/runtime/state no longer exports withLocalStorage");
    }
    loaded = { main, isolate: withLocalStorage };
  }
  return loaded;
}

/** Sets `env` (an empty string unsets) and returns a function that puts everything back. */
function setEnv(env: Readonly<Record<string, string>>): () => void {
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  for (const [k, v] of Object.entries(env)) {
    if (v === "") {
      delete process.env[k];
    } else {
      process.env[k] = v;
    }
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = v;
      }
    }
  };
}

/** Runs `hai <args>` in this process from `options.cwd`. */
export async function hai(args: readonly string[], options: HaiOptions = {}): Promise<HaiRun> {
  const { main, isolate } = cli();
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
  };
  const before = process.cwd();
  const restoreEnv = setEnv({ HAI_DEBUG: "", ...options.env });
  process.chdir(options.cwd ?? ROOT);
  try {
    const code = await isolate(() => main([process.execPath, BIN, ...args], io));
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
    restoreEnv();
  }
}

/** Runs `node bin/hai.js <args>` in a child process, as a user runs it. */
export function haiProcess(args: readonly string[], options: HaiOptions = {}): HaiRun {
  // Unset (not empty), as in-process runs leave it, so both kinds share kept program runs.
  const env: Record<string, string | undefined> = { ...process.env, HAI_DEBUG: undefined };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    env[k] = v === "" ? undefined : v;
  }
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    env,
    // Under the test timeout (vitest.config.mts), so a hung run fails with its output.
    timeout: 170_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
