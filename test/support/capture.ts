/**
 * Unit tests of components run small programs in-process (a closure cannot cross into a program
 * process): the SDK is pointed at hai's offline engine through direct calls instead of gRPC. The
 * recording is the engine's own ({@link LocalEngine}), so what a unit test sees is what a review sees.
 *
 * It needs @pulumi/pulumi internals (mock options, local storage, RPC draining), marked @internal but
 * stable across 3.x; tests only. Checked on load so a release that moves them fails loudly here.
 */
import * as pulumi from "@pulumi/pulumi";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import type { Capture } from "../../model/graph";
import { LocalEngine } from "../../review/engine/monitor";
import { MemorySink } from "../../review/engine/sink";

/* eslint-disable @typescript-eslint/no-require-imports -- internals absent from the type declarations */
const settings = require("@pulumi/pulumi/runtime/settings") as {
  setMockOptions?: (
    monitor: unknown,
    project: string,
    stack: string,
    preview: boolean,
    org: string,
  ) => void;
  waitForRPCs?: () => Promise<void>;
};
const state = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage?: <T>(callback: () => Promise<T>) => Promise<T>;
  setStackResource?: (stack: unknown) => void;
};
/* eslint-enable @typescript-eslint/no-require-imports */

function required<T>(value: T | undefined, what: string): T {
  if (typeof value !== "function") {
    throw new Error(
      `@pulumi/pulumi no longer exports ${what}; the in-process test engine needs it`,
    );
  }
  return value;
}

export const sdkInternals = {
  setMockOptions: required(settings.setMockOptions, "runtime/settings.setMockOptions"),
  waitForRPCs: required(settings.waitForRPCs, "runtime/settings.waitForRPCs"),
  withLocalStorage: required(state.withLocalStorage, "runtime/state.withLocalStorage"),
  setStackResource: required(state.setStackResource, "runtime/state.setStackResource"),
};

type Handler = (
  call: { request: unknown },
  callback: (err: unknown, res?: unknown) => void,
) => void;

/** The engine's ResourceMonitor handlers as the SDK's monitor client calls them: `(request, callback)`. */
function directMonitor(engine: LocalEngine): Record<string, unknown> {
  const handlers = engine.monitor() as Record<string, Handler>;
  const client: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    client[name] = (request: unknown, callback: (err: unknown, res?: unknown) => void) =>
      handler({ request }, callback);
  }
  return client;
}

export interface InProcessOptions {
  readonly project: string;
  readonly stack: string;
  /** Config map, `namespace:key` to string. */
  readonly config: Record<string, string>;
  readonly secretKeys?: readonly string[];
  /** @default false (as an update: every mock output known) */
  readonly preview?: boolean;
  /** The program; it receives a function that drains outstanding registrations. */
  readonly program: (drain: () => Promise<void>) => Promise<Record<string, unknown> | void>;
}

/**
 * Runs `program` in a runtime state of its own against the offline engine and returns what it
 * registered. The program's own error rejects, after outstanding registrations are drained.
 */
export function captureProgram(options: InProcessOptions): Promise<Capture> {
  return sdkInternals.withLocalStorage(async () => {
    const sink = new MemorySink();
    const engine = new LocalEngine(options.project, options.stack, sink);
    sdkInternals.setMockOptions(
      directMonitor(engine),
      options.project,
      options.stack,
      options.preview ?? false,
      "organization",
    );
    pulumi.runtime.setAllConfig({ ...options.config }, [...(options.secretKeys ?? [])]);
    let failure: { error: unknown } | undefined;
    try {
      await runInPulumiStack(async () => {
        try {
          return (await options.program(sdkInternals.waitForRPCs)) ?? {};
        } catch (error) {
          failure = { error };
          return {};
        }
      });
      await sdkInternals.waitForRPCs();
    } finally {
      sdkInternals.setStackResource(undefined);
    }
    if (failure !== undefined) {
      throw failure.error;
    }
    if (engine.failure !== undefined) {
      throw new Error(engine.failure);
    }
    return {
      project: options.project,
      stack: options.stack,
      resources: sink.resources,
      outputs: sink.stackOutputs,
    };
  });
}
