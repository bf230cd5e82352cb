/**
 * Property-based tests (fast-check) of issue 10: generated valid configs validate cleanly and make
 * only resources every cloud rule accepts, with no two resources sharing a name; generated invalid
 * configs always give located config problems (exit 2), never a crash (exit 3).
 *
 * Runs are few on purpose (CPU is shared): the pure validation runs 100 configs (80 broken ones), the
 * mock runs of the whole program 5.
 */
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { NameRegistry, joinName } from "../model/naming";
import {
  acceptedValueViolations,
  gpuAddonViolations,
  nameViolations,
  scheduledActionCounts,
  versionViolations,
  workloadIdentityViolations,
  zoneViolations,
  type CheckedResource,
} from "../model/rules/deployChecks";
import { readStackFile } from "../stacks/config/parse";
import { hybridAiProgram } from "../stacks/program";
import { ROOT, capture, configProblems } from "./support";

const FILE = path.join(ROOT, "stacks", "Pulumi.property.yaml");

/** Regions with zones and the GPUs (and zones) a pool may use there. */
const PLACES = [
  {
    cloud: "aws",
    region: "us-east-1",
    zones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    gpus: { l4: null, a10g: null, l40s: null, t4: null },
  },
  {
    cloud: "aws",
    region: "us-west-2",
    zones: ["us-west-2a", "us-west-2b"],
    gpus: { l4: null, a10g: null },
  },
  {
    cloud: "gcp",
    region: "europe-west4",
    zones: ["europe-west4-a", "europe-west4-b"],
    gpus: { l4: null, "a100-80gb": ["europe-west4-a"] },
  },
  {
    cloud: "gcp",
    region: "us-central1",
    zones: ["us-central1-a", "us-central1-b", "us-central1-c"],
    gpus: { l4: null, t4: null },
  },
] as const;

const namePart = fc
  .stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,8}){0,3}$/)
  .filter((s) => s.length <= 40);

const pool = (place: (typeof PLACES)[number]) =>
  fc
    .record({
      name: namePart,
      gpu: fc.constantFrom(...(Object.keys(place.gpus) as string[])),
      minNodes: fc.integer({ min: 0, max: 3 }),
      extra: fc.integer({ min: 1, max: 4 }),
      zoneCount: fc.integer({ min: 1, max: 2 }),
      spot: fc.boolean(),
    })
    .map((p) => {
      const allowed =
        (place.gpus as Record<string, readonly string[] | null>)[p.gpu] ?? place.zones;
      return {
        name: p.name,
        gpu: p.gpu,
        ...(p.gpu === "a100-80gb" ? { gpusPerNode: 8 } : {}),
        minNodes: p.minNodes,
        maxNodes: p.minNodes + p.extra,
        capacity: p.spot ? "spot" : "on-demand",
        zones: allowed.slice(0, Math.min(p.zoneCount, allowed.length)),
      };
    });

const cluster = fc
  .record({
    name: namePart,
    place: fc.constantFrom(...PLACES),
    create: fc.boolean(),
    version: fc.constantFrom(undefined, "1.35"),
  })
  .chain(({ name, place, create, version }) =>
    fc.array(pool(place), { minLength: 1, maxLength: 3 }).map((gpuPools) => ({
      name,
      cloud: place.cloud,
      region: place.region,
      ...(place.cloud === "aws"
        ? { subnetIds: ["subnet-0a1", "subnet-0b2"] }
        : { project: "acme-ml" }),
      ...(create
        ? { create: version === undefined ? {} : { kubernetesVersion: version } }
        : { existingClusterName: `ml-${name}` }),
      gpuPools,
    })),
  );

/** Valid stack configs: unique cluster and pool names, no colliding `<cluster>-<pool>` names. */
const validConfig = fc
  .array(cluster, { minLength: 1, maxLength: 3 })
  .filter((clusters) => {
    const registry = new NameRegistry();
    for (const c of clusters) {
      if (registry.claim("s", { name: c.name, parts: [c.name], where: "" }) !== undefined) {
        return false;
      }
    }
    for (const c of clusters) {
      const pools = new Set(c.gpuPools.map((p) => p.name));
      if (pools.size !== c.gpuPools.length) {
        return false;
      }
      for (const p of c.gpuPools) {
        const name = joinName(c.name, p.name);
        if (registry.claim("s", { name, parts: [c.name, p.name], where: "" }) !== undefined) {
          return false;
        }
      }
    }
    return true;
  })
  .map((clusters) => ({
    environment: "dev",
    owner: "ml-platform",
    costCenter: "cc-4711",
    clusters,
  }));

