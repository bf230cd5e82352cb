import { describe, expect, it } from "vitest";
import {
  AKS_SPOT_TAINT,
  aksAgentPoolArgs,
  aksPoolName,
  AKS_POOL_NAME,
} from "../components/compute/aks";
import { gpuOperatorValues, timeSlicingConfig } from "../components/compute/gpuOperator";
import {
  instanceFamily,
  karpenterNodeClass,
  karpenterNodePool,
} from "../components/compute/karpenter";
import { decodeKubeconfig, lkeNodePoolArgs, linodeTags } from "../components/compute/lke";
import { onPremNodePatchArgs } from "../components/compute/onprem";
import { GPU_OPERATOR_CHART, KARPENTER_CHART } from "../model/catalog/software";

const gpuTaint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

describe("AKS agent pool", () => {
  const base = {
    resourceGroupName: "ml-prod-rg",
    clusterName: "ml-aks",
    agentPoolName: "infert4",
    vmSize: "Standard_NC4as_T4_v3",
    minNodes: 0,
    maxNodes: 4,
    desiredNodes: 0,
    spot: true,
    zones: ["1", "2"],
    diskGiB: 200,
    nodeLabels: { "hybrid-ai/accelerator": "t4" },
    nodeTaints: ["nvidia.com/gpu=present:NoSchedule"],
    tags: { owner: "ml-platform" },
    gpuDriver: "aks" as const,
  };

  it("asks for spot with a delete eviction policy, the on-demand price cap and the spot taint", () => {
    expect(aksAgentPoolArgs(base)).toMatchObject({
      mode: "User",
      vmSize: "Standard_NC4as_T4_v3",
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 4,
      count: 0,
      availabilityZones: ["1", "2"],
      scaleSetPriority: "Spot",
      scaleSetEvictionPolicy: "Delete",
      spotMaxPrice: -1,
      nodeTaints: ["nvidia.com/gpu=present:NoSchedule", AKS_SPOT_TAINT],
      gpuProfile: { driver: "Install" },
    });
    expect(aksAgentPoolArgs(base).upgradeSettings).toBeUndefined();
  });

  it("runs on-demand pools as Regular with surge upgrades, and skips the driver for the operator", () => {
    const args = aksAgentPoolArgs({
      ...base,
      spot: false,
      gpuDriver: "gpu-operator",
      spotMaxPriceUsd: 0.3,
    });
    expect(args).toMatchObject({
      scaleSetPriority: "Regular",
      nodeTaints: ["nvidia.com/gpu=present:NoSchedule"],
      gpuProfile: { driver: "None" },
      upgradeSettings: { maxSurge: "1" },
    });
    expect(args.spotMaxPrice).toBeUndefined();
  });

  it("folds pool names into AKS's 12-character alphabet", () => {
    expect(aksPoolName("infer-t4")).toBe("infert4");
    expect(aksPoolName("train-h100-spot-large")).toBe("trainh100spo");
    expect(AKS_POOL_NAME.test(aksPoolName("infer-t4"))).toBe(true);
    expect(AKS_POOL_NAME.test(aksPoolName("4gpu"))).toBe(false);
  });
});

describe("LKE node pool", () => {
  it("sets the autoscaler bounds, labels, taints and tags", () => {
    expect(
      lkeNodePoolArgs({
        clusterId: 12345,
        planType: "g2-gpu-rtx4000a1-s",
        minNodes: 1,
        maxNodes: 3,
        desiredNodes: 1,
        labels: { "hybrid-ai/pool": "lke-ord-infer-rtx4000" },
        taints: [gpuTaint],
        tags: linodeTags({ owner: "ml-platform", "cost-center": "cc-4711" }),
      }),
    ).toEqual({
      clusterId: 12345,
      type: "g2-gpu-rtx4000a1-s",
      nodeCount: 1,
      autoscaler: { min: 1, max: 3 },
      labels: { "hybrid-ai/pool": "lke-ord-infer-rtx4000" },
      taints: [gpuTaint],
      tags: ["owner:ml-platform", "cost-center:cc-4711"],
    });
  });

  it("decodes LKE's base64 kubeconfig", () => {
    expect(decodeKubeconfig(Buffer.from("apiVersion: v1\n").toString("base64"))).toBe(
      "apiVersion: v1\n",
    );
  });
});

