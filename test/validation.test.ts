import { describe, expect, it } from "vitest";
import { validateGpuClusterArgs, type GpuClusterArgs } from "../components/compute/gpuCluster";
import {
  resolvePoolShape,
  validateGpuNodePoolArgs,
  validateGpuNodePools,
  type CapacityType,
  type GpuNodePoolSpec,
} from "../components/compute/gpuNodePool";
import { GpuId } from "../model/catalog/types";
import { ValidationError, formatPath, throwIfProblems } from "../model/validation";

const awsPool: GpuNodePoolSpec = {
  cloud: "aws",
  region: "us-east-1",
  gpu: "l4",
  minNodes: 2,
  maxNodes: 10,
  zones: ["us-east-1a", "us-east-1b"],
};
const gcpPool: GpuNodePoolSpec = {
  cloud: "gcp",
  region: "europe-west4",
  gpu: "l4",
  minNodes: 0,
  maxNodes: 4,
  zones: ["europe-west4-a", "europe-west4-b"],
};

function messages(spec: GpuNodePoolSpec): string[] {
  return validateGpuNodePoolArgs(spec).map((p) => `${formatPath(p.path)} ${p.message}`);
}

describe("validateGpuNodePoolArgs", () => {
  it("accepts valid pools on both clouds", () => {
    expect(messages(awsPool)).toEqual([]);
    expect(messages(gcpPool)).toEqual([]);
  });

  it("rejects min > max with both numbers", () => {
    expect(messages({ ...awsPool, minNodes: 4, maxNodes: 2 })).toEqual([
      "maxNodes must be >= minNodes (got 2 < 4)",
    ]);
  });

  it("rejects a zone outside the region, naming the region's zone form", () => {
    expect(messages({ ...awsPool, zones: ["us-east-1a", "us-west-2b"] })).toEqual([
      'zones[1] is not a zone of region us-east-1 (got "us-west-2b"); zones of us-east-1 look like us-east-1a',
    ]);
    expect(messages({ ...gcpPool, zones: ["europe-west4a"] })).toEqual([
      'zones[0] is not a zone of region europe-west4 (got "europe-west4a"); zones of europe-west4 look like europe-west4-a',
    ]);
  });

  // Runtime checks for callers TypeScript does not check (JavaScript, other languages, stack config).
  it("rejects an unknown GPU with the allowed list", () => {
    expect(messages({ ...awsPool, gpu: "h900" as GpuId })).toEqual([
      'gpu must be one of t4, a10g, l4, l40s, a100-40gb, a100-80gb, h100, h200, h100-nvl, rtx4000-ada, rtx6000, rtxpro6000 (got "h900")',
    ]);
  });

  it("rejects a GPU the cloud does not offer, naming where it is", () => {
    expect(messages({ ...gcpPool, gpu: "a10g" })).toEqual([
      'gpu "a10g" (NVIDIA A10G) is not offered on GCP; it is on AWS',
    ]);
  });

  it("rejects an instance type that does not carry the GPU", () => {
    const out = messages({ ...awsPool, instanceTypes: ["g6.xlarge", "g5.xlarge"] });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^instanceTypes\[1\] "g5.xlarge" carries NVIDIA A10G, not NVIDIA L4; shapes with NVIDIA L4: g6.xlarge, /,
    );
  });

  it("rejects an unknown instance type and shapes with different GPU counts", () => {
    expect(messages({ ...awsPool, instanceTypes: ["g6.3xlarge"] })[0]).toMatch(
      /^instanceTypes\[0\] is not a known AWS GPU shape \(got "g6.3xlarge"\); with NVIDIA L4: g6.xlarge/,
    );
    expect(messages({ ...awsPool, instanceTypes: ["g6.xlarge", "g6.12xlarge"] })).toEqual([
      'instanceTypes[1] "g6.12xlarge" has 4 GPUs but "g6.xlarge" has 1: every shape of a pool carries the same GPUs',
    ]);
  });

  it("rejects a GPU count no shape has, and several GKE machine types", () => {
    expect(messages({ ...awsPool, gpusPerNode: 3 })).toEqual([
      "gpusPerNode has no AWS shape with 3 NVIDIA L4 GPUs (allowed: 1, 4, 8)",
    ]);
    expect(messages({ ...gcpPool, instanceTypes: ["g2-standard-4", "g2-standard-8"] })).toEqual([
      "instanceTypes must name one machine type: a GKE node pool has one (got 2)",
    ]);
  });

  it("reports every problem at once", () => {
    expect(
      messages({
        ...awsPool,
        minNodes: -1,
        maxNodes: 0,
        zones: [],
        capacity: "spott" as CapacityType,
      }),
    ).toEqual([
      "minNodes must be a whole number >= 0 (got -1)",
      "maxNodes must be a whole number >= 1 (got 0)",
      'capacity must be one of on-demand, spot (got "spott")',
      "zones must name at least one zone of us-east-1, e.g. us-east-1a",
    ]);
  });
});

describe("validateGpuNodePools", () => {
  it("rejects an empty pool list and duplicate names", () => {
    expect(validateGpuNodePools([])).toEqual([
      { path: [], message: "must list at least one GPU pool" },
    ]);
    const dup = validateGpuNodePools([
      { ...awsPool, name: "infer" },
      { ...awsPool, name: "infer" },
    ]);
    expect(dup).toEqual([
      { path: [1, "name"], message: 'repeats pool name "infer" (first used at [0])' },
    ]);
  });

  it("prefixes each pool's problems with its index", () => {
    const out = validateGpuNodePools([
      { ...awsPool, name: "a" },
      { ...awsPool, name: "b", minNodes: 3, maxNodes: 1 },
    ]);
    expect(out.map((p) => formatPath(p.path))).toEqual(["[1].maxNodes"]);
  });
});

