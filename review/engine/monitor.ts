/**
 * The ResourceMonitor and Engine services a Pulumi program talks to during `pulumi preview`, as hai's
 * offline engine serves them: every registration is recorded (URN built as the engine builds it,
 * inputs with secrets marked, parent, provider, dependencies, options, component outputs) and answered
 * with mock ids and outputs from the cloud stand-ins, so the program runs on as it would against the
 * clouds. Nothing here knows our components: any program's resources are recorded the same way.
 */
import type * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { CallResponse, InvokeResponse } from "@pulumi/pulumi/proto/provider_pb";
import {
  ReadResourceResponse,
  RegisterPackageResponse,
  RegisterResourceResponse,
  SupportsFeatureResponse,
  type ReadResourceRequest,
  type RegisterPackageRequest,
  type RegisterResourceOutputsRequest,
  type RegisterResourceRequest,
  type ResourceCallRequest,
  type ResourceInvokeRequest,
  type SupportsFeatureRequest,
} from "@pulumi/pulumi/proto/resource_pb";
import {
  GetRootResourceResponse,
  SetRootResourceResponse,
  type LogRequest,
  type SetRootResourceRequest,
} from "@pulumi/pulumi/proto/engine_pb";
import { mockCall, mockState } from "./mocks";
import type { CapturedResource, ResourceOptions } from "../../model/graph";
import { T } from "../../model/contracts";
import { jsToStruct, readProperties, structToJs } from "./wire";

/** Where recorded resources go: kept in memory, or streamed to disk (fleet scale). */
export interface ResourceSink {
  /** A registration, in the order the engine received it. */
  add(resource: CapturedResource): void;
  /** Outputs a component (or the stack) registered. */
  outputs(urn: string, outputs: Record<string, unknown>): void;
}

/** A message the program logged through the engine (`pulumi.log`, unhandled errors). */
export interface EngineLog {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  readonly urn?: string;
}

const SEVERITIES = ["debug", "info", "warning", "error"] as const;

/**
 * Features the monitor reports. As Pulumi's own mock monitor: output values off, so inputs arrive as
 * plain values with the unknown sentinel during preview. Transforms and hooks need the engine to call
 * back into the program; the offline engine does not, so it says so and the SDK reports their use.
 */
const FEATURES: Record<string, boolean> = {
  secrets: true,
  resourceReferences: true,
  outputValues: false,
  deletedWith: true,
  replaceWith: true,
  aliasSpecs: true,
  transforms: false,
  invokeTransforms: false,
  parameterization: true,
  resourceHooks: false,
  errorHooks: false,
};

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;
type Unary<Req, Res> = (call: { request: Req }, callback: Callback<Res>) => void;

/**
 * The URN the engine gives a resource: its type qualified by every ancestor's type except the root
 * stack's (`a:b:Comp$aws:s3/bucket:Bucket`), as the engine's `resource.NewURN` builds it.
 */
