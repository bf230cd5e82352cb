import { beforeAll, describe, expect, it } from "vitest";
import type { CapturedResource } from "../review/run/capture";
import { findDrFacts, type DrFacts } from "../model/readers/dr";
import * as fs from "node:fs";
import * as path from "node:path";
import { AUTOSCALER_OWNED, diffCaptures, diffValues } from "../review/rehearse/plan";
import { checkReadiness, type ReadinessInput } from "../review/rehearse/readiness";
import { CLUSTERS, captureStack, drConfig, stackYaml } from "./drFixtures";

let normal: CapturedResource[];
let failover: CapturedResource[];
let facts: DrFacts;

beforeAll(async () => {
  normal = (await captureStack(stackYaml(drConfig()))).resources;
  failover = (await captureStack(stackYaml(drConfig({ failover: true })))).resources;
  facts = findDrFacts(normal)!;
});

/** A copy of `rs` with the named resource's inputs changed (or the resource removed). */
function edit(
  rs: CapturedResource[],
  name: string,
  change: ((inputs: Record<string, unknown>) => void) | "remove",
): CapturedResource[] {
  expect(
    rs.some((r) => r.name === name),
    name,
  ).toBe(true);
  return rs.flatMap((r) => {
    if (r.name !== name) {
      return [r];
    }
    if (change === "remove") {
      return [];
    }
    const inputs = structuredClone(r.inputs);
    change(inputs);
    return [{ ...r, inputs }];
  });
}

const status = (input: ReadinessInput) =>
  Object.fromEntries(checkReadiness(input).map((c) => [c.id, c.status]));
const problems = (input: ReadinessInput, id: string) =>
  checkReadiness(input).find((c) => c.id === id)!.problems;

describe("readiness checks", () => {
  it("all pass for the compliant stack", () => {
    expect(facts.strategy).toBe("warm-standby");
    expect(status({ facts, normal, failover })).toEqual({
      capacity: "pass",
      replication: "pass",
      "health-checks": "pass",
      backups: "pass",
    });
  });

  it("capacity fails when the standby cannot reach the primary's serving GPUs", () => {
    const small = edit(failover, "t-dr-standby-infer-l4", (i) => {
      i.scalingConfig = { minSize: 1, maxSize: 1, desiredSize: 1 };
    });
    // Only the NodeGroup carries sizes; its component has the same name, edit the custom one.
    const nodeGroupOnly = failover.map((r) =>
      r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "t-dr-standby-infer-l4"
        ? small.find((s) => s.urn === r.urn)!
        : r,
    );
    const input = { facts, normal, failover: nodeGroupOnly };
    expect(status(input)).toMatchObject({
      capacity: "fail",
      replication: "pass",
      "health-checks": "pass",
      backups: "pass",
    });
    expect(problems(input, "capacity")).toEqual([
      "too small: the secondary reaches at most 1 l4 GPUs in us-west-2 but the primary serves with 2; raise the standby's maxNodes (disasterRecovery.pools[].maxNodes) or the region's GPU quota",
    ]);
  });

  it("replication fails without Replication Time Control for a 15-minute RPO", () => {
    const input = {
      facts,
      failover,
      normal: edit(normal, "t-dr-artifacts-replication", (i) => {
        (
          i.rules as Array<{ destination: Record<string, unknown> }>
        )[0].destination.replicationTime = undefined;
      }),
    };
    expect(status(input)).toMatchObject({
      capacity: "pass",
      replication: "fail",
      "health-checks": "pass",
      backups: "pass",
    });
    expect(problems(input, "replication")).toEqual([
      "Replication Time Control is off; an RPO of 15 min needs it",
    ]);
  });

  it("replication fails when versioning of the replica is gone", () => {
    const input = {
      facts,
      failover,
      normal: edit(normal, "t-dr-artifacts-replica-versioning", "remove"),
    };
    expect(status(input)).toMatchObject({ replication: "fail", capacity: "pass" });
    expect(problems(input, "replication")).toEqual([
      "replica s3://acme-models-us-west-2 has no versioning Enabled",
    ]);
  });

  it("health checks fail when an endpoint has none", () => {
    const input = { facts, failover, normal: edit(normal, "t-dr-secondary-health", "remove") };
    expect(status(input)).toMatchObject({
      capacity: "pass",
      replication: "pass",
      "health-checks": "fail",
      backups: "pass",
    });
    expect(problems(input, "health-checks")).toEqual([
      "no health check on inference-aws-usw2.ai.example.com (aws-usw2)",
    ]);
  });

  it("health checks fail when failover leaves the PRIMARY record on the old region", () => {
    const input = {
      facts,
      normal,
      failover: edit(
        failover,
        "t-dr-primary-record",
        (i) => (i.records = ["inference-aws-use1.ai.example.com"]),
      ),
    };
    expect(problems(input, "health-checks")).toEqual([
      "failover: the PRIMARY record points at inference-aws-use1.ai.example.com, not inference-aws-usw2.ai.example.com (aws-usw2)",
    ]);
  });

  it("backups fail when a cluster has no schedule", () => {
    const input = { facts, failover, normal: edit(normal, "t-dr-primary-backup", "remove") };
    expect(status(input)).toMatchObject({
      capacity: "pass",
      replication: "pass",
      "health-checks": "pass",
      backups: "fail",
    });
    expect(problems(input, "backups")).toEqual(["no Velero schedule backs up aws-use1"]);
  });
});

