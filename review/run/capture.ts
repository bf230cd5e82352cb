/**
 * Runs a Pulumi program in-process under the mock runtime and records every resource it registers:
 * URN, type, name, parent, provider, inputs (secrets redacted) and dependencies.
 *
 * One implementation serves the review engine, the tests and the benchmark. It reaches into
 * @pulumi/pulumi's runtime (mock options, local storage, RPC draining, property (de)serialisation):
 * the SDK version is pinned and test/capture.test.ts fails loudly if those internals move.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, setMocks } from "@pulumi/pulumi/runtime/mocks";
import {
  deserializeProperties,
  serializeProperties,
  specialSecretSig,
  specialSigKey,
} from "@pulumi/pulumi/runtime/rpc";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { mockCall, mockState } from "./mocks";
import { setStackResource, waitForRPCs, withLocalStorage } from "./sdkInternals";
import { REDACTED, type CapturedResource } from "../../model/graph";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export { REDACTED, type CapturedResource };

/** A program run's result. */
export interface Capture {
  readonly project: string;
  readonly stack: string;
  /** Resources in registration order, the stack resource first. */
  readonly resources: CapturedResource[];
  /** Stack outputs, secrets redacted. */
  readonly outputs: Record<string, unknown>;
}

/** What to run and with which config. */
export interface CaptureOptions {
  readonly project: string;
  readonly stack: string;
  /** Runtime config map, `namespace:key` to string, as `pulumi up` hands it to a program. */
  readonly config: Record<string, string>;
  /** Keys of `config` holding secrets. */
  readonly secretKeys?: readonly string[];
  /** Run as a preview (unknown computed outputs stay unknown) rather than an update. */
  readonly preview?: boolean;
  /**
   * Run in a runtime state of its own, so several runs can share a process (tests). A one-shot CLI run
   * can skip it: isolation turns on async hooks that tax every promise.
   * @default true
   */
  readonly isolated?: boolean;
  /** Called with the number of resources registered so far, every {@link PROGRESS_EVERY}. */
  readonly onProgress?: (registered: number) => void;
  /** The program; it receives a function that drains outstanding registrations. */
  readonly program: (drain: () => Promise<void>) => Promise<Record<string, unknown> | void>;
}

/** Registrations between two progress reports. */
export const PROGRESS_EVERY = 2000;

/** Records registrations; answers them like the stock mock monitor, without keeping serialised state. */
class CaptureMonitor extends MockMonitor {
  readonly captured: CapturedResource[] = [];
  onProgress?: (registered: number) => void;
  private readonly components = new Map<string, CapturedResource>();

  constructor() {
    super({ newResource: mockState, call: mockCall });
  }

  override async registerResource(
    req: any,
    callback: (err: any, response: any) => void,
  ): Promise<void> {
    try {
      const type: string = req.getType();
      const name: string = req.getName();
      const parent: string = req.getParent();
      const provider: string = req.getProvider();
      const custom: boolean = req.getCustom();
      const inputs = deserializeProperties(req.getObject());
      const urn = newUrn(parent, type, name);
      const secretPaths: string[] = [];
      const record: CapturedResource = {
        urn,
        type,
        name,
        custom,
        parent: parent || undefined,
        provider: provider || undefined,
        inputs: redact(inputs, "", secretPaths) as Record<string, unknown>,
        secretPaths,
        dependencies: req.getDependenciesList(),
        protect: req.getProtect() === true,
      };
      this.captured.push(record);
      if (this.onProgress !== undefined && this.captured.length % PROGRESS_EVERY === 0) {
        this.onProgress(this.captured.length);
      }
      if (!custom) {
        this.components.set(urn, record);
      }
      const result = mockState({
        type,
        name,
        inputs,
        provider,
        custom,
        id: req.getImportid() || undefined,
      });
      const response = new RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(custom ? result.id : "");
      response.setObject(Struct.fromJavaScript(await serializeProperties("", result.state)));
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  override registerResourceOutputs(req: any, callback: (err: any, response: any) => void): void {
    const record = this.components.get(req.getUrn());
    if (record !== undefined && req.getOutputs()) {
      record.outputs = redact(deserializeProperties(req.getOutputs()), "", []) as Record<
        string,
        unknown
      >;
    }
    callback(null, {});
  }
}

/**
 * The URN the engine gives a resource: its type qualified by every ancestor's type except the root
 * stack's (`a:b:Comp$aws:s3/bucket:Bucket`), as in the engine's `resource.NewURN`.
 */
function newUrn(parent: string, type: string, name: string): string {
  let qualified = type;
  if (parent) {
    const parentType = parent.split("::")[2];
    if (parentType !== ROOT_STACK_TYPE) {
      qualified = `${parentType}$${type}`;
    }
  }
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/**
 * Replaces secret values with {@link REDACTED}, recording their paths. Works in place on values it
 * owns (freshly deserialised), so capture does not copy every resource's inputs.
 */
export function redact(value: unknown, path: string, secretPaths: string[]): unknown {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      value[i] = redact(value[i], `${path}[${i}]`, secretPaths);
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  if (obj[specialSigKey] === specialSecretSig) {
    secretPaths.push(path);
    return REDACTED;
  }
  for (const key of Object.keys(obj)) {
    obj[key] = redact(obj[key], path === "" ? key : `${path}.${key}`, secretPaths);
  }
  return obj;
}

/**
 * Runs `options.program` under the mock runtime, isolated from any other run in the process, and
 * returns every resource it registered. Errors of the program (a config error included) reject.
 */
export function captureProgram(options: CaptureOptions): Promise<Capture> {
  return options.isolated === false
    ? runCapture(options)
    : withLocalStorage(() => runCapture(options));
}

/** Formats no stack trace: offline, the source positions the SDK records per resource are unused. */
const noStackTrace = (): string => "";

async function runCapture(options: CaptureOptions): Promise<Capture> {
  await setMocks(
    { newResource: mockState, call: mockCall },
    options.project,
    options.stack,
    options.preview ?? false,
    "organization",
  );
  const monitor = new CaptureMonitor();
  monitor.onProgress = options.onProgress;
  setMockOptions(monitor, options.project, options.stack, options.preview ?? false, "organization");
  pulumi.runtime.setAllConfig({ ...options.config }, [...(options.secretKeys ?? [])]);

  // The SDK records a stack trace for every promise it tracks and every resource it registers; at
  // fleet scale capturing and formatting them (through source maps) dominates.
  const stackTraceLimit = Error.stackTraceLimit;
  const prepareStackTrace = Error.prepareStackTrace;
  if (!process.env.HAI_DEBUG) {
    Error.stackTraceLimit = 0;
    Error.prepareStackTrace = noStackTrace;
  }
  try {
    const drain = () => waitForRPCs();
    // The program's own error is kept and rethrown after draining: letting it reject the stack
    // resource would leave the SDK's derived promises rejecting with no one to handle them.
    let failure: { error: unknown } | undefined;
    const raw = await runInPulumiStack(async () => {
      try {
        return (await options.program(drain)) ?? {};
      } catch (error) {
        failure = { error };
        return {};
      }
    });
    await waitForRPCs();
    if (failure !== undefined) {
      throw failure.error;
    }
    const outputs = redact(raw ?? {}, "", []) as Record<string, unknown>;
    return { project: options.project, stack: options.stack, resources: monitor.captured, outputs };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    // The records are kept; the SDK's objects of the run can go (at fleet scale, hundreds of MB).
    setStackResource(undefined);
  }
}
