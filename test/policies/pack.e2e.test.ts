/**
 * The policy pack as `pulumi preview --policy-pack policies` runs it: the nodejs language host's way of
 * starting a pack (the pack's own `@pulumi/pulumi/cmd/run-policy-pack`, its own process and tsconfig,
 * the stack's project, stack and config in its environment), spoken to over the analyzer gRPC protocol
 * as the CLI does: configure with `hai policy-config` output, analyze each resource, analyze the stack.
 * Fed the resources hai's offline engine recorded for a stack that breaks guardrails, it finds what
 * `hai review` finds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  PolicyConfig,
  EnforcementLevel,
  type AnalyzeResponse,
  type AnalyzeStackRequest,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyzerRequests,
  diagnostics,
  evaluatePolicies,
  type Diagnostic,
} from "../../review/policy/evaluate";
import { runGuardrails } from "../../review/policy/guardrails";
import { LocalEngine } from "../../review/engine/monitor";
import { serveEngine } from "../../review/engine/run";
import { MemorySink } from "../../review/engine/sink";
import { findProject, stackConfigMap } from "../../review/run/project";
import { runStackOffline, type OfflineRun } from "../../review/run/stack";
import { guardrailPolicies } from "../../policies/registry";
import { FIXTURE_STACKS, ROOT, eksPool, hai, res } from "../support";

const PACK = path.join(ROOT, "policies");
/** Our program on a stack that breaks guardrails (test/fixtures/stacks/Pulumi.bad.yaml). */
const BAD = FIXTURE_STACKS;
let child: ChildProcess | undefined;
let engineServer: grpc.Server | undefined;
let client: AnalyzerClient;
let bad: OfflineRun;

const LEVELS: Record<string, EnforcementLevel> = {
  advisory: EnforcementLevel.ADVISORY,
  mandatory: EnforcementLevel.MANDATORY,
  disabled: EnforcementLevel.DISABLED,
};

/** Starts the pack as the nodejs language host's RunPlugin does for an analyzer; resolves its port. */
async function startPack(engineAddress: string): Promise<string> {
  const project = findProject(BAD);
  const { config } = stackConfigMap(project, "bad");
  const runner = createRequire(path.join(PACK, "noop.js")).resolve(
    "@pulumi/pulumi/cmd/run-policy-pack",
  );
  child = spawn(process.execPath, [runner, engineAddress, PACK], {
    cwd: PACK,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PULUMI_NODEJS_TYPESCRIPT: "true",
      PULUMI_NODEJS_ORGANIZATION: "organization",
      PULUMI_NODEJS_PROJECT: project.name,
      PULUMI_NODEJS_STACK: "bad",
      PULUMI_NODEJS_DRY_RUN: "true",
      PULUMI_CONFIG: JSON.stringify(config),
    },
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise<string>((resolve, reject) => {
    child!.stdout!.on("data", (d: Buffer) => {
      const m = /^(\d+)\s*$/m.exec(d.toString());
      if (m) {
        resolve(m[1]);
      }
    });
    child!.on("exit", (code) => reject(new Error(`policy pack exited ${code}: ${stderr}`)));
  });
}

/** What `pulumi preview --policy-config <(hai policy-config --stack X)` hands the pack. */
async function configure(stack: string, cwd: string): Promise<void> {
  const out = await hai(["policy-config", "--stack", stack, "--cwd", cwd]);
  expect(out.code).toBe(0);
  const config = JSON.parse(out.stdout) as Record<string, Record<string, unknown>>;
  const req = new ConfigureAnalyzerRequest();
  for (const [name, { enforcementLevel, ...props }] of Object.entries(config)) {
    const pc = new PolicyConfig();
    pc.setEnforcementlevel(LEVELS[String(enforcementLevel)]);
    pc.setProperties(Struct.fromJavaScript(props as never));
    req.getPolicyconfigMap().set(name, pc);
  }
  await new Promise<void>((resolve, reject) =>
    client.configure(req, (err) => (err ? reject(err) : resolve())),
  );
}

beforeAll(async () => {
  const engine = new LocalEngine("hybrid-ai", "bad", new MemorySink());
  const served = await serveEngine(engine);
  engineServer = served.server;
  const [port, run] = await Promise.all([
    startPack(served.address),
    runStackOffline({ stack: "bad", project: findProject(BAD) }),
  ]);
  bad = run;
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  await configure("bad", BAD);
}, 180_000);

afterAll(() => {
  client?.close();
  if (child?.pid !== undefined) {
    process.kill(child.pid);
  }
  engineServer?.forceShutdown();
});

const descriptions = new Map(guardrailPolicies.map((p) => [p.name, p.description]));

function analyze(req: AnalyzeRequest): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) =>
    client.analyze(req, (err, resp: AnalyzeResponse) =>
      err ? reject(err) : resolve(diagnostics(resp, descriptions, req.getUrn())),
    ),
  );
}