describe("failover plan", () => {
  it("lists exactly the standby scale-up and the swapped records, by URN", () => {
    const plan = diffCaptures(normal, failover);
    expect(plan.map((c) => `${c.op} ${c.type} ${c.name}`)).toEqual([
      // In URN order: the records sit right under the DR region, the node group under its pool.
      "update aws:route53/record:Record t-dr-primary-record",
      "update aws:route53/record:Record t-dr-secondary-record",
      "update aws:eks/nodeGroup:NodeGroup t-dr-standby-infer-l4",
    ]);
    const nodeGroup = plan[2];
    expect(nodeGroup.urn).toBe(
      "urn:pulumi:t::hybrid-ai::hybrid-ai:dr:DisasterRecoveryRegion$hybrid-ai:compute:GpuNodePool$aws:eks/nodeGroup:NodeGroup::t-dr-standby-infer-l4",
    );
    expect(nodeGroup.changes).toEqual([
      { path: "scalingConfig.desiredSize", before: 1, after: 2, ignored: true },
      { path: "scalingConfig.minSize", before: 1, after: 2 },
    ]);
    expect(plan[0].changes).toEqual([
      {
        path: "healthCheckId",
        before: "t-dr-primary-health-id",
        after: "t-dr-secondary-health-id",
      },
      {
        path: "records",
        before: ["inference-aws-use1.ai.example.com"],
        after: ["inference-aws-usw2.ai.example.com"],
      },
    ]);
  });

  it("reports creates and deletes", () => {
    const plan = diffCaptures(normal, edit(failover, "t-dr-secondary-backup", "remove"));
    expect(plan.filter((c) => c.op === "delete").map((c) => c.name)).toEqual([
      "t-dr-secondary-backup",
    ]);
    const created = diffCaptures(edit(normal, "t-dr-primary-health", "remove"), normal).filter(
      (c) => c.op === "create",
    );
    expect(created.map((c) => c.name)).toEqual(["t-dr-primary-health"]);
  });

  it("diffs nested values leaf by leaf", () => {
    expect(diffValues({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 2] } }, "")).toEqual([
      { path: "a.b", before: 1, after: 2 },
    ]);
    expect(diffValues([{ x: 1 }], [{ x: 2 }], "r")).toEqual([
      { path: "r[0].x", before: 1, after: 2 },
    ]);
  });
});

describe("autoscaler-owned properties", () => {
  it("match the ignoreChanges GpuNodePool sets", () => {
    const source = fs.readFileSync(
      path.join(__dirname, "../components/compute/gpuNodePool.ts"),
      "utf8",
    );
    for (const props of Object.values(AUTOSCALER_OWNED)) {
      expect(source).toContain(
        `ignoreChanges: [${props.map((p) => JSON.stringify(p)).join(", ")}]`,
      );
    }
  });
});

describe("readiness across clouds", () => {
  it("passes with the hourly transfer job and fails without it", async () => {
    const text = (failoverOn: boolean) =>
      stackYaml(drConfig({ secondary: "gcp-euw4", rpoMinutes: 60, failover: failoverOn }));
    const n = (await captureStack(text(false))).resources;
    const f = (await captureStack(text(true))).resources;
    const x = findDrFacts(n)!;
    expect(status({ facts: x, normal: n, failover: f })).toEqual({
      capacity: "pass",
      replication: "pass",
      "health-checks": "pass",
      backups: "pass",
    });
    const input = { facts: x, failover: f, normal: edit(n, "t-dr-artifacts-transfer", "remove") };
    expect(problems(input, "replication")).toEqual([
      "no enabled transfer job copies s3://acme-models into gs://acme-models-europe-west4",
    ]);
  });
});

describe("readiness with Cloud DNS", () => {
  it("passes, and fails when the routing policy loses its health check", async () => {
    const text = (failoverOn: boolean) =>
      stackYaml(
        drConfig({
          primary: "gcp-euw4",
          secondary: "gcp-euw1",
          failover: failoverOn,
          dns: {
            provider: "cloud-dns",
            managedZone: "ai-example-com",
            zone: "ai.example.com",
            record: "inference",
            endpoints: { "gcp-euw4": "203.0.113.4", "gcp-euw1": "198.51.100.1" },
          },
        }),
        CLUSTERS.slice(2),
      );
    const n = (await captureStack(text(false))).resources;
    const f = (await captureStack(text(true))).resources;
    const x = findDrFacts(n)!;
    expect(x.dns.provider).toBe("cloud-dns");
    expect(status({ facts: x, normal: n, failover: f })).toEqual({
      capacity: "pass",
      replication: "pass",
      "health-checks": "pass",
      backups: "pass",
    });
    const broken = edit(
      f,
      "t-dr-record",
      (i) => delete (i.routingPolicy as Record<string, unknown>).healthCheck,
    );
    expect(problems({ facts: x, normal: n, failover: broken }, "health-checks")).toEqual([
      "failover: the routing policy of inference.ai.example.com has no health check: Cloud DNS would never fail over",
    ]);
  });
});
