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
import { deserializeProperties, serializeProperties, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { mockCall, mockState } from "./mocks";
import { waitForRPCs, withLocalStorage } from "./sdkInternals";

/** What a redacted secret reads as in captured inputs and every report. */
export const REDACTED = "[secret]";

/** One registered resource. */
export interface CapturedResource {
  readonly urn: string;
  /** Type token, e.g. `aws:eks/nodeGroup:NodeGroup`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Whether a provider manages it (false for components). */
  readonly custom: boolean;
  /** URN of the parent, when it has one. */
  readonly parent?: string;
  /** Provider reference `<provider urn>::<id>`, when one is set. */
  readonly provider?: string;
  /** Inputs as the program gave them; secret values read {@link REDACTED}. */
  readonly inputs: Record<string, unknown>;
  /** Property paths (`kubeconfig`, `data.token`) whose values were secret. */
  readonly secretPaths: readonly string[];
  /** URNs this resource depends on. */
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  /**
   * Outputs a component registered (`registerOutputs`), secrets redacted. Stack policies read these,
   * as the CLI's stack validation sees outputs.
   */
  outputs?: Record<string, unknown>;
}

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
  /** The program; it receives a function that drains outstanding registrations. */
  readonly program: (drain: () => Promise<void>) => Promise<Record<string, unknown> | void>;
}

/** Records registrations; answers them like the stock mock monitor, without keeping serialised state. */
class CaptureMonitor extends MockMonitor {
  readonly captured: CapturedResource[] = [];
  private readonly components = new Map<string, CapturedResource>();

  constructor() {
    super({ newResource: mockState, call: mockCall });
  }

  override async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
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
      if (!custom) {
        this.components.set(urn, record);
      }
      const result = mockState({ type, name, inputs, provider, custom, id: req.getImportid() || undefined });
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
      record.outputs = redact(deserializeProperties(req.getOutputs()), "", []) as Record<string, unknown>;
    }
    callback(null, {});
  }
}

function newUrn(parent: string, type: string, name: string): string {
  let qualified = type;
  if (parent) {
    const parentType = parent.split("::")[2].split("$").pop();
    qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** Replaces secret values with {@link REDACTED}, recording their paths. */
export function redact(value: unknown, path: string, secretPaths: string[]): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => redact(v, `${path}[${i}]`, secretPaths));
  }
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[specialSigKey] === specialSecretSig) {
      secretPaths.push(path);
      return REDACTED;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      out[k] = redact(v, path === "" ? k : `${path}.${k}`, secretPaths);
    }
    return out;
  }
  return value;
}

/**
 * Runs `options.program` under the mock runtime, isolated from any other run in the process, and
 * returns every resource it registered. Errors of the program (a config error included) reject.
 */
export function captureProgram(options: CaptureOptions): Promise<Capture> {
  return withLocalStorage(async () => {
    await setMocks({ newResource: mockState, call: mockCall }, options.project, options.stack, options.preview ?? false, "organization");
    const monitor = new CaptureMonitor();
    setMockOptions(monitor, options.project, options.stack, options.preview ?? false, "organization");
    pulumi.runtime.setAllConfig({ ...options.config }, [...(options.secretKeys ?? [])]);

    // The SDK records a stack trace for every promise it tracks; at fleet scale that dominates.
    const stackTraceLimit = Error.stackTraceLimit;
    if (!process.env.HAI_DEBUG) {
      Error.stackTraceLimit = 0;
    }
    try {
      const drain = () => waitForRPCs();
      // A program that throws inside the stack leaves the SDK's output promises rejected with no
      // handler, which kills the process; catch it here and rethrow once registrations settled.
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
    }
  });
}
