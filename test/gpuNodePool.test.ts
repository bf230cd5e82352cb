import { describe, expect, it } from "vitest";
import { GpuCluster, EKS_NODE_POLICIES, GKE_NODE_ROLES } from "../components/compute/gpuCluster";
import { GpuNodePool } from "../components/compute/gpuNodePool";
import type { CostAllocation } from "../model/tags";
import { capture, named, ofType } from "./support";

const cost: CostAllocation = {
  owner: "ml-platform",
  costCenter: "cc-4711",
  environment: "prod",
  stack: "test",
};
const COST_TAGS = {
  owner: "ml-platform",
  "cost-center": "cc-4711",
  environment: "prod",
  stack: "test",
  "managed-by": "hybrid-ai",
};

describe("GpuNodePool on AWS", () => {
  const run = () =>
    capture(() => {
      const cluster = new GpuCluster("aws-use1", {
        cloud: "aws",
        region: "us-east-1",
        existingClusterName: "ml-prod",
        subnetIds: ["subnet-0a1", "subnet-0b2"],
        costAllocation: cost,
      });
      cluster.addGpuPool({
        name: "infer-l4",
        gpu: "l4",
        minNodes: 0,
        maxNodes: 10,
        capacity: "spot",
        zones: ["us-east-1a", "us-east-1b"],
      });
    });

  it("creates a managed node group with the NVIDIA AMI, spot fallbacks, bounds and GPU taint", async () => {
    const c = await run();
    const ng = named(c, "aws-use1-infer-l4", "aws:eks/nodeGroup:NodeGroup");
    expect(ng.inputs).toMatchObject({
      clusterName: "ml-prod",
      amiType: "AL2023_x86_64_NVIDIA",
      capacityType: "SPOT",
      // Spot fallbacks only of the same size: cluster-autoscaler plans with the first type's.
      instanceTypes: ["g6.xlarge"],
      scalingConfig: { minSize: 0, maxSize: 10, desiredSize: 0 },
      updateConfig: { maxUnavailable: 1 },
      subnetIds: ["subnet-0a1", "subnet-0b2"],
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
      labels: {
        "hybrid-ai/accelerator": "l4",
        "hybrid-ai/pool": "aws-use1-infer-l4",
        "hybrid-ai/environment": "prod",
        "k8s.amazonaws.com/accelerator": "nvidia-l4",
      },
    });
    expect(ng.inputs.tags).toMatchObject({
      ...COST_TAGS,
      "k8s.io/cluster-autoscaler/enabled": "true",
      "k8s.io/cluster-autoscaler/ml-prod": "owned",
      "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "1",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/label/hybrid-ai/accelerator": "l4",
    });
    expect(ng.inputs.nodeRoleArn).toBe("arn:aws:iam::123456789012:role/aws-use1-node-role");
  });

  it("puts the node-template tags on the Auto Scaling group so the pool scales from zero", async () => {
    const c = await run();
    const tags = ofType(c, "aws:autoscaling/tag:Tag").map(
      (r) =>
        r.inputs as {
          autoscalingGroupName: string;
          tag: { key: string; value: string; propagateAtLaunch: boolean };
        },
    );
    expect(
      tags.every(
        (t) =>
          t.autoscalingGroupName === "eks-aws-use1-infer-l4-asg" &&
          t.tag.propagateAtLaunch === false,
      ),
    ).toBe(true);
    expect(Object.fromEntries(tags.map((t) => [t.tag.key, t.tag.value]))).toEqual({
      "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "1",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/label/hybrid-ai/accelerator": "l4",
      "k8s.io/cluster-autoscaler/node-template/label/hybrid-ai/pool": "aws-use1-infer-l4",
      "k8s.io/cluster-autoscaler/node-template/label/hybrid-ai/environment": "prod",
    });
  });

  it("names each Auto Scaling group tag by its key, so reordering tags replaces nothing", async () => {
    const c = await run();
    const names = ofType(c, "aws:autoscaling/tag:Tag").map((r) => r.name);
    expect(names).toEqual([
      "aws-use1-infer-l4-asg-tag-resources-nvidia.com-gpu",
      "aws-use1-infer-l4-asg-tag-taint-nvidia.com-gpu",
      "aws-use1-infer-l4-asg-tag-label-hybrid-ai-accelerator",
      "aws-use1-infer-l4-asg-tag-label-hybrid-ai-pool",
      "aws-use1-infer-l4-asg-tag-label-hybrid-ai-environment",
    ]);
  });

  it("creates a node role with the managed policies, and parents everything under the cluster with its provider", async () => {
    const c = await run();
    const role = named(c, "aws-use1-node-role", "aws:iam/role:Role");
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Service).toBe(
      "ec2.amazonaws.com",
    );
    expect(role.inputs.tags).toEqual(COST_TAGS);
    const attached = ofType(c, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map(
      (r) => r.inputs.policyArn,
    );
    expect(attached).toEqual([...EKS_NODE_POLICIES]);

    const provider = named(c, "aws-use1-provider", "pulumi:providers:aws");
    expect(provider.inputs.region).toBe("us-east-1");
    const cluster = named(c, "aws-use1", "hybrid-ai:compute:GpuCluster");
    const pool = named(c, "aws-use1-infer-l4", "hybrid-ai:compute:GpuNodePool");
    expect(pool.parent).toBe(cluster.urn);
    for (const r of c.resources.filter(
      (r) => r.custom && !r.type.startsWith("pulumi:providers:"),
    )) {
      expect(
        r.provider?.startsWith(provider.urn),
        `${r.type} ${r.name} uses the cluster's provider`,
      ).toBe(true);
      expect([cluster.urn, pool.urn]).toContain(r.parent);
    }
  });

  it("creates an EKS cluster with encrypted secrets and a private endpoint when asked", async () => {
    const c = await capture(() => {
      const cluster = new GpuCluster("aws-usw2", {
        cloud: "aws",
        region: "us-west-2",
        create: { kubernetesVersion: "1.35" },
        subnetIds: ["subnet-1a1"],
        costAllocation: cost,
      });
      cluster.addGpuPool({
        name: "infer",
        gpu: "l4",
        minNodes: 1,
        maxNodes: 2,
        zones: ["us-west-2a"],
      });
    });
    const eks = named(c, "aws-usw2", "aws:eks/cluster:Cluster");
    expect(eks.inputs).toMatchObject({
      name: "aws-usw2",
      version: "1.35",
      // Upgrades at the end of standard support rather than paying for extended support.
      upgradePolicy: { supportType: "STANDARD" },
      vpcConfig: {
        subnetIds: ["subnet-1a1"],
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
      },
      encryptionConfig: { resources: ["secrets"] },
    });
    expect(named(c, "aws-usw2-cluster-role", "aws:iam/role:Role")).toBeDefined();
    expect(named(c, "aws-usw2-infer", "aws:eks/nodeGroup:NodeGroup").inputs.clusterName).toBe(
      "aws-usw2",
    );
    expect(named(c, "aws-usw2-infer", "aws:eks/nodeGroup:NodeGroup").inputs.capacityType).toBe(
      "ON_DEMAND",
    );
  });

  it("makes a created EKS cluster ready for GPUs: system nodes, device plugin, cluster-autoscaler with Pod Identity", async () => {
    const c = await capture(() => {
      const cluster = new GpuCluster("aws-usw2", {
        cloud: "aws",
        region: "us-west-2",
        create: {},
        subnetIds: ["subnet-1a1"],
        costAllocation: cost,
      });
      cluster.addGpuPool({
        name: "infer",
        gpu: "l4",
        minNodes: 0,
        maxNodes: 2,
        zones: ["us-west-2a"],
      });
    });
    expect(named(c, "aws-usw2", "aws:eks/cluster:Cluster").inputs.version).toBe("1.35");
    const releases = ofType(c, "kubernetes:helm.sh/v3:Release");
    expect(releases.map((r) => [r.inputs.chart, r.inputs.version]).sort()).toEqual([
      ["cluster-autoscaler", "9.59.0"],
      ["nvidia-device-plugin", "0.20.0"],
    ]);
    const autoscaler = releases.find((r) => r.inputs.chart === "cluster-autoscaler")!;
    expect(autoscaler.inputs.values).toMatchObject({
      cloudProvider: "aws",
      awsRegion: "us-west-2",
      autoDiscovery: { clusterName: "aws-usw2" },
      image: { tag: "v1.35.2" },
      rbac: { serviceAccount: { name: "cluster-autoscaler" } },
    });
    expect(
      named(c, "aws-usw2-autoscaler", "aws:eks/podIdentityAssociation:PodIdentityAssociation")
        .inputs,
    ).toMatchObject({ namespace: "kube-system", serviceAccount: "cluster-autoscaler" });
    expect(named(c, "aws-usw2-pod-identity-agent", "aws:eks/addon:Addon").inputs.addonName).toBe(
      "eks-pod-identity-agent",
    );
    expect(named(c, "aws-usw2-system", "aws:eks/nodeGroup:NodeGroup").inputs.amiType).toBe(
      "AL2023_x86_64_STANDARD",
    );
  });

  it("fits long pool names to GKE's 40 characters and label values to 63, without collisions", async () => {
    const long = "training-pool-for-the-large-models";
    const c = await capture(() => {
      const cluster = new GpuCluster("gcp-europe-west4-research", {
        cloud: "gcp",
        region: "europe-west4",
        project: "acme-ml",
        existingClusterName: "ml-eu",
        costAllocation: cost,
      });
      cluster.addGpuPool({
        name: long,
        gpu: "l4",
        minNodes: 0,
        maxNodes: 2,
        zones: ["europe-west4-a"],
      });
    });
    const pool = named(c, `gcp-europe-west4-research-${long}`, "gcp:container/nodePool:NodePool");
    const name = pool.inputs.name as string;
    expect(name.length).toBeLessThanOrEqual(40);
    expect(name).toMatch(/^gcp-europe-west4-research-trainin-[0-9a-f]{6}$/);
    const labels = (pool.inputs.nodeConfig as { labels: Record<string, string> }).labels;
    expect(labels["hybrid-ai/pool"].length).toBeLessThanOrEqual(63);
    const account = ofType(c, "gcp:serviceaccount/account:Account")[0];
    expect((account.inputs.accountId as string).length).toBeLessThanOrEqual(30);
  });

  it("refuses invalid args before creating any child", async () => {
    await expect(
      capture(() => {
        new GpuNodePool("bad", {
          cloud: "aws",
          region: "us-east-1",
          clusterName: "ml",
          gpu: "l4",
          minNodes: 3,
          maxNodes: 1,
          zones: ["us-east-1a"],
          costAllocation: cost,
        });
      }),
    ).rejects.toThrow(
      "GpuNodePool bad has 3 problems:\n  - maxNodes must be >= minNodes (got 1 < 3)\n  - subnetIds is required for an EKS node group\n  - nodeRoleArn is required for an EKS node group",
    );
  });
});