export function newUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  let qualified = type;
  if (parent) {
    const parentType = parent.split("::")[2];
    if (parentType !== undefined && parentType !== T.stack) {
      qualified = `${parentType}$${type}`;
    }
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The services' state for one program run. */

/** The cloud stand-ins' answer to an invoke or a method call: both name a token, args and a provider. */
function answerCall(req: ResourceInvokeRequest | ResourceCallRequest) {
  return jsToStruct(
    mockCall({
      token: req.getTok(),
      inputs: structToJs(req.getArgs()),
      provider: req.getProvider(),
    }),
  );
}

export class LocalEngine {
  /** Messages the program logged, debug ones aside. */
  readonly logs: EngineLog[] = [];
  rootUrn = "";
  registered = 0;
  /** Components whose outputs may still be registered, by URN. */
  private readonly components = new Set<string>();
  private readonly urns = new Set<string>();
  private readonly packages = new Map<string, string>();
  /** A duplicate URN or a registration the engine would refuse: the first such problem. */
  failure?: string;

  constructor(
    readonly project: string,
    readonly stack: string,
    private readonly sink: ResourceSink,
    /** Called for every log message as it arrives. */
    private readonly onLog?: (log: EngineLog) => void,
  ) {}

  /** Handlers of the ResourceMonitor service. */
  monitor(): grpc.UntypedServiceImplementation {
    return {
      supportsFeature: this.supportsFeature,
      registerResource: this.registerResource,
      registerResourceOutputs: this.registerResourceOutputs,
      readResource: this.readResource,
      invoke: this.invoke,
      call: this.call,
      registerPackage: this.registerPackage,
      signalAndWaitForShutdown: (_call: unknown, callback: Callback<Empty>) =>
        callback(null, new Empty()),
    };
  }

  /** Handlers of the Engine service. */
  engine(): grpc.UntypedServiceImplementation {
    return {
      log: this.log,
      getRootResource: (_call: unknown, callback: Callback<GetRootResourceResponse>) => {
        const res = new GetRootResourceResponse();
        res.setUrn(this.rootUrn);
        callback(null, res);
      },
      setRootResource: (
        call: { request: SetRootResourceRequest },
        callback: Callback<SetRootResourceResponse>,
      ) => {
        this.rootUrn = call.request.getUrn();
        callback(null, new SetRootResourceResponse());
      },
    };
  }

  private readonly supportsFeature: Unary<SupportsFeatureRequest, SupportsFeatureResponse> = (
    call,
    callback,
  ) => {
    const res = new SupportsFeatureResponse();
    res.setHassupport(FEATURES[call.request.getId()] === true);
    callback(null, res);
  };

  private readonly log: Unary<LogRequest, Empty> = (call, callback) => {
    const severity = SEVERITIES[call.request.getSeverity()] ?? "info";
    if (severity === "debug") {
      // Pulumi's runtime sends several per resource ("RegisterResource RPC prepared: ..."); the CLI
      // shows them only with --verbose, a review never: kept, they would grow with the program.
      callback(null, new Empty());
      return;
    }
    const entry: EngineLog = {
      severity,
      message: call.request.getMessage(),
      ...(call.request.getUrn() ? { urn: call.request.getUrn() } : {}),
    };
    this.logs.push(entry);
    this.onLog?.(entry);
    callback(null, new Empty());
  };

  private readonly registerResource: Unary<RegisterResourceRequest, RegisterResourceResponse> = (
    call,
    callback,
  ) => {
    try {
      const req = call.request;
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent();
      const custom = req.getCustom();
      const raw = structToJs(req.getObject());
      const urn = newUrn(this.stack, this.project, parent, type, name);
      if (this.urns.has(urn)) {
        // The engine refuses a second resource with the same URN.
        const message = `Duplicate resource URN '${urn}'; try giving it a unique name`;
        this.failure ??= message;
        callback({
          code: 2,
          details: message,
          message,
          name: "Error",
          metadata: undefined as never,
        });
        return;
      }
      this.urns.add(urn);
      const importId = req.getImportid();
      const { id, state } = mockState({
        type,
        name,
        inputs: raw,
        provider: req.getProvider(),
        custom,
        id: importId || undefined,
      });
      this.record(req, urn, raw, custom ? id : undefined);
      const res = new RegisterResourceResponse();
      res.setUrn(urn);
      res.setId(custom ? id : "");
      res.setObject(jsToStruct(state));
      callback(null, res);
    } catch (err) {
      callback(asServiceError(err));
    }
  };

  private record(
    req: RegisterResourceRequest,
    urn: string,
    raw: Record<string, unknown>,
    id: string | undefined,
  ): void {
    const read = readProperties(raw);
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      const list = deps.getUrnsList();
      if (list.length > 0) {
        propertyDependencies[key] = list;
      }
    });
    const custom = req.getCustom();
    const resource: CapturedResource = {
      urn,
      type: req.getType(),
      name: req.getName(),
      custom,
      ...(req.getParent() ? { parent: req.getParent() } : {}),
      ...(req.getProvider() ? { provider: req.getProvider() } : {}),
      ...(id !== undefined ? { id } : {}),
      inputs: read.value,
      secretPaths: read.secretPaths,
      ...(read.unknownPaths.length > 0 ? { unknownPaths: read.unknownPaths } : {}),
      dependencies: req.getDependenciesList(),
      ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
      protect: req.getProtect() === true,
      ...optionsOf(req),
    };
    if (!custom) {
      this.components.add(urn);
    }
    this.registered++;
    this.sink.add(resource);
  }

  private readonly registerResourceOutputs: Unary<RegisterResourceOutputsRequest, Empty> = (
    call,
    callback,
  ) => {
    const urn = call.request.getUrn();
    if (this.components.has(urn)) {
      const outputs = readProperties(structToJs(call.request.getOutputs())).value;
      this.sink.outputs(urn, outputs);
    }
    callback(null, new Empty());
  };

  private readonly readResource: Unary<ReadResourceRequest, ReadResourceResponse> = (
    call,
    callback,
  ) => {
    try {
      const req = call.request;
      const urn = newUrn(this.stack, this.project, req.getParent(), req.getType(), req.getName());
      const raw = structToJs(req.getProperties());
      const { id, state } = mockState({
        type: req.getType(),
        name: req.getName(),
        inputs: raw,
        provider: req.getProvider(),
        custom: true,
        id: req.getId(),
      });
      const read = readProperties(raw);
      this.registered++;
      this.sink.add({
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: true,
        ...(req.getParent() ? { parent: req.getParent() } : {}),
        ...(req.getProvider() ? { provider: req.getProvider() } : {}),
        id,
        read: true,
        inputs: read.value,
        secretPaths: read.secretPaths,
        dependencies: req.getDependenciesList(),
        protect: false,
      });
      const res = new ReadResourceResponse();
      res.setUrn(urn);
      res.setProperties(jsToStruct(state));
      callback(null, res);
    } catch (err) {
      callback(asServiceError(err));
    }
  };

  private readonly invoke: Unary<ResourceInvokeRequest, InvokeResponse> = (call, callback) => {
    try {
      const res = new InvokeResponse();
      res.setReturn(answerCall(call.request));
      callback(null, res);
    } catch (err) {
      callback(asServiceError(err));
    }
  };

  private readonly call: Unary<ResourceCallRequest, CallResponse> = (call, callback) => {
    try {
      const res = new CallResponse();
      res.setReturn(answerCall(call.request));
      callback(null, res);
    } catch (err) {
      callback(asServiceError(err));
    }
  };

  private readonly registerPackage: Unary<RegisterPackageRequest, RegisterPackageResponse> = (
    call,
    callback,
  ) => {
    const req = call.request;
    const key = `${req.getName()}@${req.getVersion()}:${req.getParameterization()?.getName() ?? ""}`;
    let ref = this.packages.get(key);
    if (ref === undefined) {
      ref = `package-${this.packages.size + 1}`;
      this.packages.set(key, ref);
    }
    const res = new RegisterPackageResponse();
    res.setRef(ref);
    callback(null, res);
  };
}

