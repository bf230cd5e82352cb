import { describe, expect, it } from "vitest";
import { estimateCost } from "../model/estimate/cost";
import { extractGpuPools, summariseCapacity, type ResourceLike } from "../model/readers/pools";

const provider: ResourceLike = {
  urn: "urn:pulumi:s::p::pulumi:providers:aws::use1",
  type: "pulumi:providers:aws",
  name: "use1",
  inputs: { region: "us-east-1" },
};
const nodeGroup = (name: string, inputs: Record<string, unknown>): ResourceLike => ({
  urn: `urn:pulumi:s::p::aws:eks/nodeGroup:NodeGroup::${name}`,
  type: "aws:eks/nodeGroup:NodeGroup",
  name,
  provider: `${provider.urn}::use1-id`,
  inputs: {
    clusterName: "ml",
    scalingConfig: { minSize: 2, maxSize: 10 },
    capacityType: "ON_DEMAND",
    tags: { "hybrid-ai/zones": "us-east-1a us-east-1b" },
    ...inputs,
  },
});
const nodePool: ResourceLike = {
  urn: "urn:pulumi:s::p::gcp:container/nodePool:NodePool::eu",
  type: "gcp:container/nodePool:NodePool",
  name: "eu",
  inputs: {
    cluster: "ml-eu",
    location: "europe-west4",
    nodeLocations: ["europe-west4-a", "europe-west4-b"],
    autoscaling: { minNodeCount: 1, maxNodeCount: 3 },
    nodeConfig: {
      machineType: "g2-standard-4",
      spot: true,
      guestAccelerators: [{ type: "nvidia-l4", count: 1 }],
    },
  },
};

describe("GPU pools from a resource graph", () => {
  it("reads EKS node groups (region from their provider) and GKE node pools (per-zone bounds)", () => {
    const pools = extractGpuPools([
      provider,
      nodeGroup("l4", { instanceTypes: ["g6.xlarge"] }),
      nodePool,
    ]);
    expect(pools).toEqual([
      {
        urn: "urn:pulumi:s::p::aws:eks/nodeGroup:NodeGroup::l4",
        cloud: "aws",
        region: "us-east-1",
        cluster: "ml",
        pool: "l4",
        gpu: "l4",
        gpusPerNode: 1,
        minNodes: 2,
        maxNodes: 10,
        capacity: "on-demand",
        instanceTypes: ["g6.xlarge"],
        zones: ["us-east-1a", "us-east-1b"],
      },
      {
        urn: nodePool.urn,
        cloud: "gcp",
        region: "europe-west4",
        cluster: "ml-eu",
        pool: "eu",
        gpu: "l4",
        gpusPerNode: 1,
        minNodes: 2,
        maxNodes: 6,
        capacity: "spot",
        instanceTypes: ["g2-standard-4"],
        zones: ["europe-west4-a", "europe-west4-b"],
      },
    ]);
    expect(summariseCapacity(pools)).toEqual({
      byCloud: [
        { cloud: "aws", minGpus: 2, maxGpus: 10, pools: 1 },
        { cloud: "gcp", minGpus: 2, maxGpus: 6, pools: 1 },
      ],
      minGpus: 4,
      maxGpus: 16,
    });
  });

  it("prices a month as 730 hours of the first instance type, spot or on-demand", () => {
    const pools = extractGpuPools([
      provider,
      nodeGroup("l4", { instanceTypes: ["g6.xlarge", "g6.2xlarge"] }),
    ]);
    const cost = estimateCost(pools);
    expect(cost.pools[0]).toMatchObject({
      usdPerNodeHour: 0.8048,
      monthlyMinUsd: 1175.01,
      monthlyMaxUsd: 5875.04,
      hoursPerMonth: 730,
    });
    expect(cost.monthlyMinUsd).toBe(1175.01);
    const spot = estimateCost(
      extractGpuPools([
        provider,
        nodeGroup("l4", { instanceTypes: ["g6.xlarge"], capacityType: "SPOT" }),
      ]),
    );
    expect(spot.pools[0].usdPerNodeHour).toBeLessThan(0.8048);
  });

  it("names pools without a known price instead of counting them as zero", () => {
    const cost = estimateCost(
      extractGpuPools(
        [
          { ...provider, inputs: { region: "ap-south-1" } },
          nodeGroup("mumbai", { instanceTypes: ["g6.xlarge"] }),
          { ...nodeGroup("priced", { instanceTypes: ["g6.xlarge"] }), provider: undefined },
        ],
        { aws: "us-east-1" },
      ),
    );
    expect(cost.unpriced).toEqual(["urn:pulumi:s::p::aws:eks/nodeGroup:NodeGroup::mumbai"]);
    expect(cost.pools.find((p) => p.pool === "mumbai")?.unpricedReason).toBe(
      "no price for g6.xlarge in aws ap-south-1 in the catalog",
    );
    // Only the pool on the default provider (us-east-1) is in the totals.
    expect(cost.monthlyMaxUsd).toBe(5875.04);
  });
});
