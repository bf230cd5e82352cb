/**
 * End to end: `hai` on the example stacks, on a deliberately bad stack, on real preview/state files
 * and with --base in a temporary git repository (whose base commit's own bin/hai.js runs as a
 * process); plus the reports' formats. The CLI runs in-process (test/support/hai.ts); the example
 * stacks' reviews are shared with the other files that read them.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReviewResult } from "../review/result/model";
import { renderMarkdown } from "../review/report/markdown";
import {
  FIXTURE_STACKS as FIXTURE_PROJECT,
  ROOT,
  hai as haiRun,
  readJson,
  reviewOf,
  scratchDir,
  type HaiRun,
} from "./support";

const tmp = scratchDir("hai-guardrails-e2e");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Quiet, and with relative links in the Markdown whatever CI sets. */
const hai = (args: string[], cwd = ROOT) =>
  haiRun([...args, "-q"], { cwd, env: { GITHUB_SHA: "" } });

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
  it("prod: exit 0, valid SARIF and a Markdown comment; the budget says it cannot confirm (one pool has no price)", async () => {
    // hai review --stack prod --json --markdown --sarif
    const r = await reviewOf("prod");
    expect(r.stderr).not.toMatch(/error|problem/i);
    expect(r.code).toBe(0);
    const review = r.json;
    expect(review.policy?.verdict).toBe("pass");
    // The budget check sums priced pools only: a pool without a catalog price is not a silent pass.
    // One waived finding: A100 80GB runs only in europe-west4-a (issue 10), so that pool has one zone.
    const violations = review.policy?.violations ?? [];
    expect(
      violations.map((v) => `${v.status} ${v.policy} ${v.enforcement} ${v.resourceName ?? ""}`),
    ).toEqual([
      "open cost-stack-require-known-capacity advisory ",
      "waived redundancy-pool-require-multi-zone mandatory gcp-euw4-train-a100",
    ]);
    const budget = violations.find((v) => v.policy === "cost-stack-require-known-capacity");
    expect(budget?.location.key).toBe("hybrid-ai:budget.monthlyUsd");
    expect(budget?.message).toMatch(
      /^cannot confirm the budget: 1 GPU pool\(s\) have no catalog price .*gcp-euw4-train-a100/,
    );
    expect(r.markdown).toContain("✅ **prod** passes its guardrails");
    const validate = sarifValidator();
    expect(validate(r.sarif), JSON.stringify(validate.errors)).toBe(true);
  });
  it("dev: exit 0 with advisory findings only", async () => {
    const r = await reviewOf("dev");
    expect(r.code).toBe(0);
    const review = r.json;
    expect(review.policy?.counts.mandatory).toBe(0);
    expect(review.policy?.violations.every((v) => v.enforcement === "advisory")).toBe(true);
  });
});

describe("a deliberately bad stack", () => {
  const json = path.join(tmp, "bad.json");
  const sarif = path.join(tmp, "bad.sarif");
  const md = path.join(tmp, "bad.md");
  let r: HaiRun;
  beforeAll(async () => {
    r = await hai(
      ["review", "--stack", "bad", "--json", json, "--sarif", sarif, "--markdown", md],
      FIXTURE_PROJECT,
    );
  });

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
      // Relative to the repository root, as code scanning locates files, though hai ran in a subfolder.
      artifactLocation: { uri: "test/fixtures/stacks/Pulumi.bad.yaml", uriBaseId: "%SRCROOT%" },
      region: { startLine: 30, startColumn: 11 },
    });
    const waived = run.results.find((x) => x.ruleId === "cost-gpu-limit-per-pool")!;
    expect(waived.suppressions[0]).toMatchObject({ kind: "external", status: "accepted" });
  });
  it("writes a PR comment with verdict, findings by severity, fixes and config links", () => {
    const text = fs.readFileSync(md, "utf8");
    expect(text.split("\n")[1]).toBe("<!-- hai-review:bad -->");
    expect(text.split("\n")[2]).toBe(
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
    const v = review.policy!.violations[3];
    // 3,000 findings of 3,000 causes (each on its own config line).
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...v,
      resourceName: `pool-${i}`,
      urn: `urn:${i}`,
      location: { ...v.location, line: i + 1 },
    }));
    const big = { ...review, policy: { ...review.policy!, violations: many } };
    const text = renderMarkdown(big);
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text).toMatch(/Truncated to fit GitHub's comment limit: \d+ items not shown/);
  });

  it("lists findings of one root cause once, with the resources it hits", () => {
    const review = readJson<ReviewResult>(json);
    const v = review.policy!.violations[3];
    const same = Array.from({ length: 19 }, (_, i) => ({
      ...v,
      resourceName: `pool-${i}`,
      urn: `urn:${i}`,
    }));
    const text = renderMarkdown({ ...review, policy: { ...review.policy!, violations: same } });
    expect(text.split(`\`${v.policy}\``).length - 1).toBe(1);
    expect(text).toContain(`\`${v.policy}\` on 19 resources (\`pool-0\`, \`pool-1\``);
  });

  it("shortens a 200 KB waiver reason in the comment, keeping the comment whole", () => {
    const review = readJson<ReviewResult>(json);
    const waived = review.policy!.violations.find((x) => x.status === "waived")!;
    const long = { ...waived, waiver: { ...waived.waiver!, reason: "x".repeat(200_000) } };
    const text = renderMarkdown({
      ...review,
      policy: {
        ...review.policy!,
        violations: review.policy!.violations.map((x) => (x === waived ? long : x)),
      },
    });
    expect(text.length).toBeLessThan(20_000);
    expect(text).toContain("#### Guardrail findings");
    expect(text).toContain(`${"x".repeat(299)}…`);
  });
});

