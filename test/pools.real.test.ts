/**
 * Pools as they are, read from real states (test/fixtures/real/SOURCE.md) and from the shapes the
 * clouds document: GPU pools only when they have GPUs, CPU pools apart, fixed-size and zonal GKE pools,
 * self-managed Auto Scaling groups with launch templates or configurations.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  extractGpuPools,
  extractNodePools,
  readPool,
  summariseCapacity,
  type ResourceLike,
} from "../model/readers/pools";
import { readFileInput } from "../review/result/fileInput";

const real = (...p: string[]) => path.join(__dirname, "fixtures", "real", ...p);
const stateOf = (file: string) => readFileInput("state", real("state", file)).resources;

describe("node pools in real states", () => {
  it("pulumi-eks managed node groups on t3/t4g (some typed only in their launch templates) are CPU pools, not GPU pools", () => {
    const pools = extractNodePools(stateOf("eks-managed-nodegroups.json"));
    expect(pools.map((p) => [p.pool, p.kind, p.accelerated, p.instanceTypes[0], p.region])).toEqual(
      [
        ["example-managed-ng0", "eks-managed", false, "t3.medium", "us-west-2"],
        ["example-managed-ng1", "eks-managed", false, "t3.medium", "us-west-2"],
        ["example-managed-ng2", "eks-managed", false, "t3.medium", "us-west-2"],
        ["example-managed-ng3", "eks-managed", false, "t3.medium", "us-west-2"],
        ["example-managed-ng4", "eks-managed", false, "t4g.medium", "us-west-2"],
      ],
    );
    expect(extractGpuPools(stateOf("eks-managed-nodegroups.json"))).toEqual([]);
    expect(summariseCapacity(pools)).toMatchObject({ minGpus: 0, maxGpus: 0, byCloud: [] });
  });

  it("self-managed node groups (Auto Scaling groups with launch templates, CloudFormation node groups with launch configurations) are pools", () => {
    const pools = extractNodePools(stateOf("eks-nodegroup.json"));
    const selfManaged = pools.filter((p) => p.kind === "self-managed");
    expect(selfManaged.length).toBe(7);
    const asg = selfManaged.find((p) => p.pool === "example-ng-advanced-ondemand")!;
    expect(asg).toMatchObject({
      instanceTypes: ["t3.medium"],
      minNodes: 1,
      maxNodes: 2,
      accelerated: false,
      cluster: "example-nodegroup-iam-advanced-eksCluster-043ee2c",
    });
    const cfn = selfManaged.find((p) => p.pool === "example-ng-advanced-spot-nodes")!;
    expect(cfn).toMatchObject({ instanceTypes: ["t3.medium"], minNodes: 1, maxNodes: 2 });
  });

  it("a fixed-size regional GKE pool has its node count: nodeCount per zone, zones from the state", () => {
    const [pool] = extractNodePools(stateOf("gcp-cluster.json"));
    expect(pool).toMatchObject({
      pool: "primarypreemptiblenodes",
      kind: "gke",
      region: "us-central1",
      fixedSize: true,
      minNodes: 3,
      maxNodes: 3,
      capacity: "spot",
      accelerated: false,
      zones: ["us-central1-b", "us-central1-f", "us-central1-c"],
    });
  });
});

describe("what makes a pool a GPU pool", () => {
  const provider: ResourceLike = {
    urn: "urn:pulumi:s::p::pulumi:providers:aws::use1",
    type: "pulumi:providers:aws",
    name: "use1",
    inputs: { region: "us-east-1" },
  };
  const ng = (name: string, inputs: Record<string, unknown>): ResourceLike => ({
    urn: `urn:pulumi:s::p::aws:eks/nodeGroup:NodeGroup::${name}`,
    type: "aws:eks/nodeGroup:NodeGroup",
    name,
    provider: `${provider.urn}::id`,
    inputs: { clusterName: "ml", scalingConfig: { minSize: 1, maxSize: 4 }, ...inputs },
  });
  const lt: ResourceLike = {
    urn: "urn:pulumi:s::p::aws:ec2/launchTemplate:LaunchTemplate::gpu-lt",
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    name: "gpu-lt",
    provider: `${provider.urn}::id`,
    inputs: { name: "gpu-lt-1234", instanceType: "g5.12xlarge" },
    outputs: { id: "lt-0abc" },
  };

  it("a GPU instance type in the node group's launch template", () => {
    const [p] = extractGpuPools([
      provider,
      lt,
      ng("via-lt", { launchTemplate: { id: "lt-0abc", version: "1" } }),
    ]);
    expect(p).toMatchObject({
      pool: "via-lt",
      gpu: "a10g",
      gpusPerNode: 4,
      instanceTypes: ["g5.12xlarge"],
      maxNodes: 4,
    });
    expect(p.unknown).toBeUndefined();
  });

  it("a GPU AMI type with an instance type the catalog does not list: a GPU pool whose GPU count is unknown", () => {
    const [p] = extractGpuPools([
      provider,
      ng("gr6", { amiType: "AL2023_x86_64_NVIDIA", instanceTypes: ["gr6.4xlarge"] }),
    ]);
    expect(p).toMatchObject({ accelerated: true, gpusPerNode: 0 });
    expect(p.unknown).toEqual(["GPUs per node (gr6.4xlarge is not in the catalog)"]);
    expect(summariseCapacity([p]).unknownPools).toEqual(["gr6"]);
  });

  it("a zonal GKE pool gets its region, a GKE pool with accelerators is a GPU pool", () => {
    const p = readPool("gcp:container/nodePool:NodePool", {
      location: "us-central1-a",
      nodeCount: 2,
      nodeConfig: {
        machineType: "n1-standard-8",
        guestAccelerators: [{ type: "nvidia-tesla-t4", count: 1 }],
      },
    });
    expect(p).toMatchObject({
      accelerated: true,
      gpu: "t4",
      gpusPerNode: 1,
      minNodes: 2,
      maxNodes: 2,
      zones: ["us-central1-a"],
      fixedSize: true,
    });
    const [withRegion] = extractGpuPools([
      {
        urn: "urn:pulumi:s::p::gcp:container/nodePool:NodePool::z",
        type: "gcp:container/nodePool:NodePool",
        name: "z",
        inputs: {
          location: "us-central1-a",
          nodeCount: 2,
          nodeConfig: { machineType: "g2-standard-4" },
        },
      },
    ]);
    expect(withRegion).toMatchObject({ region: "us-central1", minNodes: 2, maxNodes: 2 });
  });

  it("an unknown value does not stop the reader (a policy's props throw on it)", () => {
    const props = new Proxy(
      {
        instanceTypes: ["g6.xlarge"],
        scalingConfig: { minSize: 1, maxSize: 2 },
        tags: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
      } as Record<string, unknown>,
      {
        get(target, key) {
          if (key === "__getSpecialProxyTarget") {
            return target;
          }
          if (target[key as string] === "04da6b54-80e4-46f7-96ec-b56ff0331ba9") {
            throw new Error("unknown during preview");
          }
          return target[key as string];
        },
      },
    );
    expect(readPool("aws:eks/nodeGroup:NodeGroup", props)).toMatchObject({
      gpu: "l4",
      maxNodes: 2,
      zones: [],
    });
  });
});
