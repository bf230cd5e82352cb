/**
 * Runs guardrail policies in-process through @pulumi/policy's own analyzer handlers, the code the
 * Pulumi CLI calls over gRPC: enforcement levels, `notApplicable` and values unknown during a preview
 * behave exactly as under `pulumi preview --policy-pack`.
 *
 * `makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` are internal to @pulumi/policy (pinned in
 * package.json): they are checked on load, and test/policies/internals.test.ts fails loudly if they
 * move. The PolicyPack class is never constructed here (it starts a server and exits the process on a
 * second instance).
 *
 * The handlers read per-policy config from a module variable only the gRPC `configure` call sets, so
 * each policy is handed over as a copy with its enforcement level set and `getConfig` returning the
 * stack's settings: the same values `hai policy-config` gives the CLI.
 */
import {
  AnalyzeRequest,
  AnalyzeStackRequest,
  AnalyzerProviderResource,
  AnalyzerResource,
  AnalyzerResourceOptions,
  EnforcementLevel as EnforcementLevelProto,
  type AnalyzeResponse,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type {
  EnforcementLevel,
  Policy,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { providerUrn, type ResourceLike } from "../../model/readers/pools";
import type { GuardrailPolicy } from "../../policies/types";

type Handler = (
  call: { request: unknown },
  callback: (err: unknown, resp?: AnalyzeResponse) => void,
) => void;
type MakeHandler = (
  packName: string,
  packVersion: string,
  packLevel: EnforcementLevel,
  policies: Policy[],
) => Handler;

/* eslint-disable @typescript-eslint/no-require-imports */
const server = require("@pulumi/policy/server") as {
  makeAnalyzeRpcFun?: MakeHandler;
  makeAnalyzeStackRpcFun?: MakeHandler;
};

function required(fn: MakeHandler | undefined, what: string): MakeHandler {
  if (typeof fn !== "function") {
    throw new Error(
      `@pulumi/policy no longer exports ${what}; hai needs the pinned @pulumi/policy version (see package.json)`,
    );
  }
  return fn;
}

/** The analyzer handler factories of @pulumi/policy. */
export const analyzerInternals = {
  makeAnalyzeRpcFun: required(server.makeAnalyzeRpcFun, "server.makeAnalyzeRpcFun"),
  makeAnalyzeStackRpcFun: required(server.makeAnalyzeStackRpcFun, "server.makeAnalyzeStackRpcFun"),
};

/** The pack name the violations carry, as under the CLI. */
export const PACK_NAME = "hybrid-ai-guardrails";

/** A resource to evaluate: what the analysis reads, plus what the CLI would tell policies. */
export interface EvaluatedResource extends ResourceLike {
  readonly dependencies?: readonly string[];
  readonly protect?: boolean;
  /** Component outputs (stack policies see outputs). */
  readonly outputs?: Record<string, unknown>;
}

/** One diagnostic, as the analyzer returned it. */
export interface Diagnostic {
  readonly policy: string;
  readonly enforcement: "advisory" | "mandatory";
  /** The message the policy reported, without the policy's description in front. */
  readonly message: string;
  readonly urn?: string;
}

export interface EvaluateOptions {
  readonly resources: readonly EvaluatedResource[];
  readonly policies: readonly GuardrailPolicy[];
  /** Per-policy config, CrossGuard shape: `{ enforcementLevel?, ...settings }`. */
  readonly config?: Record<string, Record<string, unknown>>;
  readonly packVersion?: string;
  /**
   * Send real protobuf Structs, as the CLI does, instead of {@link DecodedStruct}s; slower, for the
   * test that the two agree.
   * @default false
   */
  readonly protobufStructs?: boolean;
}

const LEVEL_NAMES = new Map<number, string>(
  Object.entries(EnforcementLevelProto).map(([name, value]) => [
    value as number,
    name.toLowerCase(),
  ]),
);

/** JSON values only: protobuf Structs take no `undefined`, functions or class instances. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
}

/**
 * A protobuf Struct already decoded. The analyzer decodes a resource's properties again for every
 * policy (and the stack handler every resource for every stack policy); for JSON values the protobuf
 * round trip is the identity, so this hands the handlers the decoded value without re-decoding it.
 * The handlers copy what they read (`deserializeProperties`), so sharing the value is safe.
 * test/policies/internals.test.ts checks the findings equal those of real Structs.
 */
export class DecodedStruct extends Struct {
  constructor(private readonly decoded: Record<string, unknown>) {
    super();
  }

  override toJavaScript(): { [key: string]: any } {
    return this.decoded;
  }
}

/**
 * Captured and file-read properties are JSON values already (they come out of protobuf or a JSON
 * file), so they are handed over as they are, without a copy.
 */
function decodedStruct(value: unknown): Struct {
  return new DecodedStruct((value ?? {}) as Record<string, unknown>);
}

/** A real protobuf Struct, as the CLI sends it; for tests comparing the two. */
export function protobufStruct(value: unknown): Struct {
  return Struct.fromJavaScript(plain(value) as never);
}

/** A copy of the policy with its enforcement level and settings, as the CLI would configure it. */
function configured(policy: GuardrailPolicy, config: Record<string, unknown> | undefined): Policy {
  const { enforcementLevel, ...settings } = config ?? {};
  const level =
    (enforcementLevel as EnforcementLevel | undefined) ?? policy.enforcementLevel ?? "advisory";
  const getConfig = <T>() => ({ ...settings }) as T;
  if ("validateResource" in policy && policy.validateResource !== undefined) {
    const original = policy as ResourceValidationPolicy;
    const vs = Array.isArray(original.validateResource)
      ? original.validateResource
      : [original.validateResource!];
    const wrapped: ResourceValidationPolicy = {
      ...original,
      enforcementLevel: level,
      validateResource: vs.map((v) => (args, report) => v({ ...args, getConfig }, report)),
    };
    return wrapped;
  }
  const original = policy as StackValidationPolicy;
  const wrapped: StackValidationPolicy = {
    ...original,
    enforcementLevel: level,
    validateStack: (args, report) => original.validateStack({ ...args, getConfig }, report),
  };
  return wrapped;
}

function options(r: EvaluatedResource): AnalyzerResourceOptions {
  const opts = new AnalyzerResourceOptions();
  opts.setProtect(r.protect ?? false);
  if (r.parent !== undefined) {
    opts.setParent(r.parent);
  }
  return opts;
}

/** The provider of a resource as the analyzer sees it; built once per provider. */
function providerOf(
  r: EvaluatedResource,
  byUrn: Map<string, EvaluatedResource>,
  built: Map<string, AnalyzerProviderResource>,
  struct: (value: unknown) => Struct,
): AnalyzerProviderResource | undefined {
  const urn = providerUrn(r.provider);
  const p = urn === undefined ? undefined : byUrn.get(urn);
  if (p === undefined) {
    return undefined;
  }
  let provider = built.get(p.urn);
  if (provider === undefined) {
    provider = new AnalyzerProviderResource();
    provider.setType(p.type);
    provider.setName(p.name);
    provider.setUrn(p.urn);
    provider.setProperties(struct(p.inputs));
    built.set(p.urn, provider);
  }
  return provider;
}

/** A policy that throws: a bug in the pack, reported without the library's stack trace (HAI_DEBUG shows it). */
export class PolicyEvaluationError extends Error {
  constructor(readonly detail: string) {
    const lines = detail.split("\n").filter((l) => l.trim() !== "" && !/^\s+at /.test(l));
    super(`policy evaluation failed: ${lines.slice(0, 3).join(" ")}`);
    this.name = "PolicyEvaluationError";
    if (process.env.HAI_DEBUG) {
      this.stack = detail;
    }
  }
}

function call(handler: Handler, request: unknown): Promise<AnalyzeResponse> {
  return new Promise((resolve, reject) => {
    handler({ request }, (err, resp) =>
      err
        ? reject(new PolicyEvaluationError(err instanceof Error ? err.message : String(err)))
        : resolve(resp!),
    );
  });
}

function diagnostics(
  resp: AnalyzeResponse,
  descriptions: Map<string, string>,
  fallbackUrn?: string,
): Diagnostic[] {
  return resp.getDiagnosticsList().map((d) => {
    const description = descriptions.get(d.getPolicyname()) ?? d.getDescription();
    let message = d.getMessage();
    if (message.startsWith(`${description}\n`)) {
      message = message.slice(description.length + 1);
    }
    const level =
      LEVEL_NAMES.get(d.getEnforcementlevel()) === "mandatory" ? "mandatory" : "advisory";
    return {
      policy: d.getPolicyname(),
      enforcement: level,
      message,
      urn: d.getUrn() || fallbackUrn,
    };
  });
}

/**
 * Evaluates every policy on every resource (resource policies) and on the whole set (stack
 * policies), returning the analyzer's diagnostics in resource order.
 */
export async function evaluatePolicies(options_: EvaluateOptions): Promise<Diagnostic[]> {
  // `notApplicable` throws an Error per resource; capturing their stacks dominates at fleet scale.
  const stackTraceLimit = Error.stackTraceLimit;
  if (!process.env.HAI_DEBUG) {
    Error.stackTraceLimit = 0;
  }
  try {
    return await evaluate(options_);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

async function evaluate(options_: EvaluateOptions): Promise<Diagnostic[]> {
  const struct = options_.protobufStructs ? protobufStruct : decodedStruct;
  const policies = options_.policies.map((p) => configured(p, options_.config?.[p.name]));
  const descriptions = new Map(options_.policies.map((p) => [p.name, p.description]));
  const version = options_.packVersion ?? "0.1.0";
  const analyze = analyzerInternals.makeAnalyzeRpcFun(PACK_NAME, version, "advisory", policies);
  const analyzeStack = analyzerInternals.makeAnalyzeStackRpcFun(
    PACK_NAME,
    version,
    "advisory",
    policies,
  );
  const resources = options_.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const providers = new Map<string, AnalyzerProviderResource>();
  const out: Diagnostic[] = [];
  const stackResources: AnalyzerResource[] = [];

  for (const r of resources) {
    const properties = struct(r.inputs);
    const opts = options(r);
    const provider = providerOf(r, byUrn, providers, struct);
    const req = new AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(properties);
    req.setOptions(opts);
    if (provider !== undefined) {
      req.setProvider(provider);
    }
    out.push(...diagnostics(await call(analyze, req), descriptions, r.urn));

    // The stack request sees outputs too (components registered theirs); the inputs' Struct serves
    // when there are none.
    const ar = new AnalyzerResource();
    ar.setType(r.type);
    ar.setName(r.name);
    ar.setUrn(r.urn);
    ar.setProperties(r.outputs === undefined ? properties : struct({ ...r.inputs, ...r.outputs }));
    ar.setOptions(opts);
    if (r.parent !== undefined) {
      ar.setParent(r.parent);
    }
    ar.setDependenciesList([...(r.dependencies ?? [])]);
    if (provider !== undefined) {
      ar.setProvider(provider);
    }
    stackResources.push(ar);
  }

  const stackReq = new AnalyzeStackRequest();
  stackReq.setResourcesList(stackResources);
  out.push(...diagnostics(await call(analyzeStack, stackReq), descriptions));
  return out;
}