describe("resolvePoolShape", () => {
  it("defaults to the smallest shape, with spot fallbacks of the same GPU count and size on AWS", () => {
    expect(resolvePoolShape(awsPool).instanceTypes).toEqual(["g6.xlarge"]);
    const spot = resolvePoolShape({ ...awsPool, capacity: "spot" });
    // No other L4 shape has 4 vCPUs and 16 GiB: cluster-autoscaler needs equal sizes.
    expect(spot.instanceTypes).toEqual(["g6.xlarge"]);
    expect(spot.gpusPerNode).toBe(1);
    expect(
      resolvePoolShape({ ...gcpPool, gpu: "a100-80gb", gpusPerNode: 8 }).instanceTypes,
    ).toEqual(["a2-ultragpu-8g"]);
  });
});

describe("validateGpuClusterArgs", () => {
  const cost = { owner: "t", costCenter: "c", environment: "dev" as const, stack: "s" };
  const aws: GpuClusterArgs = {
    cloud: "aws",
    region: "us-east-1",
    existingClusterName: "ml",
    subnetIds: ["subnet-1"],
    costAllocation: cost,
  };

  it("needs exactly one of existingClusterName and create", () => {
    expect(validateGpuClusterArgs({ ...aws, existingClusterName: undefined })[0].message).toMatch(
      /or create is required/,
    );
    expect(validateGpuClusterArgs({ ...aws, create: {} })[0].message).toBe(
      "and create exclude each other: give one",
    );
  });

  it("checks region names and cloud-specific keys", () => {
    expect(
      validateGpuClusterArgs({ ...aws, region: "europe-west4", project: "p" }).map(
        (p) => `${formatPath(p.path)} ${p.message}`,
      ),
    ).toEqual([
      'region is not an AWS region name (got "europe-west4"), e.g. us-east-1',
      "project applies to GCP only",
    ]);
    expect(
      validateGpuClusterArgs({
        cloud: "gcp",
        region: "us-central1",
        existingClusterName: "ml",
        costAllocation: cost,
      }),
    ).toEqual([{ path: ["project"], message: "is required for a GCP cluster: the project id" }]);
  });

  it("throws one error listing every problem", () => {
    const problems = validateGpuClusterArgs({ ...aws, subnetIds: [], region: "mars" });
    expect(() => throwIfProblems("GpuCluster x", problems)).toThrow(ValidationError);
    expect(() => throwIfProblems("GpuCluster x", problems)).toThrow(
      "GpuCluster x has 2 problems:\n" +
        '  - region is not an AWS region name (got "mars"), e.g. us-east-1\n' +
        "  - subnetIds must list the cluster's subnets (an EKS node group is placed in subnets)",
    );
  });
});

describe("what the clouds would reject, from the args alone (issue 10)", () => {
  it("refuses instance types of different sizes in one autoscaled pool", () => {
    expect(messages({ ...awsPool, instanceTypes: ["g6.xlarge", "g6.2xlarge"] })).toEqual([
      "instanceTypes must all have the same vCPUs and memory: cluster-autoscaler plans every node as the first type (got g6.xlarge 4 vCPU/16 GiB, g6.2xlarge 8 vCPU/32 GiB); keep g6.xlarge or use one size (source: https://github.com/kubernetes/autoscaler/blob/5a0b98e45f896e98132737240ac131a519d3b33d/cluster-autoscaler/cloudprovider/aws/README.md#using-mixed-instances-policies-and-spot-instances)",
    ]);
  });

  it("refuses an A100 80GB pool in europe-west4-b, where GKE has none", () => {
    const a100 = { ...gcpPool, gpu: GpuId.A100_80GB, gpusPerNode: 8 };
    expect(messages(a100)).toEqual([
      'zones[1] has no a2-ultragpu-8g (NVIDIA A100 80GB SXM4): europe-west4 offers it in europe-west4-a (got "europe-west4-b"; source: https://github.com/skypilot-org/skypilot-catalog/blob/017e2502fb63c7a28757acd94002b2d6099d3e3d/catalogs/v7/gcp/vms.csv)',
    ]);
    expect(messages({ ...a100, zones: ["europe-west4-a"] })).toEqual([]);
  });
});

describe("validateGpuClusterArgs on versions and regions (issue 10)", () => {
  const cost = { owner: "t", costCenter: "c", environment: "dev" as const, stack: "s" };
  const created: GpuClusterArgs = {
    cloud: "aws",
    region: "us-west-2",
    create: { kubernetesVersion: "1.31" },
    subnetIds: ["subnet-1"],
    costAllocation: cost,
  };
  const at = new Date("2026-11-30T00:00:00Z");
  const text = (args: GpuClusterArgs) =>
    validateGpuClusterArgs(args, at).map((p) => `${formatPath(p.path)} ${p.message}`);

  it("refuses EKS 1.31 after its extended support ended, naming the supported versions", () => {
    expect(text(created)).toEqual([
      'create.kubernetesVersion "1.31" is no longer supported by EKS (support ended 2026-11-26); use 1.34 or 1.35, or leave it out for 1.35 (source: https://github.com/awsdocs/amazon-eks-user-guide/blob/013856044148d6eeed4723027a45aa2180536bcb/latest/ug/versioning/kubernetes-versions.adoc)',
    ]);
    expect(text({ ...created, create: { kubernetesVersion: "1.35" } })).toEqual([]);
    expect(text({ ...created, create: {} })).toEqual([]);
  });

  it("refuses a made-up region with the nearest real names", () => {
    expect(text({ ...created, create: {}, region: "us-east-9" })[0]).toMatch(
      /^region is not an AWS region \(got "us-east-9"\); nearest names: us-east-1, us-east-2/,
    );
  });
});