describe("config errors", () => {
  it("a waiver without reason or expiry is a config error with file:line (exit 2)", async () => {
    const r = await hai(["review", "--stack", "badwaiver"], FIXTURE_PROJECT);
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
  it("exit 2 with a one-line message", async () => {
    expect(await hai(["review"])).toMatchObject({
      code: 2,
      stderr:
        "hai: --stack <name> is required (or --from-state/--from-preview/--from-events <file>)\n",
    });
    expect(await hai(["review", "--from-preview", "x.json", "--base", "HEAD~1"])).toMatchObject({
      code: 2,
      stderr:
        "hai: --base compares mock runs of two commits; a preview or event log already says what changes\n",
    });
    const noRef = await hai(["review", "--stack", "prod", "--base", "no-such-ref"]);
    expect(noRef).toMatchObject({ code: 2 });
    expect(noRef.stderr).toMatch(/^hai: --base no-such-ref: no such commit or ref in /);
  });
});

describe("real previews and state", () => {
  it("--from-preview runs the same policies on `pulumi preview --json` output", async () => {
    const json = path.join(tmp, "preview.json");
    // Not quiet: the warning about a preview without unchanged resources is a progress line.
    const r = await haiRun([
      "review",
      "--from-preview",
      "test/fixtures/pulumi/preview-prod.json",
      "--json",
      json,
    ]);
    expect(r.code).toBe(1);
    // A new stack: every resource is created, so the changeSummary says the file shows all of it.
    expect(r.stderr).not.toContain("stack-wide totals cannot be judged");
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
    expect(review.input?.completeness).toBe("complete");
    expect(review.changes?.counts).toMatchObject({ create: 4, delete: 1 });
    const zones = review.policy!.violations.find(
      (v) => v.policy === "redundancy-pool-require-multi-zone",
    )!;
    expect(zones.location).toMatchObject({
      file: "stacks/Pulumi.prod.yaml",
      key: "hybrid-ai:clusters[0].gpuPools[0].zones",
    });
    expect(fs.readFileSync(json, "utf8")).not.toContain("kind: Config");
  });
  it("--from-state reads `pulumi stack export` output, secrets redacted", async () => {
    const json = path.join(tmp, "state.json");
    const r = await hai([
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
  it("a file of the wrong shape is a usage error", async () => {
    const r = await hai(["review", "--from-state", "test/fixtures/pulumi/preview-prod.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "hai: test/fixtures/pulumi/preview-prod.json is a `pulumi preview --json` document, not what --from-state reads; review it with --from-preview test/fixtures/pulumi/preview-prod.json\n",
    );
  });
});

describe("hai policy-config", () => {
  it("prints CrossGuard policy config for the real CLI", async () => {
    const r = await haiRun(["policy-config", "--stack", "prod"]);
    expect(r.code).toBe(0);
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
  it("reports resources, GPU and cost deltas and new findings against the base commit", async () => {
    const repo = scratchDir("hai-repo");
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
      const r = await hai(
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