function yamlOf(values: Record<string, unknown>): string {
  return stringify({
    config: Object.fromEntries(Object.entries(values).map(([k, v]) => [`hybrid-ai:${k}`, v])),
  });
}

const problemsOf = (values: Record<string, unknown>) => configProblems(yamlOf(values), FILE);

describe("generated valid configs", () => {
  it("validate without a problem", () => {
    fc.assert(
      fc.property(validConfig, (values) => {
        expect(problemsOf(values)).toEqual([]);
      }),
      { numRuns: 100, seed: 10 },
    );
  });

  it("make only resources the clouds accept, none sharing a name", async () => {
    const now = new Date();
    await fc.assert(
      fc.asyncProperty(validConfig, async (values) => {
        const file = readStackFile(FILE, "property", yamlOf(values));
        const c = await capture(() => hybridAiProgram(), file.engineConfig, "property");
        const pools = c.resources.filter(
          (r) =>
            r.type === "aws:eks/nodeGroup:NodeGroup" ||
            r.type === "gcp:container/nodePool:NodePool",
        );
        expect(pools.length).toBeGreaterThanOrEqual(values.clusters.length);
        const urns = c.resources.map((r) => r.urn);
        expect(new Set(urns).size).toBe(urns.length);
        const checked: CheckedResource[] = c.resources.map((r) => ({
          type: r.type,
          name: r.name,
          urn: r.urn,
          props: r.inputs,
          parentUrn: r.parent,
        }));
        const found = [
          ...checked.flatMap((r) => [
            ...nameViolations(r),
            ...versionViolations(r, now),
            ...zoneViolations(r),
            ...acceptedValueViolations(r),
          ]),
          ...scheduledActionCounts(checked),
          ...workloadIdentityViolations(checked),
          ...gpuAddonViolations(checked),
        ];
        expect(found).toEqual([]);
        // Names the clouds see are unique per type where the stack sets them.
        for (const [type, key] of [
          ["gcp:serviceaccount/account:Account", "accountId"],
          ["gcp:container/nodePool:NodePool", "name"],
          ["aws:eks/nodeGroup:NodeGroup", "nodeGroupName"],
        ] as const) {
          const names = checked
            .filter((r) => r.type === type && typeof r.props[key] === "string")
            .map(
              (r) =>
                `${String(r.props.project ?? r.props.clusterName ?? r.props.cluster)}/${String(r.props[key])}`,
            );
          expect(new Set(names).size).toBe(names.length);
        }
      }),
      { numRuns: 5, seed: 10 },
    );
  });
});

/** One way to break a valid config; each must give located problems, never a crash. */
const mutations: Array<[string, (v: any) => void]> = [
  [
    "made-up region",
    (v) => (v.clusters[0].region = v.clusters[0].cloud === "aws" ? "us-east-9" : "europe-west99"),
  ],
  [
    "min > max",
    (v) => (v.clusters[0].gpuPools[0].minNodes = v.clusters[0].gpuPools[0].maxNodes + 1),
  ],
  ["unknown GPU", (v) => (v.clusters[0].gpuPools[0].gpu = "h900")],
  ["zone of another region", (v) => (v.clusters[0].gpuPools[0].zones = ["ap-south-1a"])],
  ["budget true", (v) => (v.budget = { monthlyUsd: true })],
  ["budget list", (v) => (v.budget = { monthlyUsd: [500000] })],
  [
    "ended version",
    (v) =>
      (v.clusters[0] = {
        ...v.clusters[0],
        existingClusterName: undefined,
        create: { kubernetesVersion: "1.31" },
      }),
  ],
  [
    "colliding names",
    (v) =>
      v.clusters.push({
        ...v.clusters[0],
        name: `${v.clusters[0].name}-${v.clusters[0].gpuPools[0].name.split("-")[0]}`,
        gpuPools: [
          {
            ...v.clusters[0].gpuPools[0],
            name: v.clusters[0].gpuPools[0].name.split("-").slice(1).join("-") || "x",
          },
        ],
      }),
  ],
  ["unknown key", (v) => (v.clusters[0].gpuPools[0].minNode = 1)],
  ["wrong type", (v) => (v.clusters[0].gpuPools = "none")],
];

describe("generated invalid configs", () => {
  it("always give config problems located in the stack file (exit 2), never a crash", () => {
    fc.assert(
      fc.property(validConfig, fc.constantFrom(...mutations), (values, [, mutate]) => {
        const broken = structuredClone(values) as any;
        mutate(broken);
        const problems = problemsOf(broken);
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(p.file).toBe(path.relative(process.cwd(), FILE));
          expect(p.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 80, seed: 10 },
    );
  });
});
