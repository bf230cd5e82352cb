/** Schedule facts read back from resources, and the cost of scheduled pools. */
import { describe, expect, it } from "vitest";
import { estimateCost } from "../model/estimate/cost";
import { extractEdgeSites } from "../model/readers/edge";
import { extractGpuPools, type ResourceLike } from "../model/readers/pools";
import { parseOnHours, scheduleAwsTags, scheduleGcpLabels } from "../model/schedule/tags";

const eks = (name: string, tags: Record<string, string>): ResourceLike => ({
  urn: `urn:${name}`,
  type: "aws:eks/nodeGroup:NodeGroup",
  name,
  inputs: {
    clusterName: "ml",
    instanceTypes: ["g6.xlarge"],
    scalingConfig: { minSize: 1, maxSize: 3 },
    capacityType: "ON_DEMAND",
    tags,
  },
});

describe("schedule tags and labels", () => {
  it("writes on-hours in each cloud's alphabet and reads both back", () => {
    expect(scheduleAwsTags({ name: "office-hours", onHoursPerWeek: 62.5 })).toEqual({
      "hybrid-ai/schedule": "office-hours",
      "hybrid-ai/on-hours-per-week": "62.5",
    });
    expect(scheduleGcpLabels({ name: "Office Hours", onHoursPerWeek: 62.5 })).toEqual({
      schedule: "office-hours",
      "on-hours-per-week": "62_5",
    });
    expect(parseOnHours("62_5")).toBe(62.5);
    expect(parseOnHours("60")).toBe(60);
    expect(parseOnHours("200")).toBeUndefined();
    expect(parseOnHours("many")).toBeUndefined();
  });
});

describe("cost of scheduled pools", () => {
  const resources: ResourceLike[] = [
    eks("always", {}),
    eks("office", scheduleAwsTags({ name: "office-hours", onHoursPerWeek: 60 })),
    {
      urn: "urn:gke",
      type: "gcp:container/nodePool:NodePool",
      name: "gke",
      inputs: {
        location: "us-central1",
        cluster: "ml",
        nodeLocations: ["us-central1-a"],
        autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 2 },
        nodeConfig: {
          machineType: "g2-standard-4",
          spot: false,
          guestAccelerators: [{ type: "nvidia-l4", count: 1 }],
          resourceLabels: scheduleGcpLabels({ name: "office-hours", onHoursPerWeek: 60 }),
        },
      },
    },
  ];
  const pools = extractGpuPools(resources, { aws: "us-east-1" });
  const cost = estimateCost(pools);

  it("reads a pool's schedule from its tags or labels", () => {
    expect(pools.map((p) => [p.pool, p.schedule, p.onHoursPerWeek])).toEqual([
      ["always", undefined, undefined],
      ["office", "office-hours", 60],
      ["gke", "office-hours", 60],
    ]);
  });

  it("prices a scheduled pool at its on-hours (60 h a week is 260.71 h a month) and sums each schedule's saving", () => {
    const always = cost.pools.find((p) => p.pool === "always")!;
    const office = cost.pools.find((p) => p.pool === "office")!;
    expect(always.hoursPerMonth).toBe(730);
    expect(always.savingMaxUsd).toBeUndefined();
    expect(office.hoursPerMonth).toBe(260.71);
    const hourly = office.usdPerNodeHour!;
    expect(office.monthlyMaxUsd).toBeCloseTo(hourly * 260.71 * 3, 1);
    expect(office.savingMaxUsd).toBeCloseTo(hourly * (730 - 260.71) * 3, 1);
    expect(office.monthlyMaxUsd! + office.savingMaxUsd!).toBeCloseTo(always.monthlyMaxUsd!, 1);
    const gke = cost.pools.find((p) => p.pool === "gke")!;
    expect(cost.schedules).toEqual([
      {
        schedule: "office-hours",
        onHoursPerWeek: 60,
        hoursPerMonth: 260.71,
        pools: ["office", "gke"],
        monthlySavingMinUsd: office.savingMinUsd! + gke.savingMinUsd!,
        monthlySavingMaxUsd: Math.round((office.savingMaxUsd! + gke.savingMaxUsd!) * 100) / 100,
      },
    ]);
  });
});

describe("edge fleet from resources", () => {
  it("ignores namespaces without a site label and Deployments outside sites", () => {
    const resources: ResourceLike[] = [
      {
        urn: "n1",
        type: "kubernetes:core/v1:Namespace",
        name: "n1",
        provider: "p1::id",
        inputs: { metadata: { name: "other" } },
      },
      {
        urn: "d1",
        type: "kubernetes:apps/v1:Deployment",
        name: "d1",
        provider: "p1::id",
        inputs: { metadata: { name: "x", namespace: "other" } },
      },
    ];
    expect(extractEdgeSites(resources)).toEqual([]);
  });
});
