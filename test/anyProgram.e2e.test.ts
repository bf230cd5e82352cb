/**
 * `hai review` of Pulumi programs that are not ours, from their own folders: a team's TypeScript
 * program on our components, a plain JavaScript program using none, and programs that fail the way
 * `pulumi up` would fail them. One program process per test.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ReviewResult } from "../review/result/model";
import { findProject } from "../review/run/project";
import { reviewStack } from "../review/run/stack";
import { ROOT, hai } from "./support";

const PROGRAMS = path.join(ROOT, "test", "fixtures", "programs");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hai-any-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("hai review of another team's programs", () => {
  it("reviews a plain JavaScript program from its folder: its GKE pool of L4s found and priced", async () => {
    const json = path.join(tmp, "plain.json");
    const r = await hai(["review", "--stack", "dev", "--json", json, "-q"], {
      cwd: path.join(PROGRAMS, "plain-js"),
    });
    expect(r.stderr).not.toMatch(/internal error/);
    // Its cluster's public endpoint and missing cost labels break mandatory guardrails.
    expect(r.code).toBe(1);
    const review = JSON.parse(fs.readFileSync(json, "utf8")) as ReviewResult;
    expect(review).toMatchObject({ project: "inference-gke", stack: "dev", environment: "prod" });
    expect(review.resources.map((x) => x.type).sort()).toEqual([
      "gcp:container/cluster:Cluster",
      "gcp:container/nodePool:NodePool",
      "pulumi:pulumi:Stack",
    ]);
    expect(review.gpuPools).toEqual([
      expect.objectContaining({
        cloud: "gcp",
        region: "us-central1",
        cluster: "inference",
        pool: "l4-pool",
        gpu: "l4",
        gpusPerNode: 1,
        minNodes: 2,
        maxNodes: 12,
        capacity: "spot",
        instanceTypes: ["g2-standard-8"],
      }),
    ]);
    expect(review.cost.pools[0]).toMatchObject({ pool: "l4-pool", instanceType: "g2-standard-8" });
    expect(review.cost.monthlyMinUsd).toBeGreaterThan(0);
    expect(review.cost.unpriced).toEqual([]);
    const found = review.policy!.violations.map((v) => `${v.policy} ${v.location.key}`);
    expect(found).toContain("security-endpoint-disallow-public resource inference");
    expect(found).toContain("cost-resource-require-allocation-tags resource l4-pool");
    // Its secret config value reached the program as a secret and stayed one.
    const pool = review.resources.find((x) => x.name === "l4-pool")!;
    expect(pool.secretPaths).toEqual(["nodeConfig.metadata.api-token"]);
    expect(r.stdout).toContain("l4-pool");
  });

  it("reviews a team's TypeScript program on our GpuNodePool: resources, pool, cost, guardrails", async () => {
    const project = findProject(path.join(PROGRAMS, "team-ts"));
    const review = await reviewStack({ stack: "staging", project });
    expect(review).toMatchObject({ project: "team-inference", environment: "staging" });
    expect(review.resourceCounts).toEqual(
      expect.arrayContaining([
        { type: "hybrid-ai:compute:GpuNodePool", count: 1 },
        { type: "gcp:container/nodePool:NodePool", count: 1 },
        { type: "gcp:container/cluster:Cluster", count: 1 },
      ]),
    );
    expect(review.gpuPools).toEqual([
      expect.objectContaining({ cloud: "gcp", pool: "search-l4", gpu: "l4", capacity: "spot" }),
    ]);
    expect(review.gpuPools[0].maxNodes).toBe(3);
    expect(review.cost.monthlyMaxUsd).toBeGreaterThan(0);
    expect(review.policy!.rules.length).toBeGreaterThan(10);
    expect(review.policy!.violations.every((v) => v.location.file === undefined)).toBe(true);
  });
});

describe("hai review of programs `pulumi up` would not run", () => {
  it("exits 2 with the compiler's message when Pulumi's loader rejects the tsconfig", async () => {
    const r = await hai(["review", "--stack", "dev", "-q"], {
      cwd: path.join(PROGRAMS, "bad-tsconfig"),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error TS5110: Option 'module' must be set to 'NodeNext' when option 'moduleResolution' is set to 'NodeNext'.",
    );
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it("exits 2 with a throwing program's message and its file:line, no frames of hai or Pulumi", async () => {
    const r = await hai(["review", "--cwd", path.join(PROGRAMS, "throws"), "--stack", "dev", "-q"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "hai: throws (stack dev): Error: at most 2 regions are supported, got 3: us-east-1, us-west-2, eu-west-1\n" +
        "    at Object.<anonymous> (src/index.ts:7:9)\n",
    );
  });
});
