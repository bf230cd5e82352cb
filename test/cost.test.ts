import { describe, expect, it } from "vitest";
import { estimateCost } from "../model/estimate/cost";
import { extractGpuPools, summariseCapacity } from "../model/readers/pools";
import { awsProvider as provider, eksPool, gkePool, urnOf } from "./support";

const nodeGroup = (name: string, inputs: Record<string, unknown>) =>
  eksPool({ clusterName: "ml", ...inputs }, {}, name);
/** Per-zone bounds (1-3 in each of two zones), spot. */
const nodePool = gkePool(
  {
    autoscaling: { minNodeCount: 1, maxNodeCount: 3 },
    nodeConfig: {
      machineType: "g2-standard-4",
      spot: true,
      guestAccelerators: [{ type: "nvidia-l4", count: 1 }],
    },
  },
  {},
  "eu",
);

describe("GPU pools from a resource graph", () => {
  it("reads EKS node groups (region from their provider) and GKE node pools (per-zone bounds)", () => {
    const pools = extractGpuPools([
      provider,
      nodeGroup("l4", { instanceTypes: ["g6.xlarge"] }),
      nodePool,
    ]);
    expect(pools).toEqual([
      {
        urn: urnOf("aws:eks/nodeGroup:NodeGroup", "l4"),
        cloud: "aws",
        kind: "eks-managed",
        region: "us-east-1",
        cluster: "ml",
        pool: "l4",
        accelerated: true,
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
        kind: "gke",
        region: "europe-west4",
        cluster: "ml-eu",
        pool: "eu",
        accelerated: true,
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
    expect(cost.unpriced).toEqual([urnOf("aws:eks/nodeGroup:NodeGroup", "mumbai")]);
    expect(cost.pools.find((p) => p.pool === "mumbai")?.unpricedReason).toBe(
      "no price for g6.xlarge in aws ap-south-1 in the catalog",
    );
    // Only the pool on the default provider (us-east-1) is in the totals.
    expect(cost.monthlyMaxUsd).toBe(5875.04);
  });
});
