/**
 * Runs a Pulumi Node.js program as `pulumi preview` runs it, against hai's offline engine: the
 * program's own `@pulumi/pulumi/cmd/run` (resolved from the program's folder, as the nodejs language
 * host resolves it) in its own process, with the flags and environment the language host passes
 * (`--monitor`, `--engine`, `--project`, `--stack`, `--organization`, `--root-directory`, `--pwd`,
 * `--dry-run`, `--parallel`; `PULUMI_CONFIG`, `PULUMI_CONFIG_SECRET_KEYS`, `PULUMI_NODEJS_TYPESCRIPT`,
 * `PULUMI_NODEJS_TSCONFIG_PATH`, the runtime's `nodeargs`). Its TypeScript is compiled by Pulumi's
 * loader with the project's tsconfig: what `pulumi up` cannot compile fails here too.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { UsageError } from "../errors";
import { ProgramError } from "./errors";
import { LocalEngine, type EngineLog, type ResourceSink } from "./monitor";
import { programLocation, type Project } from "../run/project";
import { DISCARD, MemorySink } from "./sink";
import { cachedRun, runCacheDir, runKey } from "./runCache";
import type { CapturedResource } from "../../model/graph";

/** The organization of a stack on a local backend. */
export const LOCAL_ORGANIZATION = "organization";

/** Registrations between two progress reports. */
export const PROGRESS_EVERY = 2000;

/** What to run and how. */
export interface RunOptions {
  readonly project: Project;
  readonly stack: string;
  /** Config map as the CLI builds it, `namespace:key` to string. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** @default "organization" (a local backend's) */
  readonly organization?: string;
  /**
   * Run as a preview (`--dry-run`): values the engine does not know stay unknown.
   * @default true
   */
  readonly dryRun?: boolean;
  /**
   * Type-check TypeScript as `pulumi up` does by default. Off, Pulumi's loader only transpiles
   * (`PULUMI_NODEJS_TRANSPILE_ONLY=true`); compiler option errors fail either way.
   * @default false, unless PULUMI_NODEJS_TRANSPILE_ONLY is set in the environment
   */
  readonly typeCheck?: boolean;
  /** Environment variables set in the program's process, on top of ours. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where records go. @default - kept in memory and returned */
  readonly sink?: ResourceSink;
  /** Called with each message the program logs (warnings, `pulumi.log.info`) and each output line. */
  readonly onMessage?: (message: string) => void;
  /** Called with the number of registrations so far, every {@link PROGRESS_EVERY}. */
  readonly onProgress?: (registered: number) => void;
}

/** A program run to the end. */
export interface ProgramRun {
  readonly project: string;
  readonly stack: string;
  /** Resources in registration order, the stack first (empty when a sink was given). */
  readonly resources: CapturedResource[];
  /** Stack outputs, secrets marked. */
  readonly outputs: Record<string, unknown>;
  readonly registered: number;
  readonly logs: readonly EngineLog[];
}

/** The `@pulumi/pulumi/cmd/run` the program's own folder resolves, as the language host finds it. */
export function resolveRunner(programDir: string): string {
  try {
    return createRequire(path.join(programDir, "noop.js")).resolve("@pulumi/pulumi/cmd/run");
  } catch {
    throw new UsageError(
      `${programDir}: @pulumi/pulumi is not installed for this program (cannot resolve @pulumi/pulumi/cmd/run); run npm install there first`,
    );
  }
}

/** Starts the engine's gRPC services on an ephemeral 127.0.0.1 port. */
export async function serveEngine(
  engine: LocalEngine,
): Promise<{ address: string; server: grpc.Server }> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 1024 * 1024 * 400,
    "grpc.max_send_message_length": 1024 * 1024 * 400,
  });
  server.addService(ResourceMonitorService, engine.monitor());
  server.addService(EngineService, engine.engine());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, server };
}

