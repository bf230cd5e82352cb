/** GpuCluster creating its cluster on AKS, LKE and EKS with Karpenter, under the mock runtime. */
import { describe, expect, it } from "vitest";
import { GpuCluster } from "../components/compute/gpuCluster";
import { capture, ofType } from "./helpers";

const costAllocation = {
  owner: "ml-platform",
  costCenter: "cc-4711",
  environment: "prod" as const,
  stack: "test",
};

describe("GpuCluster creating its cluster", () => {
  it("creates an AKS cluster with a private API server and a system pool, then the GPU agent pool", async () => {
    const c = await capture(() => {
      const cluster = new GpuCluster("aks-weu", {
        cloud: "azure",
        region: "westeurope",
        resourceGroup: "ml-rg",
        create: { kubernetesVersion: "1.33" },
        costAllocation,
      });
      cluster.addGpuPool({
        name: "infer-a100",
        gpu: "a100-80gb",
        minNodes: 2,
        maxNodes: 4,
        zones: ["1", "2"],
      });
    });
    const [aks] = ofType(c, "azure-native:containerservice:ManagedCluster");
    expect(aks.inputs).toMatchObject({
      resourceGroupName: "ml-rg",
      location: "westeurope",
      kubernetesVersion: "1.33",
      apiServerAccessProfile: { enablePrivateCluster: true },
      disableLocalAccounts: true,
      agentPoolProfiles: [{ name: "system", mode: "System", availabilityZones: ["1", "2", "3"] }],
    });
    const [pool] = ofType(c, "azure-native:containerservice:AgentPool");
    expect(pool.inputs).toMatchObject({
      resourceName: "aks-weu",
      vmSize: "Standard_NC24ads_A100_v4",
    });
    // The AKS driver: no GPU operator.
    expect(ofType(c, "kubernetes:helm.sh/v3:Release")).toEqual([]);
  });

  it("creates an LKE cluster with a system pool, installs the GPU operator, and adds the GPU pool by id", async () => {
    const c = await capture(() => {
      const cluster = new GpuCluster("lke-fra", {
        cloud: "akamai",
        region: "de-fra-2",
        create: { kubernetesVersion: "1.34" },
        costAllocation,
      });
      cluster.addGpuPool({
        name: "infer",
        gpu: "rtx4000-ada",
        minNodes: 1,
        maxNodes: 2,
        zones: [],
      });
    });
    const [lke] = ofType(c, "linode:index/lkeCluster:LkeCluster");
    expect(lke.inputs).toMatchObject({
      label: "lke-fra",
      region: "de-fra-2",
      k8sVersion: "1.34",
      controlPlane: { highAvailability: true },
      pools: [{ type: "g6-standard-2", count: 3 }],
    });
    const [pool] = ofType(c, "linode:index/lkeNodePool:LkeNodePool");
    expect(typeof pool.inputs.clusterId).toBe("number");
    expect(ofType(c, "kubernetes:helm.sh/v3:Release").map((r) => r.name)).toEqual([
      "lke-fra-gpu-operator",
    ]);
  });

  it("installs Karpenter on an EKS cluster it creates, with its queue, rules, Pod Identity role and system nodes", async () => {
    const c = await capture(() => {
      const cluster = new GpuCluster("aws-use2", {
        cloud: "aws",
        region: "us-east-2",
        subnetIds: ["subnet-0a1", "subnet-0b2"],
        create: { kubernetesVersion: "1.33" },
        karpenter: true,
        costAllocation,
      });
      cluster.addGpuPool({
        name: "burst-l40s",
        provisioner: "karpenter",
        gpu: "l40s",
        minNodes: 0,
        maxNodes: 4,
        capacity: "spot",
        zones: ["us-east-2a", "us-east-2b"],
      });
    });
    // Beside the created cluster's add-ons (device plugin, cluster-autoscaler) on the same system nodes.
    const releases = ofType(c, "kubernetes:helm.sh/v3:Release");
    const release = releases.find((r) => (r.inputs as any).chart.includes("karpenter"))!;
    expect(release.inputs).toMatchObject({
      chart: "oci://public.ecr.aws/karpenter/karpenter",
      version: "1.14.1",
      namespace: "kube-system",
      values: { settings: { clusterName: "aws-use2" }, serviceAccount: { name: "karpenter" } },
    });
    expect(ofType(c, "aws:cloudwatch/eventRule:EventRule")).toHaveLength(4);
    expect(
      ofType(c, "aws:eks/podIdentityAssociation:PodIdentityAssociation")[0].inputs,
    ).toMatchObject({
      namespace: "kube-system",
      serviceAccount: "karpenter",
    });
    expect(ofType(c, "aws:eks/nodeGroup:NodeGroup").map((g) => g.name)).toEqual([
      "aws-use2-system",
    ]);
    const [pool] = ofType(c, "kubernetes:karpenter.sh/v1:NodePool");
    expect((pool.inputs as any).spec.template.spec.requirements).toContainEqual({
      key: "karpenter.k8s.aws/instance-family",
      operator: "In",
      values: ["g6e"],
    });
  });
});