function analyzeStack(req: AnalyzeStackRequest): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) =>
    client.analyzeStack(req, (err, resp: AnalyzeResponse) =>
      err ? reject(err) : resolve(diagnostics(resp, descriptions)),
    ),
  );
}

function request(r: ReturnType<typeof res>): AnalyzeRequest {
  const req = new AnalyzeRequest();
  req.setType(r.type);
  req.setName(r.name);
  req.setUrn(r.urn);
  req.setProperties(Struct.fromJavaScript(r.inputs as never));
  req.setOptions(new AnalyzerResourceOptions());
  return req;
}

const key = (d: { policy: string; urn?: string; message: string }) =>
  `${d.policy} ${d.urn ?? "(stack)"}: ${d.message}`;

describe("pulumi preview --policy-pack policies", () => {
  it("finds in the engine's resources what hai review finds, resource and stack policies alike", async () => {
    const requests = analyzerRequests(bad.capture.resources);
    const viaPack: Diagnostic[] = [];
    for (const req of requests.resources) {
      viaPack.push(...(await analyze(req)));
    }
    viaPack.push(...(await analyzeStack(requests.stack)));
    const review = await runGuardrails({
      resources: bad.capture.resources,
      stack: "bad",
      values: bad.values,
      config: bad.config!,
      locator: bad.locator,
      today: "2026-11-30",
    });
    // The review's own rules (waivers) are not the pack's; waived findings are still the pack's.
    const fromReview = review.violations.filter((v) => v.area !== "policy");
    expect(viaPack.length).toBeGreaterThanOrEqual(5);
    expect(viaPack.map(key).sort()).toEqual(fromReview.map(key).sort());
  });
});

describe("pulumi preview --policy-pack policies, with the prod stack's settings", () => {
  beforeAll(() => configure("prod", ROOT), 60_000);

  it("serves the pack and reports the same finding as hai review", async () => {
    const pool = eksPool({}, { "hybrid-ai/zones": "us-east-1a" });
    const viaCli = await analyze(request(pool));
    expect(viaCli).toEqual([
      {
        policy: "redundancy-pool-require-multi-zone",
        enforcement: "mandatory",
        message:
          "GPU pool aws-use1-infer-l4 runs in 1 zone (us-east-1a); prod pools need at least 2",
        urn: pool.urn,
      },
    ]);
    // The CLI's analyze call runs the resource policies; stack policies answer analyzeStack.
    const inProcess = await evaluatePolicies({
      resources: [pool],
      policies: guardrailPolicies.filter((p) => "validateResource" in p),
      config: { "redundancy-pool-require-multi-zone": { environment: "prod" } },
    });
    expect(inProcess.map((d) => `${d.policy}: ${d.message}`)).toEqual([
      "redundancy-pool-require-multi-zone: GPU pool aws-use1-infer-l4 runs in 1 zone (us-east-1a); prod pools need at least 2",
    ]);
  });

  it("applies the stack's settings from the policy config (exemptPools)", async () => {
    const train = {
      ...eksPool({ scalingConfig: { minSize: 0, maxSize: 2 } }),
      name: "aws-use1-train-h100",
    };
    expect(await analyze(request(train))).toEqual([]);
  });

  it("leaves the secret check to hai: the CLI hands policies decrypted values", async () => {
    expect(
      await analyze(
        request(res("pulumi:providers:kubernetes", "edge", { kubeconfig: "apiVersion: v1" })),
      ),
    ).toEqual([]);
  });
});