/**
 * Whether the program's errors carry stack frames. Pulumi's runtime formats a stack trace for every
 * promise it makes (`debuggablePromise`) and never shows one unless it reports a leak; through the
 * loader's source maps that is a fifth of a small program's CPU time and most of a large one's. So a
 * program runs first with none (`--stack-trace-limit=0`), and only if it fails a second time with
 * Node's default, for its own message with file:line.
 */
export type StackTraces = "none" | "full";

/** The command line the nodejs language host builds for `cmd/run`. */
export function runnerArguments(
  options: RunOptions,
  runner: string,
  address: string,
  traces: StackTraces = "full",
): { args: string[]; cwd: string } {
  const { pwd, entry } = programLocation(options.project);
  const nodeargs = options.project.runtimeOptions.nodeargs;
  const args = [
    // Before the project's own node arguments, so a limit of its own wins.
    ...(traces === "none" ? ["--stack-trace-limit=0"] : []),
    ...(typeof nodeargs === "string" ? nodeargs.split(/\s+/).filter((a) => a !== "") : []),
    runner,
    "--monitor",
    address,
    "--engine",
    address,
    "--organization",
    options.organization ?? LOCAL_ORGANIZATION,
    "--project",
    options.project.name,
    "--root-directory",
    options.project.root,
    "--stack",
    options.stack,
    "--pwd",
    pwd,
    ...(options.dryRun === false ? [] : ["--dry-run"]),
    "--parallel",
    String(4 * os.availableParallelism()),
    entry,
  ];
  return { args, cwd: pwd };
}

/** The environment the language host gives `cmd/run`: ours, plus the config and runtime options. */
export function runnerEnvironment(options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A parent Pulumi run's settings must not leak into this one.
    if (!key.startsWith("PULUMI_NODEJS_") && !key.startsWith("PULUMI_CONFIG")) {
      env[key] = value;
    }
  }
  // The language host passes keys as `<namespace>:config:<name>`; the SDK reads both forms.
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.config)) {
    const i = key.indexOf(":");
    config[i > 0 ? `${key.slice(0, i)}:config:${key.slice(i + 1)}` : key] = value;
  }
  Object.assign(env, options.env);
  env.PULUMI_CONFIG = JSON.stringify(config);
  env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(options.secretKeys ?? []);
  const runtimeOptions = options.project.runtimeOptions;
  if (runtimeOptions.typescript !== false) {
    env.PULUMI_NODEJS_TYPESCRIPT = "true";
  }
  if (typeof runtimeOptions.tsconfig === "string") {
    env.PULUMI_NODEJS_TSCONFIG_PATH = runtimeOptions.tsconfig;
  }
  const fromUser = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  if (fromUser !== undefined) {
    env.PULUMI_NODEJS_TRANSPILE_ONLY = fromUser;
  } else if (options.typeCheck !== true) {
    env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
  }
  return env;
}

/**
 * Runs the program against the offline engine and returns what it registered. A program that does
 * not compile, throws or exits non-zero rejects with a {@link ProgramError} carrying its own message.
 * With `HAI_RUN_CACHE` set, a run captured in memory may be answered from that folder (./runCache).
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const cacheDir = runCacheDir();
  if (cacheDir === undefined || options.sink !== undefined) {
    return runOnce(options);
  }
  const runner = resolveRunner(programLocation(options.project).pwd);
  const { args, cwd } = runnerArguments(options, runner, "<engine>", "none");
  const key = runKey({ args, cwd, env: runnerEnvironment(options), root: options.project.root });
  const { run: kept, hit } = await cachedRun(cacheDir, key, async () => {
    const messages: string[] = [];
    const run = await runOnce({
      ...options,
      onMessage: (message) => {
        messages.push(message);
        options.onMessage?.(message);
      },
    });
    return { ...run, messages };
  });
  if (hit) {
    kept.messages.forEach((message) => options.onMessage?.(message));
    for (let n = PROGRESS_EVERY; n <= kept.registered; n += PROGRESS_EVERY) {
      options.onProgress?.(n);
    }
  }
  return {
    project: options.project.name,
    stack: options.stack,
    resources: kept.resources,
    outputs: kept.outputs,
    registered: kept.registered,
    logs: kept.logs,
  };
}

/** Runs the program without stack traces; if it fails, again with them for its own message. */
async function runOnce(options: RunOptions): Promise<ProgramRun> {
  try {
    return await runWith(options, "none");
  } catch (error) {
    if (!(error instanceof ProgramError)) {
      throw error;
    }
    const { onMessage: _m, onProgress: _p, ...quiet } = options;
    try {
      await runWith({ ...quiet, sink: DISCARD }, "full");
    } catch (again) {
      if (again instanceof ProgramError) {
        throw again;
      }
    }
    throw error;
  }
}

