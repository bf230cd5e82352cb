/**
 * `hai rehearse --live`: a game day on the rehearsal stack through Pulumi's Automation API. Brings the
 * stack up, polls its endpoint until it passes its health check (or a timeout), records each timing and
 * always destroys the stack afterwards: on success, on failure and on interrupt (SIGINT/SIGTERM).
 *
 * The Pulumi side is injectable ({@link LiveOptions.openStack}); the default uses
 * `LocalWorkspace.createOrSelectStack` on the project folder and needs the Pulumi CLI and credentials.
 */
import type { LiveTimings, RehearsalResult } from "./rehearse";
import { processInterrupts } from "../run/interrupts";

/** The parts of an Automation API stack a rehearsal uses. */
export interface RehearsalStack {
  up(options?: {
    onOutput?: (out: string) => void;
  }): Promise<{ outputs: Record<string, { value: unknown }> }>;
  destroy(options?: { onOutput?: (out: string) => void }): Promise<unknown>;
  /** Stops an update in progress. */
  cancel?(): Promise<void>;
}

/** How a live rehearsal reaches Pulumi, the endpoint and the clock. */
export interface LiveOptions {
  /** The Pulumi project folder (holds Pulumi.yaml). */
  readonly projectDir: string;
  /** Give up waiting for a healthy endpoint after this long. @default 30 minutes */
  readonly timeoutMs?: number;
  /** @default 10 seconds */
  readonly pollIntervalMs?: number;
  readonly progress?: (message: string) => void;
  /** Opens the stack. @default - Automation API `LocalWorkspace.createOrSelectStack({ stackName, workDir })` */
  readonly openStack?: (stackName: string, projectDir: string) => Promise<RehearsalStack>;
  /** Whether the endpoint is healthy. @default - an HTTPS GET answering 2xx within 10 s */
  readonly probe?: (url: string) => Promise<boolean>;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default - setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Registers an interrupt handler and returns its removal. @default - SIGINT and SIGTERM */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** Defaults of a live rehearsal. */
export const LIVE_DEFAULTS = {
  timeoutMs: 30 * 60_000,
  pollIntervalMs: 10_000,
  probeTimeoutMs: 10_000,
} as const;

class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}

async function automationStack(stackName: string, projectDir: string): Promise<RehearsalStack> {
  // Loaded on use: only live rehearsals need the Automation API (and the Pulumi CLI behind it).
  const automation =
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load; import() is ESM under nodenext
    require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  return automation.LocalWorkspace.createOrSelectStack({ stackName, workDir: projectDir });
}

async function httpProbe(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(LIVE_DEFAULTS.probeTimeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

/** One line about an Automation API error; its messages hold the CLI's whole output. */
function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/ENOENT/.test(text) && /pulumi/.test(text)) {
    return "the Pulumi CLI is not installed or not on PATH (see README, Rehearse live)";
  }
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^(code|stdout|stderr|err\?):?\s*$/.test(l));
  const line = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? "unknown error";
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** The health-check URL from the stack outputs, or the one the offline run predicted. */
function endpointOf(outputs: Record<string, { value: unknown }>, fallback: string): string {
  const dr = outputs.disasterRecovery?.value as { healthCheckUrl?: unknown } | undefined;
  return typeof dr?.healthCheckUrl === "string" ? dr.healthCheckUrl : fallback;
}

/**
 * Runs the live rehearsal of `offline.stack`. Never throws for a failed deployment: the error is in the
 * timings, and `destroyed` says whether clean-up succeeded.
 */
export async function rehearseLive(
  offline: RehearsalResult,
  options: LiveOptions,
): Promise<LiveTimings> {
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const probe = options.probe ?? httpProbe;
  const timeoutMs = options.timeoutMs ?? LIVE_DEFAULTS.timeoutMs;
  const pollMs = options.pollIntervalMs ?? LIVE_DEFAULTS.pollIntervalMs;
  const say = options.progress ?? (() => undefined);
  const startedAt = new Date(now()).toISOString();

  let interrupted = false;
  let onInterrupted: () => void = () => undefined;
  const interruption = new Promise<never>((_, reject) => {
    onInterrupted = () => reject(new Interrupted());
  });
  interruption.catch(() => undefined);
  let stack: RehearsalStack | undefined;
  const unregister = (options.onInterrupt ?? processInterrupts)(() => {
    interrupted = true;
    say("interrupted: cancelling, then destroying the rehearsal stack");
    void stack?.cancel?.().catch(() => undefined);
    onInterrupted();
  });

  let stage = "opening the stack";
  let upSeconds: number | undefined;
  let healthySeconds: number | undefined;
  let healthy = false;
  let error: string | undefined;
  let update: Promise<unknown> | undefined;
  try {
    stack = await Promise.race([
      (options.openStack ?? automationStack)(offline.stack, options.projectDir),
      interruption,
    ]);
    stage = "pulumi up";
    say(`pulumi up ${offline.stack}`);
    const t0 = now();
    update = stack.up({ onOutput: (o) => say(o.trimEnd()) });
    const result = (await Promise.race([update, interruption])) as Awaited<
      ReturnType<RehearsalStack["up"]>
    >;
    const t1 = now();
    upSeconds = (t1 - t0) / 1000;
    const url = endpointOf(result.outputs, offline.dr.healthCheckUrl);
    say(`waiting for ${url} to pass its health check (timeout ${timeoutMs / 60_000} min)`);
    for (;;) {
      if (await Promise.race([probe(url), interruption])) {
        healthy = true;
        healthySeconds = (now() - t1) / 1000;
        break;
      }
      if (now() - t1 >= timeoutMs) {
        error = `${url} did not pass its health check within ${timeoutMs / 60_000} min`;
        break;
      }
      await Promise.race([sleep(pollMs), interruption]);
    }
  } catch (err) {
    error =
      err instanceof Interrupted || interrupted
        ? "interrupted"
        : `${stage} failed: ${describe(err)}`;
  } finally {
    unregister();
  }

  // Always clean up, once any update in progress has stopped.
  let destroyed = stack === undefined;
  let destroySeconds: number | undefined;
  if (stack !== undefined) {
    await update?.catch(() => undefined);
    say(`pulumi destroy ${offline.stack}`);
    const t2 = now();
    try {
      await stack.destroy({ onOutput: (o) => say(o.trimEnd()) });
      destroyed = true;
    } catch (err) {
      const message = `destroy failed: ${describe(err)}; run \`pulumi destroy -s ${offline.stack}\``;
      error = error === undefined ? message : `${error}; ${message}`;
    }
    destroySeconds = (now() - t2) / 1000;
  }

  const estimatedRouting = offline.rto.parts
    .filter((p) => p.id === "detection" || p.id === "dns")
    .reduce((s, p) => s + (p.seconds ?? 0), 0);
  return {
    startedAt,
    upSeconds,
    healthySeconds,
    destroySeconds,
    measuredRtoSeconds:
      healthy && upSeconds !== undefined
        ? estimatedRouting + upSeconds + (healthySeconds ?? 0)
        : undefined,
    healthy,
    destroyed,
    error,
  };
}