describe("on-prem node patch", () => {
  const input = {
    node: "gpu-node-01",
    labels: { "hybrid-ai/pool": "rack-fra-train-h100" },
    taints: [gpuTaint],
    pool: "rack-fra-train-h100",
  };
  it("labels and taints a declared node like a cloud pool, forcing ownership of those fields", () => {
    expect(onPremNodePatchArgs({ ...input, sharing: { mode: "none" } })).toEqual({
      metadata: {
        name: "gpu-node-01",
        labels: { "hybrid-ai/pool": "rack-fra-train-h100" },
        annotations: { "pulumi.com/patchForce": "true" },
      },
      spec: { taints: [gpuTaint] },
    });
  });
  it("adds the label the GPU operator reads for time-slicing or MIG", () => {
    expect(
      onPremNodePatchArgs({ ...input, sharing: { mode: "time-slicing", replicas: 4 } }).metadata,
    ).toMatchObject({ labels: { "nvidia.com/device-plugin.config": "rack-fra-train-h100" } });
    expect(
      onPremNodePatchArgs({ ...input, sharing: { mode: "mig", profile: "all-1g.10gb" } }).metadata,
    ).toMatchObject({ labels: { "nvidia.com/mig.config": "all-1g.10gb" } });
  });
});

describe("GPU operator values", () => {
  it("installs the driver where asked and writes one time-slicing entry per pool", () => {
    const values = gpuOperatorValues({
      installDriver: true,
      timeSlicing: { "rack-fra-infer-l40s": 4 },
      mig: true,
      labels: { "managed-by": "hybrid-ai" },
    });
    expect(values).toEqual({
      driver: { enabled: true },
      devicePlugin: {
        config: {
          create: true,
          name: "time-slicing-config",
          default: "",
          data: { "rack-fra-infer-l40s": timeSlicingConfig(4) },
        },
      },
      mig: { strategy: "single" },
      migManager: { enabled: true },
      daemonsets: { labels: { "managed-by": "hybrid-ai" } },
    });
    expect(timeSlicingConfig(4)).toContain("replicas: 4");
  });
  it("pins chart versions in data, with sources", () => {
    expect(GPU_OPERATOR_CHART.version).toBe("v26.7.0");
    expect(KARPENTER_CHART.version).toBe("1.14.1");
    expect(GPU_OPERATOR_CHART.source.url).toContain("NVIDIA/gpu-operator");
  });
});

describe("Karpenter objects", () => {
  const input = {
    name: "aws-use1-burst-l4",
    instanceFamilies: ["g6"],
    gpusPerNode: 1,
    maxNodes: 10,
    spot: true,
    zones: ["us-east-1a", "us-east-1b"],
    labels: { "hybrid-ai/pool": "aws-use1-burst-l4" },
    taints: [gpuTaint],
    nodeRoleName: "aws-use1-node-role",
    subnetIds: ["subnet-0a1"],
    securityGroupId: "sg-0123",
    diskGiB: 200,
    tags: { owner: "ml-platform" },
  };

  it("puts spot before on-demand, limits GPUs to maxNodes x GPUs, consolidates with a budget", () => {
    const pool = karpenterNodePool(input) as { spec: Record<string, any> };
    expect(pool).toMatchObject({ apiVersion: "karpenter.sh/v1", kind: "NodePool" });
    expect(pool.spec.template.spec.requirements).toContainEqual({
      key: "karpenter.sh/capacity-type",
      operator: "In",
      values: ["spot", "on-demand"],
    });
    expect(pool.spec.template.spec.requirements).toContainEqual({
      key: "karpenter.k8s.aws/instance-family",
      operator: "In",
      values: ["g6"],
    });
    expect(pool.spec.limits).toEqual({ "nvidia.com/gpu": "10" });
    expect(pool.spec.disruption).toEqual({
      consolidationPolicy: "WhenEmptyOrUnderutilized",
      consolidateAfter: "15m",
      budgets: [{ nodes: "1" }],
    });
    expect(pool.spec.template.spec.taints).toEqual([gpuTaint]);
    const onDemand = karpenterNodePool({ ...input, spot: false }) as { spec: Record<string, any> };
    expect(onDemand.spec.template.spec.requirements).toContainEqual({
      key: "karpenter.sh/capacity-type",
      operator: "In",
      values: ["on-demand"],
    });
  });

  it("selects the pool's subnets, the cluster security group and an encrypted gp3 root disk", () => {
    expect(karpenterNodeClass(input)).toMatchObject({
      apiVersion: "karpenter.k8s.aws/v1",
      kind: "EC2NodeClass",
      spec: {
        role: "aws-use1-node-role",
        amiSelectorTerms: [{ alias: "al2023@latest" }],
        subnetSelectorTerms: [{ id: "subnet-0a1" }],
        securityGroupSelectorTerms: [{ id: "sg-0123" }],
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: { volumeSize: "200Gi", volumeType: "gp3", encrypted: true },
          },
        ],
      },
    });
    expect(instanceFamily("g6e.12xlarge")).toBe("g6e");
  });
});
