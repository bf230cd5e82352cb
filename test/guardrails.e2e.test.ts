/**
 * End to end: `hai` as a user runs it on the example stacks, on a deliberately bad stack, on real
 * preview/state files and with --base in a temporary git repository; plus the reports' formats.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import type { ReviewResult } from "../review/result/model";
import { renderMarkdown } from "../review/report/markdown";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin", "hai.js");
const FIXTURE_PROJECT = path.join(ROOT, "test", "fixtures", "stacks");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hai-guardrails-e2e-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function hai(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args, "-q"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GITHUB_SHA: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;

function sarifValidator() {
  const schema = readJson<Record<string, unknown>>(
    path.join(ROOT, "test/fixtures/sarif/sarif-schema-2.1.0.json"),
  );
  // A draft-04 document: ajv 8 reads `$id` where draft-04 wrote `id`.
  const { $schema: _, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: String(id) });
}

describe("example stacks pass their own guardrails", () => {
  it("prod: exit 0, no findings, valid SARIF and a Markdown comment", () => {
    const json = path.join(tmp, "prod.json");
    const md = path.join(tmp, "prod.md");
    const sarif = path.join(tmp, "prod.sarif");
    const r = hai([
      "review",
      "--stack",
      "prod",
      "--json",
      json,
      "--markdown",
      md,
      "--sarif",
      sarif,
    ]);
    expect(r.stderr).not.toMatch(/error|problem/i);
    expect(r.code).toBe(0);
    const review = readJson<ReviewResult>(json);
    expect(review.policy?.verdict).toBe("pass");
    // One waived finding: A100 80GB runs only in europe-west4-a (issue 10), so that pool has one zone.
    expect(
      review.policy?.violations.map((v) => `${v.status} ${v.policy} ${v.resourceName ?? ""}`),
    ).toEqual(["waived redundancy-pool-require-multi-zone gcp-euw4-train-a100"]);
    const validate = sarifValidator();
    expect(validate(readJson(sarif)), JSON.stringify(validate.errors)).toBe(true);
  });
  it("dev: exit 0 with advisory findings only", () => {
    const json = path.join(tmp, "dev.json");
    expect(hai(["review", "--stack", "dev", "--json", json]).code).toBe(0);
    const review = readJson<ReviewResult>(json);
    expect(review.policy?.counts.mandatory).toBe(0);
    expect(review.policy?.violations.every((v) => v.enforcement === "advisory")).toBe(true);
  });
});

describe("a deliberately bad stack", () => {
  const json = path.join(tmp, "bad.json");
  const sarif = path.join(tmp, "bad.sarif");
  const md = path.join(tmp, "bad.md");
  const r = hai(
    ["review", "--stack", "bad", "--json", json, "--sarif", sarif, "--markdown", md],
    FIXTURE_PROJECT,
  );

  it("exits 1 and names the pool and the config line", () => {
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "MANDATORY [high] redundancy-pool-require-multi-zone: GPU pool aws-use1-infer-l4 runs in 1 zone (us-east-1a); prod pools need at least 2\n      at Pulumi.bad.yaml:30 hybrid-ai:clusters[0].gpuPools[0].zones",
    );
    expect(r.stdout).toContain("Verdict: FAIL (7 mandatory, 1 advisory, 1 waived)");
  });
  it("reports every expected finding, waivers applied", () => {
    const review = readJson<ReviewResult>(json);
    const found = review.policy!.violations.map((v) => [
      v.status,
      v.enforcement,
      v.policy,
      v.resourceName ?? null,
      v.location.line,
    ]);
    expect(found).toEqual([
      ["open", "mandatory", "cost-stack-limit-monthly-budget", null, 7],
      // A prod stack without DR, pointed at the environment that requires it.
      ["open", "mandatory", "dr-stack-require-secondary-region", null, 3],
      // Prod GPU pools without monitoring: hybrid-ai:monitoring is not enabled.
      ["open", "mandatory", "observe-pool-require-monitoring", "aws-use1-infer-l4", 26],
      ["open", "mandatory", "observe-pool-require-monitoring", "aws-use1-train-h100", 31],
      ["open", "mandatory", "policy-waiver-disallow-expired", null, 15],
      ["open", "mandatory", "redundancy-pool-require-min-nodes", "aws-use1-infer-l4", 28],
      ["open", "mandatory", "redundancy-pool-require-multi-zone", "aws-use1-infer-l4", 30],
      // A budget without alert e-mails: nobody hears when real spend passes it.
      ["open", "advisory", "observe-budget-require-alerts", null, 6],
      ["waived", "mandatory", "cost-gpu-limit-per-pool", "aws-use1-train-h100", 34],
    ]);
    expect(
      review.policy!.violations.find((v) => v.policy === "policy-waiver-disallow-expired")!.message,
    ).toBe(
      "waiver of redundancy-pool-require-multi-zone for aws-use1-old-pool expired on 2020-01-31 (reason: migrated away)",
    );
  });
  it("writes SARIF 2.1.0 with one rule per policy and results on the config lines", () => {
    const log = readJson<{
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } };
        results: Array<Record<string, any>>;
      }>;
    }>(sarif);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(new Set(run.tool.driver.rules.map((x) => x.id)).size).toBe(run.tool.driver.rules.length);
    const zone = run.results.find((x) => x.ruleId === "redundancy-pool-require-multi-zone")!;
    expect(zone.level).toBe("error");
    expect(zone.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "Pulumi.bad.yaml" },
      region: { startLine: 30, startColumn: 11 },
    });
    const waived = run.results.find((x) => x.ruleId === "cost-gpu-limit-per-pool")!;
    expect(waived.suppressions[0]).toMatchObject({ kind: "external", status: "accepted" });
  });
  it("writes a PR comment with verdict, findings by severity, fixes and config links", () => {
    const text = fs.readFileSync(md, "utf8");
    expect(text.split("\n")[1]).toBe(
      "### hai review: ❌ **bad** breaks 7 mandatory guardrails (1 advisory, 1 waived)",
    );
    // Seven high findings fold into a details block.
    expect(text).toContain("<details><summary>High (7)</summary>");
    expect(text).toContain(
      "- **mandatory** `redundancy-pool-require-multi-zone` on `aws-use1-infer-l4`: GPU pool aws-use1-infer-l4 runs in 1 zone (us-east-1a); prod pools need at least 2\n" +
        "  - Fix: List at least two zones of the cluster's region under the pool's `zones`.\n" +
        "  - Config: [Pulumi.bad.yaml:30](Pulumi.bad.yaml#L30) `hybrid-ai:clusters[0].gpuPools[0].zones`",
    );
    expect(text).toContain("<details><summary>Waived findings (1)</summary>");
    expect(text).toMatchSnapshot();
  });
  it("keeps a huge comment under GitHub's limit with a truncation note", () => {
    const review = readJson<ReviewResult>(json);
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...review.policy!.violations[3],
      resourceName: `pool-${i}`,
      urn: `urn:${i}`,
    }));
    const big = { ...review, policy: { ...review.policy!, violations: many } };
    const text = renderMarkdown(big);
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text).toMatch(/Truncated to fit GitHub's comment limit: \d+ items not shown/);
  });
});

describe("config errors", () => {
  it("a waiver without reason or expiry is a config error with file:line (exit 2)", () => {
    const r = hai(["review", "--stack", "badwaiver"], FIXTURE_PROJECT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "Pulumi.badwaiver.yaml:9:9: hybrid-ai:policy.waivers[0].reason is required (a string)",
    );
    expect(r.stderr).toContain(
      "Pulumi.badwaiver.yaml:9:9: hybrid-ai:policy.waivers[0].expires is required (a string)",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("usage errors", () => {
  it("exit 2 with a one-line message", () => {
    expect(hai(["review"])).toMatchObject({
      code: 2,
      stderr: "hai: --stack <name> is required (or --from-preview/--from-state <file>)\n",
    });
    expect(hai(["review", "--from-preview", "x.json", "--base", "HEAD~1"])).toMatchObject({
      code: 2,
      stderr:
        "hai: --base compares mock runs of two commits; it does not combine with --from-preview/--from-state\n",
    });
    expect(hai(["review", "--stack", "prod", "--base", "no-such-ref"])).toMatchObject({ code: 2 });
    expect(hai(["review", "--stack", "prod", "--base", "no-such-ref"]).stderr).toMatch(
      /^hai: --base no-such-ref: no such commit or ref in /,
    );
  });
});

describe("real previews and state", () => {
  it("--from-preview runs the same policies on `pulumi preview --json` output", () => {
    const json = path.join(tmp, "preview.json");
    const r = hai([
      "review",
      "--from-preview",
      "test/fixtures/pulumi/preview-prod.json",
      "--json",
      json,
    ]);
    expect(r.code).toBe(1);
    const loud = spawnSync(
      process.execPath,
      [BIN, "review", "--from-preview", "test/fixtures/pulumi/preview-prod.json"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(loud.stderr).toContain("lists no unchanged resources");
    const review = readJson<ReviewResult>(json);
    expect(review.source).toBe("preview");
    expect(review.gpuPools.map((p) => [p.pool, p.region, p.maxNodes])).toEqual([
      ["aws-use1-infer-l4", "us-east-1", 10],
    ]);
    expect(review.policy!.violations.map((v) => v.message)).toEqual([
      "Kubernetes provider edge-site-1 takes kubeconfig in plain text, not as a secret",
      "prod stack declares no disaster recovery: add hybrid-ai:disasterRecovery with a secondary in another region",
      // The preview predates monitoring and cloud budgets on prod.
      "GPU pool aws-use1-infer-l4 (prod) runs on aws-use1, which no PrometheusRule monitors (no hybrid-ai/monitors: aws-use1)",
      "GPU pool aws-use1-infer-l4 runs in 1 zone (us-east-1a); prod pools need at least 2",
      "the stack declares a budget of $200,000 a month but no AWS Budget alerts on its AWS spend",
      // prod's waiver for its A100 80GB pool finds no such pool in this recorded preview.
      "waiver of redundancy-pool-require-multi-zone for gcp-euw4-train-a100 matches no finding",
    ]);
    const zones = review.policy!.violations.find(
      (v) => v.policy === "redundancy-pool-require-multi-zone",
    )!;
    expect(zones.location).toMatchObject({
      file: "stacks/Pulumi.prod.yaml",
      key: "hybrid-ai:clusters[0].gpuPools[0].zones",
    });
    expect(fs.readFileSync(json, "utf8")).not.toContain("kind: Config");
  });
  it("--from-state reads `pulumi stack export` output, secrets redacted", () => {
    const json = path.join(tmp, "state.json");
    const r = hai([
      "review",
      "--from-state",
      "test/fixtures/pulumi/state-prod.json",
      "--json",
      json,
    ]);
    const review = readJson<ReviewResult>(json);
    expect(review.source).toBe("state");
    expect(review.policy!.violations.map((v) => v.policy)).toEqual([
      "dr-stack-require-secondary-region",
      "observe-pool-require-monitoring",
      "redundancy-pool-require-multi-zone",
      "observe-budget-require-alerts",
      "policy-waiver-disallow-unused",
    ]);
    expect(
      review.resources.find((x) => x.type === "pulumi:providers:kubernetes")?.inputs.kubeconfig,
    ).toBe("[secret]");
    expect(fs.readFileSync(json, "utf8")).not.toContain("ciphertext");
    expect(r.code).toBe(1);
  });
  it("a file of the wrong shape is a usage error", () => {
    const r = hai(["review", "--from-state", "test/fixtures/pulumi/preview-prod.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "hai: test/fixtures/pulumi/preview-prod.json is not `pulumi stack export` output: it has no `deployment.resources` list\n",
    );
  });
});

describe("hai policy-config", () => {
  it("prints CrossGuard policy config for the real CLI", () => {
    const r = spawnSync(process.execPath, [BIN, "policy-config", "--stack", "prod"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const config = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    expect(config["cost-stack-limit-monthly-budget"]).toEqual({
      enforcementLevel: "mandatory",
      environment: "prod",
      monthlyUsd: 200000,
    });
    expect(config["redundancy-pool-require-min-nodes"]).toEqual({
      enforcementLevel: "mandatory",
      environment: "prod",
      exemptPools: ["*-train-*", "*-dr-standby-*"],
    });
    expect(config["security-credential-require-secret"]).toEqual({
      enforcementLevel: "mandatory",
      environment: "prod",
    });
  });
});

describe("--base in a temporary git repository", () => {
  it("reports resources, GPU and cost deltas and new findings against the base commit", () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "hai-repo-"));
    try {
      // Everything the project is made of (new top-level folders included), without git, deps and tests.
      const skip = [".git", "node_modules", "test", "coverage", "dist", ".hai"];
      for (const entry of fs.readdirSync(ROOT).filter((e) => !skip.includes(e))) {
        fs.cpSync(path.join(ROOT, entry), path.join(repo, entry), { recursive: true });
      }
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
      const git = (...args: string[]) => spawnSync("git", args, { cwd: repo, encoding: "utf8" });
      git("init", "-q");
      git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A");
      git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base");
      const file = path.join(repo, "stacks", "Pulumi.prod.yaml");
      const text = fs.readFileSync(file, "utf8");
      fs.writeFileSync(
        file,
        text
          .replace("maxNodes: 10\n", "maxNodes: 12\n")
          .replace("zones: [us-west-2a, us-west-2b]", "zones: [us-west-2a]"),
      );
      git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "grow");
      const json = path.join(tmp, "delta.json");
      const md = path.join(tmp, "delta.md");
      const r = hai(
        ["review", "--stack", "prod", "--base", "HEAD~1", "--json", json, "--markdown", md],
        repo,
      );
      expect(r.stderr).not.toMatch(/error|problem/i);
      expect(r.code).toBe(1);
      const d = readJson<ReviewResult>(json).delta!;
      expect(d.base.ref).toBe("HEAD~1");
      expect(d.resources.added).toEqual([]);
      expect(d.resources.removed).toEqual([]);
      expect(d.resources.changed).toEqual([
        "urn:pulumi:prod::hybrid-ai::hybrid-ai:compute:GpuCluster$hybrid-ai:compute:GpuNodePool$aws:eks/nodeGroup:NodeGroup::aws-use1-infer-l4",
        "urn:pulumi:prod::hybrid-ai::hybrid-ai:compute:GpuCluster$hybrid-ai:compute:GpuNodePool$aws:eks/nodeGroup:NodeGroup::aws-usw2-infer-l4",
        // The DR standby follows the primary's pool size and the secondary's zones.
        "urn:pulumi:prod::hybrid-ai::hybrid-ai:dr:DisasterRecoveryRegion$hybrid-ai:compute:GpuNodePool$aws:eks/nodeGroup:NodeGroup::prod-dr-standby-infer-l4",
        "urn:pulumi:prod::hybrid-ai::hybrid-ai:dr:DisasterRecoveryRegion$hybrid-ai:compute:GpuNodePool$aws:eks/nodeGroup:NodeGroup::prod-dr-standby-infer-l40s",
      ]);
      // Two more L4 nodes at max on the primary, and two on its DR standby.
      expect(d.gpus.head.max - d.gpus.base.max).toBe(4);
      expect(Math.round(d.monthlyUsd.head.max - d.monthlyUsd.base.max)).toBe(2350);
      // aws-usw2-infer-l4 and the two standby pools placed in the secondary's zones.
      expect(d.findings.new.map((f) => f.policy)).toEqual([
        "redundancy-pool-require-multi-zone",
        "redundancy-pool-require-multi-zone",
        "redundancy-pool-require-multi-zone",
      ]);
      expect(d.findings.fixed).toEqual([]);
      const comment = fs.readFileSync(md, "utf8");
      expect(comment).toContain("#### Change against `HEAD~1`");
      expect(comment).toContain("| GPUs at max | 80 | 84 | +4 |");
      expect(git("worktree", "list").stdout.trim().split("\n")).toHaveLength(1);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
