import { describe, expect, it } from "vitest";
import { judgeGates, fillQuery, DEFAULT_GATE_QUERIES } from "../model/rollout/gates";
import {
  diffModels,
  groupStackName,
  planRollout,
  rolloutId,
  waveSizes,
  ROLLOUT_DEFAULTS,
  type FleetSite,
} from "../model/rollout/plan";
import { groupStackConfig, readGroupOutputs } from "../model/rollout/stacks";
import { chatModel, fleetConfigOf, generatedFleet } from "./support/fakeFleet";

const site = (name: string, group: string, revision: string): FleetSite => ({
  name,
  group,
  models: [chatModel(revision)],
});

describe("wave sizes", () => {
  it("makes a canary, a quarter and the rest of cumulative sizes", () => {
    expect(waveSizes(8, ROLLOUT_DEFAULTS.waves).map((w) => w.upTo)).toEqual([1, 2, 8]);
    expect(waveSizes(500, ROLLOUT_DEFAULTS.waves).map((w) => w.upTo)).toEqual([1, 125, 500]);
  });

  it("leaves out waves that add nobody and always ends at every site", () => {
    expect(
      waveSizes(2, [{ sites: 1 }, { percent: 25 }, { percent: 100 }]).map((w) => w.upTo),
    ).toEqual([1, 2]);
    expect(waveSizes(10, [{ sites: 2 }, { percent: 50 }]).map((w) => w.upTo)).toEqual([2, 5, 10]);
    expect(waveSizes(0, ROLLOUT_DEFAULTS.waves)).toEqual([]);
  });
});

describe("model changes", () => {
  it("names added, removed and changed models with the fields that differ", () => {
    const from = [chatModel("0e9e39f"), { ...chatModel("1"), name: "old" }];
    const to = [
      { ...chatModel("1a2b3c4"), image: "vllm/vllm-openai:v0.6.4" },
      { ...chatModel("1"), name: "new" },
    ];
    expect(diffModels(from, to).map((c) => [c.model, c.kind, c.fields])).toEqual([
      ["support-chat", "changed", ["revision", "image"]],
      ["new", "added", []],
      ["old", "removed", []],
    ]);
  });

  it("sees no change when only the key order differs", () => {
    const a = chatModel("0e9e39f");
    const b = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(diffModels([a], [b])).toEqual([]);
  });
});

describe("rollout plan", () => {
  const base = [
    site("a", "eu", "r1"),
    site("b", "eu", "r1"),
    site("c", "us", "r1"),
    site("d", "us", "r1"),
  ];

  it("plans only changed sites, in fleet order, with the stacks each wave updates", () => {
    const target = [
      site("a", "eu", "r1"),
      site("b", "eu", "r2"),
      site("c", "us", "r2"),
      site("d", "us", "r2"),
    ];
    const plan = planRollout("edge-retail", target, base, {
      waves: [{ sites: 1 }, { percent: 100 }],
    });
    expect(plan.unchanged).toEqual(["a"]);
    expect(plan.waves.map((w) => w.sites.map((s) => s.site))).toEqual([["b"], ["c", "d"]]);
    expect(plan.waves.map((w) => w.stacks)).toEqual([["edge-retail.eu"], ["edge-retail.us"]]);
    expect(plan.waves[0].sites[0].changes[0]).toMatchObject({
      kind: "changed",
      fields: ["revision"],
      from: { revision: "r1" },
      to: { revision: "r2" },
    });
    expect(plan.groups).toEqual([
      { name: "eu", stack: "edge-retail.eu", sites: ["a", "b"] },
      { name: "us", stack: "edge-retail.us", sites: ["c", "d"] },
    ]);
  });

  it("counts every site as new without a base", () => {
    const plan = planRollout("edge-retail", base, undefined, ROLLOUT_DEFAULTS);
    expect(plan.baseKnown).toBe(false);
    expect(plan.waves.flatMap((w) => w.sites.map((s) => s.kind))).toEqual([
      "new",
      "new",
      "new",
      "new",
    ]);
  });

  it("reports sites dropped from the fleet", () => {
    const plan = planRollout("edge-retail", base.slice(0, 3), base, ROLLOUT_DEFAULTS);
    expect(plan.removed).toEqual(["d"]);
  });

  it("names a rollout by its target, whatever the base", () => {
    expect(rolloutId(base)).toMatch(/^[0-9a-f]{12}$/);
    expect(rolloutId(base)).toBe(rolloutId(base.map((s) => ({ ...s }))));
    expect(rolloutId(base)).not.toBe(rolloutId([...base.slice(0, 3), site("d", "us", "r2")]));
  });

  it("plans a generated 500-site fleet in well under a second with a one-site canary", () => {
    const before = generatedFleet(500, 5, "0e9e39f");
    const after = generatedFleet(500, 5, "1a2b3c4");
    const t0 = performance.now();
    const plan = planRollout("edge-retail", after.sites, before.sites, ROLLOUT_DEFAULTS);
    const ms = performance.now() - t0;
    expect(plan.waves.map((w) => w.sites.length)).toEqual([1, 124, 375]);
    expect(plan.waves[0].sites[0].site).toBe("store-0001");
    expect(plan.waves[2].stacks).toHaveLength(75); // groups 26-100
    expect(ms).toBeLessThan(1000);
  });

  it("names group stacks <fleet>.<group>", () => {
    expect(groupStackName("edge-retail", "eu-stores")).toBe("edge-retail.eu-stores");
  });
});

