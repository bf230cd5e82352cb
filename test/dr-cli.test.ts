/** `hai rehearse` and `hai review` on the DR stacks, and the real stacks against the DR policies. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { drPolicies } from "../policies/dr";
import { rehearseStack } from "../review/rehearse/rehearse";
import {
  ROOT,
  asPolicyResources,
  captureStack,
  hai as haiRun,
  reviewOf,
  scratchDir,
  stackViolations,
} from "./support";

const root = ROOT;
const tmp = scratchDir("hai-dr");
const hai = (...args: string[]) => haiRun(args);

describe("hai rehearse", () => {
  it("prints the plan, the checks and the verdict for prod, and writes the runbook and JSON", async () => {
    const runbook = path.join(tmp, "prod.md");
    const json = path.join(tmp, "prod.json");
    const r = await hai("rehearse", "--stack", "prod", "--runbook", runbook, "--json", json);
    expect(r.stderr).toContain(`hai: wrote ${runbook}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Failover plan (failover: false -> true), 4 resources change");
    expect(r.stdout).toContain("  ~ aws:eks/nodeGroup:NodeGroup prod-dr-standby-infer-l40s");
    expect(r.stdout).toContain(
      '      records: ["inference-aws-use1.ai.example.com"] -> ["inference-aws-usw2.ai.example.com"]',
    );
    expect(r.stdout).toMatch(/\[ok\] secondary GPU capacity covers the primary's serving capacity/);
    expect(r.stdout).toContain("RTO 11.9 min <= target 30.0 min: met");
    expect(r.stdout).toContain("RPO 15.0 min <= target 15.0 min: met");
    expect(r.stdout).toContain("Verdict: ready");
    const md = fs.readFileSync(runbook, "utf8");
    for (const heading of [
      "# Failover runbook: stack `prod`",
      "## What failover changes",
      "## Readiness checks",
      "## RTO estimate",
      "## RPO estimate",
      "## Steps",
      "## Rollback",
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain("pulumi config set --path disasterRecovery.failover true -s prod");
    expect(md).toContain("aws s3 sync s3://acme-models-us-west-2 s3://acme-models");
    const doc = JSON.parse(fs.readFileSync(json, "utf8")) as {
      ready: boolean;
      plan: unknown[];
      rto: { totalSeconds: number };
      checks: Array<{ status: string }>;
    };
    expect(doc.ready).toBe(true);
    expect(doc.plan).toHaveLength(4);
    expect(doc.rto.totalSeconds).toBe(715);
    expect(doc.checks.map((c) => c.status)).toEqual(["pass", "pass", "pass", "pass"]);
  });

  it("exits 1 and says why when the secondary is too small", async () => {
    const r = await hai(
      "rehearse",
      "--stack",
      "dr-small",
      "--stacks-dir",
      "test/fixtures/stacks",
      "-q",
      "--runbook",
      path.join(tmp, "small.md"),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Verdict: NOT READY");
    expect(r.stdout).toContain(
      "  - capacity check failed: too small: the secondary reaches at most 1 l4 GPUs in us-west-2 but the primary serves with 2",
    );
  });

  it("exits 1 and says why when replication misses the RPO", async () => {
    const r = await hai(
      "rehearse",
      "--stack",
      "dr-rpo",
      "--stacks-dir",
      "test/fixtures/stacks",
      "-q",
      "--runbook",
      path.join(tmp, "rpo.md"),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "  - RPO: the 5-minute RPO is missed: model artifacts: S3 replication with Replication Time Control may lag 15.0 min",
    );
  });

  it("exits 2 with file:line for a config error", async () => {
    const r = await hai(
      "rehearse",
      "--stack",
      "dr-bad",
      "--stacks-dir",
      "test/fixtures/stacks",
      "-q",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /test\/fixtures\/stacks\/Pulumi\.dr-bad\.yaml:\d+:\d+: hybrid-ai:disasterRecovery\.secondary must name a cluster of this stack \(got "aws-usw3"; clusters: aws-use1, aws-usw2, gcp-euw4\)/,
    );
  });

  it("exits 2 for a stack without disaster recovery", async () => {
    const r = await hai("rehearse", "--stack", "dev", "-q");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "hai: stack dev declares no disaster recovery: add hybrid-ai:disasterRecovery to stacks/Pulumi.dev.yaml",
    );
  });

  it("refuses --live on a production stack (exit 2)", async () => {
    const r = await hai(
      "rehearse",
      "--stack",
      "prod",
      "--live",
      "-q",
      "--runbook",
      path.join(tmp, "live.md"),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("only a rehearsal stack may run live");
  });
});

describe("hai review --stack prod", () => {
  it("shows the DR resources and their cost", async () => {
    const r = await reviewOf("prod");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/hybrid-ai:dr:DisasterRecoveryRegion\s+│\s+1 │/);
    expect(r.stdout).toMatch(/aws:route53\/healthCheck:HealthCheck\s+│\s+2 │/);
    expect(r.stdout).toMatch(/aws:s3\/bucketReplicationConfig:BucketReplicationConfig\s+│\s+1 │/);
    expect(r.stdout).toMatch(/kubernetes:velero\.io\/v1:Schedule\s+│\s+2 │/);
    // Standby pools are priced: 1 g6.xlarge warm (0.8048 x 730), up to 10.
    expect(r.stdout).toMatch(
      /│ prod-dr-standby-infer-l4\s+│ g6\.xlarge\s+│ on-demand │\s+0\.8048 │\s+730 │\s+\$587\.50 │\s+\$5,875 │/,
    );
    expect(r.stdout).toMatch(
      /│ prod-dr-standby-infer-l40s\s+│ g6e\.xlarge\s+│ on-demand │\s+1\.8610 │\s+730 │\s+\$1,359 │\s+\$8,151 │/,
    );
  });
});

describe("the real stacks against the DR policies", () => {
  const run = async (rs: ReturnType<typeof asPolicyResources>) => {
    const out: string[] = [];
    for (const p of drPolicies) {
      out.push(...(await stackViolations(p, rs)).map((m) => `${p.name}: ${m}`));
    }
    return out;
  };

  it("prod complies; the RPO fixture does not", async () => {
    expect(
      await run(
        asPolicyResources(
          (
            await captureStack(
              fs.readFileSync(path.join(root, "stacks/Pulumi.prod.yaml"), "utf8"),
              "prod",
            )
          ).resources,
        ),
      ),
    ).toEqual([]);
    const rpo = await captureStack(
      fs.readFileSync(path.join(root, "test/fixtures/stacks/Pulumi.dr-rpo.yaml"), "utf8"),
      "dr-rpo",
    );
    expect(await run(asPolicyResources(rpo.resources))).toEqual([
      "dr-targets-enforce-strategy-feasible: an RPO of 5 min is below what replication guarantees: S3 RTC and GCS turbo replication promise 15 min",
    ]);
  });

  it("the rehearsal stack stands up serving capacity and touches no production name", async () => {
    const r = await rehearseStack({ stack: "dr-rehearsal" });
    expect(r.dr.rehearsal).toBe(true);
    expect(r.dr.dns.fqdn).toBe("inference-gameday.ai.example.com");
    expect(r.plan).toEqual([]);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ["capacity", "pass"],
      ["replication", "skip"],
      ["health-checks", "pass"],
      ["backups", "skip"],
    ]);
    expect(r.ready).toBe(true);
  });
});
