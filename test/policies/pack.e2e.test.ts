/**
 * The policy pack as the Pulumi CLI runs it: Pulumi's own policy-pack runner starts policies/index.ts
 * (ts-node, the pack's tsconfig), the test talks to its gRPC analyzer as the CLI does (configure with
 * `hai policy-config` output, then analyze), and checks the findings match hai's in-process ones.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  PolicyConfig,
  EnforcementLevel,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../review/policy/evaluate";
import { guardrailPolicies } from "../../policies/registry";
import { ROOT, eksPool, hai, res } from "../support";
let child: ChildProcess | undefined;
let client: AnalyzerClient;

const LEVELS: Record<string, EnforcementLevel> = {
  advisory: EnforcementLevel.ADVISORY,
  mandatory: EnforcementLevel.MANDATORY,
  disabled: EnforcementLevel.DISABLED,
};

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."],
    {
      cwd: path.join(ROOT, "policies"),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    child!.stdout!.on("data", (d: Buffer) => {
      const m = /^(\d+)\s*$/m.exec(d.toString());
      if (m) {
        resolve(m[1]);
      }
    });
    child!.on("exit", (code) => reject(new Error(`policy pack exited ${code}: ${stderr}`)));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  // What `pulumi preview --policy-config <(hai policy-config --stack prod)` hands the pack.
  const out = await hai(["policy-config", "--stack", "prod"]);
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
}, 180_000);

afterAll(() => {
  client?.close();
  if (child?.pid !== undefined) {
    process.kill(child.pid);
  }
});

function analyze(
  r: ReturnType<typeof res>,
): Promise<Array<{ policy: string; message: string; level: number }>> {
  const req = new AnalyzeRequest();
  req.setType(r.type);
  req.setName(r.name);
  req.setUrn(r.urn);
  req.setProperties(Struct.fromJavaScript(r.inputs as never));
  req.setOptions(new AnalyzerResourceOptions());
  return new Promise((resolve, reject) =>
    client.analyze(req, (err, resp) =>
      err
        ? reject(err)
        : resolve(
            resp.getDiagnosticsList().map((d) => ({
              policy: d.getPolicyname(),
              message: d.getMessage(),
              level: d.getEnforcementlevel(),
            })),
          ),
    ),
  );
}

describe("pulumi preview --policy-pack policies", () => {
  it("serves the pack and reports the same finding as hai review", async () => {
    const pool = eksPool({}, { "hybrid-ai/zones": "us-east-1a" });
    const viaCli = await analyze(pool);
    expect(viaCli).toEqual([
      {
        policy: "redundancy-pool-require-multi-zone",
        message:
          "Prod GPU pools span at least two zones.\nGPU pool aws-use1-infer-l4 runs in 1 zone (us-east-1a); prod pools need at least 2",
        level: EnforcementLevel.MANDATORY,
      },
    ]);
    const inProcess = await evaluatePolicies({
      resources: [pool],
      policies: guardrailPolicies,
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
    expect(await analyze(train)).toEqual([]);
  });
  it("leaves the secret check to hai: the CLI hands policies decrypted values", async () => {
    expect(
      await analyze(res("pulumi:providers:kubernetes", "edge", { kubeconfig: "apiVersion: v1" })),
    ).toEqual([]);
  });
});