describe("group stack config", () => {
  it("keeps the fleet's shared keys, narrows edgeSites to the pinned sites and keeps it secret", () => {
    const fleet = fleetConfigOf([
      site("a", "eu", "r2"),
      site("b", "eu", "r2"),
      site("c", "us", "r2"),
    ]);
    const config = groupStackConfig(
      fleet,
      "eu",
      new Map([
        ["a", { models: [chatModel("r2")], record: { id: "abc", previous: [chatModel("r1")] } }],
        ["b", { models: [chatModel("r1")] }],
      ]),
    );
    expect(Object.keys(config).sort()).toEqual([
      "hybrid-ai:clusters",
      "hybrid-ai:costCenter",
      "hybrid-ai:edgeSites",
      "hybrid-ai:environment",
      "hybrid-ai:owner",
      "hybrid-ai:rolloutRecord",
      "hybrid-ai:siteGroup",
    ]);
    expect(config["hybrid-ai:siteGroup"]).toEqual({ value: "eu" });
    expect(config["hybrid-ai:edgeSites"].secret).toBe(true);
    const sites = JSON.parse(config["hybrid-ai:edgeSites"].value) as Array<{
      name: string;
      kubeconfig: string;
      models: Array<{ revision: string }>;
    }>;
    expect(sites.map((s) => [s.name, s.models[0].revision])).toEqual([
      ["a", "r2"],
      ["b", "r1"],
    ]);
    expect(sites[0].kubeconfig).toContain("kubeconfig of a");
    expect(JSON.parse(config["hybrid-ai:rolloutRecord"].value)).toEqual({
      a: { id: "abc", previous: [chatModel("r1")] },
    });
  });

  it("keeps only the group's own sites and locations in the keys that name sites", () => {
    const fleet = {
      ...fleetConfigOf([site("a", "eu", "r1"), site("c", "us", "r1")]),
      "hybrid-ai:sites": { value: '{"a":{"pue":1.2},"c":{"pue":1.3},"eu-central":{"pue":1.5}}' },
      "hybrid-ai:monitoring": { value: '{"enabled":true,"gpuOperator":["gke-1","a","c"]}' },
    };
    const config = groupStackConfig(fleet, "eu", new Map([["a", { models: [chatModel("r1")] }]]));
    expect(JSON.parse(config["hybrid-ai:sites"].value)).toEqual({
      a: { pue: 1.2 },
      "eu-central": { pue: 1.5 },
    });
    expect(JSON.parse(config["hybrid-ai:monitoring"].value)).toEqual({
      enabled: true,
      gpuOperator: ["gke-1", "a"],
    });
    const onlyOthers = { ...fleet, "hybrid-ai:sites": { value: '{"c":{"pue":1.3}}' } };
    expect(
      groupStackConfig(onlyOthers, "eu", new Map([["a", { models: [chatModel("r1")] }]])),
    ).not.toHaveProperty(["hybrid-ai:sites"]);
  });

  it("reads sites back from a group stack's outputs, skipping sites without a rollout output", () => {
    const read = readGroupOutputs({
      edgeSites: {
        value: {
          a: {
            location: "x",
            rollout: { models: [chatModel("r2")], record: { id: "abc", previous: null } },
          },
          old: { location: "y", models: ["support-chat"] },
        },
      },
    });
    expect([...read.keys()]).toEqual(["a"]);
    expect(read.get("a")?.record).toEqual({ id: "abc", previous: null });
  });
});

describe("gates", () => {
  it("passes within bounds, fails over them, and cannot pass without data", () => {
    const gates = { maxErrorRatePercent: 1, maxP95LatencyMs: 800 };
    expect(judgeGates(gates, { errorRatePercent: 0.5, p95LatencyMs: 640 })).toEqual({
      status: "pass",
      reasons: [],
    });
    expect(judgeGates(gates, { errorRatePercent: 3.25, p95LatencyMs: 640 })).toEqual({
      status: "fail",
      reasons: ["error rate 3.25% > 1%"],
    });
    expect(judgeGates(gates, { errorRatePercent: 0.1 })).toEqual({
      status: "no-data",
      reasons: ["p95 latency: no data"],
    });
    expect(judgeGates({ maxErrorRatePercent: 1 }, { errorRatePercent: 0.1 }).status).toBe("pass");
  });

  it("fills the site and soak window into the default queries", () => {
    const q = fillQuery(DEFAULT_GATE_QUERIES.errorRatePercent, "store-berlin-01", 30);
    expect(q).toBe(
      '100 * sum(rate(traefik_service_requests_total{service=~"store-berlin-01-.*",code=~"5.."}[30m])) / sum(rate(traefik_service_requests_total{service=~"store-berlin-01-.*"}[30m]))',
    );
  });
});