async function runWith(options: RunOptions, traces: StackTraces): Promise<ProgramRun> {
  const memory = options.sink === undefined ? new MemorySink() : undefined;
  const target = options.sink ?? memory!;
  const sink: ResourceSink =
    options.onProgress === undefined
      ? target
      : {
          add: (r) => {
            target.add(r);
            if (engine.registered % PROGRESS_EVERY === 0) {
              options.onProgress?.(engine.registered);
            }
          },
          outputs: (urn, o) => target.outputs(urn, o),
        };
  const engine: LocalEngine = new LocalEngine(options.project.name, options.stack, sink, (log) => {
    if (log.severity === "warning" || log.severity === "info") {
      options.onMessage?.(`${log.severity}: ${log.message}`);
    }
  });
  const runner = resolveRunner(programLocation(options.project).pwd);
  const { address, server } = await serveEngine(engine);
  try {
    const { args, cwd } = runnerArguments(options, runner, address, traces);
    const { code, stdout, stderr } = await spawnRunner(
      args,
      cwd,
      runnerEnvironment(options),
      options,
    );
    const errors = engine.logs.filter((l) => l.severity === "error").map((l) => l.message);
    if (code !== 0 || errors.length > 0 || engine.failure !== undefined) {
      throw new ProgramError(programFailure(options, errors, stderr || stdout, code), errors);
    }
    return {
      project: options.project.name,
      stack: options.stack,
      resources: memory?.resources ?? [],
      outputs: memory?.stackOutputs ?? {},
      registered: engine.registered,
      logs: engine.logs,
    };
  } finally {
    server.forceShutdown();
  }
}

function spawnRunner(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: RunOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (options.onMessage !== undefined) {
        for (const line of d.split("\n")) {
          if (line.trim() !== "") {
            options.onMessage(line);
          }
        }
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: stdout.slice(-20000),
        stderr: stderr.slice(-20000),
      }),
    );
  });
}

/**
 * The program's own account of its failure: the errors it logged through the engine (compiler
 * diagnostics, its exception, a config error's file:line list), stack frames outside the project
 * (Pulumi's runtime, Node's internals) left out; else what it printed.
 */
function programFailure(
  options: RunOptions,
  errors: readonly string[],
  printed: string,
  code: number,
): string {
  const root = options.project.root;
  const body =
    errors.length > 0
      ? errors.map((e) => tidy(e, root)).join("\n")
      : printed.trim() !== ""
        ? tidy(printed.trim(), root)
        : `the program exited with code ${code}`;
  return `${options.project.name} (stack ${options.stack}): ${body}`;
}

/** Drops stack frames that are not the project's own code and paths made relative to the root. */
function tidy(message: string, root: string): string {
  // eslint-disable-next-line no-control-regex -- terminal colour codes the runtime's error formatting adds
  const lines = message.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
  const kept = lines.filter((line) => {
    const frame = /^\s+at\s/.test(line);
    return !frame || (line.includes(root) && !line.includes(`${path.sep}node_modules${path.sep}`));
  });
  return kept
    .join("\n")
    .split(root + path.sep)
    .join("")
    .replace(/^Running program '[^']*' failed with an unhandled exception:\n/, "")
    .trim();
}
