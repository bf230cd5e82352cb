/**
 * Schedules and edge sites in the stack config: every problem at once with file:line, and `hai review`
 * end to end on the edge-retail and dev stacks and on a broken stack.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "../stacks/config/problems";
import { readStackFile } from "../stacks/config/parse";
import { validateStackConfig } from "../stacks/config/validate";

const ROOT = path.resolve(__dirname, "..");
const HAI = path.join(ROOT, "bin", "hai.js");

const BAD = `config:
  hybrid-ai:environment: dev
  hybrid-ai:owner: ml-platform
  hybrid-ai:costCenter: cc-4711
  hybrid-ai:schedules:
    office-hours:
      timezone: Europe/Berlln
      on: ["Mon-Fry 07:00-19:00", "Sat 25:00-26:00"]
      holidays: ["2026-12-24"]
    late:
      timezone: UTC
      on: ["Mon 22:00-02:00"]
      holdays: ["2026-12-24"]
  hybrid-ai:clusters:
    - name: aws-use1
      cloud: aws
      region: us-east-1
      existingClusterName: ml-dev
      subnetIds: [subnet-0a1]
      gpuPools:
        - name: dev-l4
          gpu: l4
          minNodes: 0
          maxNodes: 2
          zones: [us-east-1a]
          schedule: ofice-hours
  hybrid-ai:edgeSites:
    - name: store-01
      kubeconfig: "apiVersion: v1 plain-text-credentials"
      location: eu-central
      hardware: nvidia-l4
      schedule: office-hour
      models:
        - name: chat
          server: vllm
          image: vllm/vllm-openai:latest
          model: meta-llama/Llama-3.1-8B-Instruct
          revision: 0e9e39f
          autoscaling: { minReplicas: 3, maxReplicas: 2, queueDepthTarget: 5 }
        - name: vision
          server: tgi
          image: ghcr.io/huggingface/text-generation-inference
          model: org/model
          revision: abcdef1
        - name: qa
          server: llamacpp
          image: ghcr.io/ggml-org/llama.cpp
          model: a/b/c.gguf
          revision: abcdef1
          replica: 2
`;

const lineOf = (text: string, from = 0) =>
  BAD.split("\n").findIndex((l, i) => i >= from && l.includes(text)) + 1;

describe("stack config of schedules and edge sites", () => {
  const file = readStackFile("stacks/Pulumi.bad.yaml", "bad", BAD);
  const result = validateStackConfig(file.values, file.locator);
  const messages = result.problems.map(formatConfigProblem);

  it("reports every problem at once, each at its file and line", () => {
    const expected: Array<[number, string]> = [
      [
        lineOf("timezone: Europe/Berlln"),
        'hybrid-ai:schedules.office-hours.timezone must be an IANA time zone name like Europe/Berlin or America/New_York (got "Europe/Berlln")',
      ],
      [
        lineOf("Mon-Fry"),
        'hybrid-ai:schedules.office-hours.on[0] unknown day "Fry": days are Mon, Tue, Wed, Thu, Fri, Sat, Sun (did you mean "Fri"?)',
      ],
      [
        lineOf("Mon-Fry"),
        'hybrid-ai:schedules.office-hours.on[1] hour must be 00-24 (got "25:00")',
      ],
      [
        lineOf("holdays"),
        'hybrid-ai:schedules.late.holdays is not a known key; did you mean "holidays"? Allowed: timezone, on, holidays',
      ],
      [
        lineOf("schedule: ofice-hours"),
        'hybrid-ai:clusters[0].gpuPools[0].schedule names no schedule "ofice-hours"; did you mean "office-hours"? Schedules: office-hours, late',
      ],
      [
        lineOf("kubeconfig:"),
        "hybrid-ai:edgeSites[0].kubeconfig must be a secret, not plain text in the stack file: pulumi config set --secret --path 'edgeSites[0].kubeconfig' < kubeconfig",
      ],
      [
        lineOf("schedule: office-hour", 30),
        'hybrid-ai:edgeSites[0].schedule names no schedule "office-hour"; did you mean "office-hours"? Schedules: office-hours, late',
      ],
      [
        lineOf("vllm-openai:latest"),
        'hybrid-ai:edgeSites[0].models[0].image must not use the latest tag, which changes under you; pin a version or digest (got "vllm/vllm-openai:latest")',
      ],
      [
        lineOf("minReplicas: 3"),
        "hybrid-ai:edgeSites[0].models[0].autoscaling.maxReplicas must be >= minReplicas (got 2 < 3)",
      ],
      [
        lineOf("server: tgi"),
        'hybrid-ai:edgeSites[0].models[1].server must be one of vllm, triton, llamacpp (got "tgi")',
      ],
      [
        lineOf("image: ghcr.io/ggml-org/llama.cpp"),
        'hybrid-ai:edgeSites[0].models[2].image must pin a tag or digest, e.g. ghcr.io/ggml-org/llama.cpp:<version> or ghcr.io/ggml-org/llama.cpp@sha256:<digest> (got "ghcr.io/ggml-org/llama.cpp")',
      ],
      [
        lineOf("replica: 2"),
        'hybrid-ai:edgeSites[0].models[2].replica is not a known key; did you mean "replicas"? Allowed: name, server, image, model, revision, replicas, gpus, cacheGiB, cpu, memoryGiB, autoscaling',
      ],
    ];
    for (const [line, message] of expected) {
      expect(messages, message).toContainEqual(
        expect.stringMatching(
          new RegExp(`^stacks/Pulumi\\.bad\\.yaml:${line}:\\d+: ${escape(message)}$`),
        ),
      );
    }
    expect(messages).toHaveLength(expected.length);
    // The second model's image is unpinned too, but its unknown server stops further checks of it.
    expect(messages.some((m) => m.includes("text-generation-inference"))).toBe(false);
    expect(result.config).toBeUndefined();
  });

  it("never shows a plain kubeconfig's value", () => {
    expect(messages.join("\n")).not.toContain("plain-text-credentials");
  });

  it("accepts the example stacks", () => {
    for (const stack of ["edge-retail", "dev"]) {
      const f = readStackFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), stack);
      const r = validateStackConfig(f.values, f.locator);
      expect(r.problems).toEqual([]);
      expect(f.secretKeys).toEqual(stack === "edge-retail" ? ["hybrid-ai:edgeSites"] : []);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function hai(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [HAI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hai review end to end", () => {
  it("reviews edge-retail: every site and model, schedule savings, and no kubeconfig anywhere", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-edge-"));
    const json = path.join(dir, "review.json");
    const r = hai(["review", "--stack", "edge-retail", "--json", json]);
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Edge fleet: 4 sites, 5 models/);
    for (const name of [
      "store-berlin-01",
      "store-lyon-03",
      "plant-detroit-02",
      "pop-frankfurt-01",
      "support-chat",
      "shelf-vision",
      "product-qa",
      "defect-detector",
      "summarizer",
    ]) {
      expect(r.stdout).toContain(name);
    }
    expect(r.stdout).toMatch(/│ store-hours\s+│\s+81 │\s+351\.96 │ gcp-euw4-fallback-l4/);
    expect(r.stdout).toContain("351.96 (store-hours)");
    const review = JSON.parse(fs.readFileSync(json, "utf8"));
    expect(review.schemaVersion).toBe(1);
    expect(review.edgeSites.map((s: { site: string }) => s.site)).toEqual([
      "plant-detroit-02",
      "pop-frankfurt-01",
      "store-berlin-01",
      "store-lyon-03",
    ]);
    const frankfurt = review.edgeSites[1];
    expect(frankfurt).toMatchObject({
      location: "eu-central",
      hardware: "nvidia-t4",
      scheduleJobs: 0,
    });
    expect(frankfurt.models[0]).toMatchObject({
      model: "summarizer",
      server: "vllm",
      modelRef: "Qwen/Qwen2.5-3B-Instruct@aa8e72537993ba99e69dfaafa59ed015b17504d1",
      gpusPerReplica: 1,
      autoscaling: {
        kind: "keda",
        metric: "queue: vllm:num_requests_waiting",
        minReplicas: 0,
        maxReplicas: 3,
      },
    });
    expect(review.edgeSites[0]).toMatchObject({
      schedule: "plant-shifts",
      timezone: "America/New_York",
    });
    // Off, on, and an on-switch at the midnight a shift runs through (a schedule with holidays has
    // one), plus one job per holiday still ahead (2026-11-26 and 2026-12-25 here): the count falls
    // as they pass. Counts on a fixed clock are in scheduleBackends.test.ts.
    const holidaysAhead = ["2026-11-26", "2026-12-25"].filter(
      (d) => Date.parse(`${d}T00:00:00Z`) > Date.now(),
    );
    expect(review.edgeSites[0].scheduleJobs).toBe(3 + holidaysAhead.length);
    expect(review.cost.schedules).toEqual([
      {
        schedule: "store-hours",
        onHoursPerWeek: 81,
        hoursPerMonth: 351.96,
        pools: ["gcp-euw4-fallback-l4"],
        monthlySavingMinUsd: 0,
        monthlySavingMaxUsd: 205.91,
      },
    ]);
    const providers = review.resources.filter(
      (x: { type: string }) => x.type === "pulumi:providers:kubernetes",
    );
    expect(providers).toHaveLength(4);
    for (const p of providers) {
      expect(p.secretPaths).toContain("kubeconfig");
    }
    const ciphertexts = [
      ...fs
        .readFileSync(path.join(ROOT, "stacks", "Pulumi.edge-retail.yaml"), "utf8")
        .matchAll(/secure: (\S+)/g),
    ].map((m) => m[1]);
    expect(ciphertexts).toHaveLength(4);
    for (const text of [r.stdout, r.stderr, fs.readFileSync(json, "utf8")]) {
      for (const secret of ciphertexts) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("shows the dev stack's pools at office-hours on-hours and what the schedule saves", () => {
    const r = hai(["review", "--stack", "dev", "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("260.71 (office-hours)");
    expect(r.stdout).toMatch(
      /│ office-hours\s+│\s+60 │\s+260\.71 │ aws-use1-dev-l4 gcp-usc1-dev-t4/,
    );
    expect(r.stdout).not.toContain("Edge fleet");
  });

  it("exits 2 with file:line messages for a broken stack, all at once", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-bad-"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: hybrid-ai\nruntime: nodejs\nstackConfigDir: stacks\n",
    );
    fs.writeFileSync(path.join(dir, "stacks", "Pulumi.bad.yaml"), BAD);
    const r = hai(["review", "--stack", "bad"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stacks/Pulumi.bad.yaml: 12 problems");
    expect(r.stderr).toContain(`stacks/Pulumi.bad.yaml:${lineOf("Mon-Fry")}:`);
    expect(r.stderr).toMatch(/unknown day "Fry"/);
    expect(r.stderr).toMatch(/hour must be 00-24 \(got "25:00"\)/);
    expect(r.stderr).toMatch(/Europe\/Berlln/);
    expect(r.stderr).toMatch(/latest tag/);
    expect(r.stderr).toMatch(/server must be one of vllm, triton, llamacpp \(got "tgi"\)/);
    expect(r.stderr).not.toContain("plain-text-credentials");
    expect(r.stdout).toBe("");
  });
});