function optionsOf(req: RegisterResourceRequest): { options?: ResourceOptions } {
  const o: Record<string, unknown> = {};
  if (req.getRetainondelete() === true) {
    o.retainOnDelete = true;
  }
  if (req.getDeletebeforereplacedefined() && req.getDeletebeforereplace()) {
    o.deleteBeforeReplace = true;
  }
  const lists = {
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
  };
  for (const [key, list] of Object.entries(lists)) {
    if (list.length > 0) {
      o[key] = list;
    }
  }
  if (req.getDeletedwith()) {
    o.deletedWith = req.getDeletedwith();
  }
  const aliases = req.getAliasesList().length + req.getAliasurnsList().length;
  if (aliases > 0) {
    o.aliases = aliases;
  }
  if (req.getImportid()) {
    o.importId = req.getImportid();
  }
  const timeouts = req.getCustomtimeouts();
  if (timeouts !== undefined) {
    const t = {
      ...(timeouts.getCreate() ? { create: timeouts.getCreate() } : {}),
      ...(timeouts.getUpdate() ? { update: timeouts.getUpdate() } : {}),
      ...(timeouts.getDelete() ? { delete: timeouts.getDelete() } : {}),
    };
    if (Object.keys(t).length > 0) {
      o.customTimeouts = t;
    }
  }
  const providers: Record<string, string> = {};
  req.getProvidersMap().forEach((ref, pkg) => {
    providers[pkg] = ref;
  });
  if (Object.keys(providers).length > 0) {
    o.providers = providers;
  }
  return Object.keys(o).length > 0 ? { options: o as ResourceOptions } : {};
}

function asServiceError(err: unknown): grpc.ServiceError {
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 13,
    details: message,
    message,
    name: "Error",
    metadata: undefined as never,
  } as grpc.ServiceError;
}