describe("GpuNodePool on GCP", () => {
  const run = (capacity: "spot" | "on-demand") =>
    capture(() => {
      const cluster = new GpuCluster("gcp-euw4", {
        cloud: "gcp",
        region: "europe-west4",
        project: "acme-ml",
        existingClusterName: "ml-eu",
        costAllocation: cost,
      });
      cluster.addGpuPool({
        name: "infer-l4",
        gpu: "l4",
        minNodes: 2,
        maxNodes: 8,
        capacity,
        zones: ["europe-west4-a", "europe-west4-b"],
      });
    });

  it("creates a node pool with guest accelerators, driver installation, taint and total autoscaling bounds", async () => {
    const c = await run("on-demand");
    const np = named(c, "gcp-euw4-infer-l4", "gcp:container/nodePool:NodePool");
    expect(np.inputs).toMatchObject({
      cluster: "ml-eu",
      location: "europe-west4",
      project: "acme-ml",
      nodeLocations: ["europe-west4-a", "europe-west4-b"],
      autoscaling: { totalMinNodeCount: 2, totalMaxNodeCount: 8, locationPolicy: "BALANCED" },
      upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: "g2-standard-4",
        spot: false,
        guestAccelerators: [
          {
            type: "nvidia-l4",
            count: 1,
            gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" },
          },
        ],
        taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
        labels: {
          "hybrid-ai/accelerator": "l4",
          "hybrid-ai/pool": "gcp-euw4-infer-l4",
          "hybrid-ai/environment": "prod",
        },
        resourceLabels: { ...COST_TAGS, pool: "gcp-euw4-infer-l4" },
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        serviceAccount: "gcp-euw4-gpu@acme-ml.iam.gserviceaccount.com",
      },
    });
  });

  it("uses spot VMs placed in any zone with capacity for spot pools", async () => {
    const np = named(await run("spot"), "gcp-euw4-infer-l4", "gcp:container/nodePool:NodePool");
    expect(np.inputs).toMatchObject({
      nodeConfig: { spot: true },
      autoscaling: { locationPolicy: "ANY" },
    });
  });

  it("creates a least-privilege node service account and passes the GCP provider to every child", async () => {
    const c = await run("on-demand");
    expect(named(c, "gcp-euw4-nodes", "gcp:serviceaccount/account:Account").inputs).toMatchObject({
      accountId: "gcp-euw4-gpu",
      project: "acme-ml",
    });
    expect(ofType(c, "gcp:projects/iAMMember:IAMMember").map((r) => r.inputs.role)).toEqual([
      ...GKE_NODE_ROLES,
    ]);
    const provider = named(c, "gcp-euw4-provider", "pulumi:providers:gcp");
    expect(provider.inputs).toMatchObject({ project: "acme-ml", region: "europe-west4" });
    for (const r of c.resources.filter(
      (r) => r.custom && !r.type.startsWith("pulumi:providers:"),
    )) {
      expect(r.provider?.startsWith(provider.urn), `${r.name}`).toBe(true);
    }
  });

  it("creates a GKE cluster without its default pool when asked", async () => {
    const c = await capture(() => {
      const cluster = new GpuCluster("gcp-usc1", {
        cloud: "gcp",
        region: "us-central1",
        project: "acme-ml",
        create: {},
        costAllocation: cost,
      });
      cluster.addGpuPool({
        name: "t4",
        gpu: "t4",
        minNodes: 0,
        maxNodes: 2,
        zones: ["us-central1-a"],
      });
    });
    expect(named(c, "gcp-usc1", "gcp:container/cluster:Cluster").inputs).toMatchObject({
      name: "gcp-usc1",
      removeDefaultNodePool: true,
      deletionProtection: true,
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
    });
    expect(named(c, "gcp-usc1-t4", "gcp:container/nodePool:NodePool").inputs.cluster).toBe(
      "gcp-usc1",
    );
  });
});
