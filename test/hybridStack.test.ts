/**
 * The hybrid stack (AKS, LKE, on-prem racks, EKS with Karpenter, GKE) as captured from a mock run of
 * the real program: what each target's pool creates, the GPU operator, the schedules, and the pools the
 * one pool reader finds with their cost.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AKS_SCHEDULER_ACTIONS } from "../components/schedule/aks";
import { GPU_OPERATOR_CHART } from "../model/catalog/software";
import type { Capture, CapturedResource } from "../model/graph";
import { estimateCost } from "../model/estimate/cost";
import { extractGpuPools } from "../model/readers/pools";
import { findProject } from "../review/run/project";
import { runStackOffline } from "../review/run/stack";

type Obj = Record<string, any>;

describe("the hybrid stack", () => {
  let capture: Capture;
  beforeAll(async () => {
    const project = findProject(path.resolve(__dirname, ".."));
    capture = (await runStackOffline({ stack: "hybrid", project })).capture;
  });

  const ofType = (type: string) => capture.resources.filter((r) => r.type === type);
  const named = (type: string, name: string): CapturedResource => {
    const found = ofType(type).filter((r) => r.name === name);
    expect(found.map((r) => r.name)).toEqual([name]);
    return found[0];
  };
  const inputs = (r: CapturedResource) => r.inputs as Obj;
  const providerOf = (r: CapturedResource) =>
    capture.resources.find((p) => r.provider?.startsWith(`${p.urn}::`));

  it("puts an AKS spot T4 pool on NCasT4_v3 with eviction, price cap, zones, the taints and cost tags", () => {
    const pool = named("azure-native:containerservice:AgentPool", "aks-eus2-burst-t4");
    expect(inputs(pool)).toMatchObject({
      resourceGroupName: "ml-prod-rg",
      resourceName: "ml-aks",
      agentPoolName: "burstt4",
      mode: "User",
      vmSize: "Standard_NC4as_T4_v3",
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 4,
      availabilityZones: ["1", "2"],
      scaleSetPriority: "Spot",
      scaleSetEvictionPolicy: "Delete",
      spotMaxPrice: -1,
      nodeTaints: [
        "nvidia.com/gpu=present:NoSchedule",
        "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
      ],
      gpuProfile: { driver: "Install" },
      tags: { owner: "ml-platform", "cost-center": "cc-4711", environment: "prod" },
    });
    expect(providerOf(pool)?.type).toBe("pulumi:providers:azure-native");
    expect(inputs(providerOf(pool)!).location).toBe("eastus2");
    expect(capture.resources.find((r) => r.urn === pool.parent)?.type).toBe(
      "hybrid-ai:compute:GpuNodePool",
    );
  });

  it("switches the scheduled AKS pool with Logic Apps under a role that only reads and writes agent pools", () => {
    const workflows = ofType("azure-native:logic:Workflow").filter((w) =>
      w.name.startsWith("aks-eus2-infer-a100-schedule-"),
    );
    // Off and on on weekdays, and the holiday guard.
    expect(workflows.map((w) => w.name).sort()).toEqual([
      "aks-eus2-infer-a100-schedule-holiday-off",
      "aks-eus2-infer-a100-schedule-off-0",
      "aks-eus2-infer-a100-schedule-on-1",
    ]);
    const on = inputs(named("azure-native:logic:Workflow", "aks-eus2-infer-a100-schedule-on-1"));
    expect(on.identity).toEqual({ type: "SystemAssigned" });
    expect(on.definition.triggers.Recurrence.recurrence).toEqual({
      frequency: "Week",
      interval: 1,
      timeZone: "W. Europe Standard Time",
      schedule: {
        weekDays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        hours: [7],
        minutes: [0],
      },
    });
    expect(JSON.stringify(on.definition.actions)).toContain('{\\"code\\":\\"Running\\"}');
    const role = named(
      "azure-native:authorization:RoleDefinition",
      "aks-eus2-infer-a100-schedule-role",
    );
    expect(inputs(role).permissions).toEqual([{ actions: [...AKS_SCHEDULER_ACTIONS] }]);
    expect(inputs(role).scope).toMatch(
      /^\/subscriptions\/[0-9a-f-]+\/resourceGroups\/ml-prod-rg\/providers\/Microsoft\.ContainerService\/managedClusters\/ml-aks$/,
    );
    const assignments = ofType("azure-native:authorization:RoleAssignment");
    expect(assignments).toHaveLength(3);
    expect(assignments.every((a) => inputs(a).principalType === "ServicePrincipal")).toBe(true);
  });

  it("puts an LKE RTX 4000 Ada pool under the LKE autoscaler, with labels, the taint and tags", () => {
    const pool = named("linode:index/lkeNodePool:LkeNodePool", "lke-ord-infer-rtx4000");
    expect(inputs(pool)).toMatchObject({
      type: "g2-gpu-rtx4000a1-s",
      nodeCount: 2,
      autoscaler: { min: 2, max: 3 },
      labels: { "hybrid-ai/accelerator": "rtx4000-ada", "hybrid-ai/pool": "lke-ord-infer-rtx4000" },
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
    });
    expect(inputs(pool).tags).toEqual(
      expect.arrayContaining([
        "owner:ml-platform",
        "cost-center:cc-4711",
        "hybrid-ai/region:us-ord",
      ]),
    );
    expect(typeof inputs(pool).clusterId).toBe("number");
  });

  it("installs the pinned GPU operator on LKE and on-prem, with time-slicing where a pool asks", () => {
    const releases = ofType("kubernetes:helm.sh/v3:Release").filter(
      (r) => inputs(r).chart === "gpu-operator",
    );
    expect(releases.map((r) => r.name).sort()).toEqual([
      "lke-ord-gpu-operator",
      "rack-fra-gpu-operator",
    ]);
    for (const r of releases) {
      expect(inputs(r)).toMatchObject({
        version: GPU_OPERATOR_CHART.version,
        repositoryOpts: { repo: GPU_OPERATOR_CHART.repo },
        namespace: "gpu-operator",
        values: { driver: { enabled: true } },
      });
      expect(providerOf(r)?.type).toBe("pulumi:providers:kubernetes");
    }
    const rack = inputs(releases.find((r) => r.name === "rack-fra-gpu-operator")!);
    expect(Object.keys(rack.values.devicePlugin.config.data)).toEqual(["rack-fra-infer-l40s"]);
    expect(rack.values.devicePlugin.config.data["rack-fra-infer-l40s"]).toContain("replicas: 4");
  });

  it("labels and taints every declared on-prem machine, and records each pool's inventory", () => {
    const patches = ofType("kubernetes:core/v1:NodePatch");
    expect(patches.map((p) => inputs(p).metadata.name).sort()).toEqual([
      "gpu-node-01",
      "gpu-node-02",
      "gpu-node-11",
      "gpu-node-12",
    ]);
    for (const p of patches) {
      expect(inputs(p).spec.taints).toEqual([
        { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
      ]);
      expect(inputs(p).metadata.labels).toMatchObject({
        owner: "ml-platform",
        environment: "prod",
      });
    }
    const l40s = patches.find((p) => inputs(p).metadata.name === "gpu-node-11")!;
    expect(inputs(l40s).metadata.labels["nvidia.com/device-plugin.config"]).toBe(
      "rack-fra-infer-l40s",
    );
    const inventory = named("kubernetes:core/v1:ConfigMap", "rack-fra-train-h100");
    expect(inputs(inventory).data).toEqual({
      site: "fra-dc1",
      gpu: "h100",
      gpusPerNode: "8",
      nodes: "gpu-node-01 gpu-node-02",
      sharing: "none",
      purchaseUsdPerNode: "310000",
      purchasedOn: "2025-03-01",
      amortizeYears: "4",
    });
  });

  it("schedules on-prem workloads to zero and says the machines stay on", () => {
    const jobs = ofType("kubernetes:batch/v1:CronJob").filter((j) =>
      j.name.startsWith("rack-fra-infer-l40s-schedule-"),
    );
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    const off = jobs.find((j) => inputs(j).metadata.labels["hybrid-ai/switch"] === "off")!;
    expect(inputs(off).metadata.namespace).toBe("inference");
    const script = inputs(off).spec.jobTemplate.spec.template.spec.containers[0].command[2];
    expect(script).toContain("scale deployment/'vllm-llama-8b' --replicas=0");
    expect(
      inputs(named("kubernetes:core/v1:ConfigMap", "rack-fra-infer-l40s")).data.scheduleEffect,
    ).toBe("scales the pool's workloads to zero; the machines stay on");
  });

  it("gives the Karpenter pool a NodePool and EC2NodeClass: spot first, GPU limit, taint, consolidation", () => {
    const pool = inputs(named("kubernetes:karpenter.sh/v1:NodePool", "aws-use1-burst-l4"));
    expect(pool.metadata.labels).toMatchObject({
      "hybrid-ai/region": "us-east-1",
      "hybrid-ai/cluster": "ml-prod",
      owner: "ml-platform",
    });
    expect(pool.spec.limits).toEqual({ "nvidia.com/gpu": "10" });
    expect(pool.spec.template.spec.requirements).toEqual(
      expect.arrayContaining([
        { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
        { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["g6"] },
        { key: "karpenter.k8s.aws/instance-gpu-count", operator: "In", values: ["1"] },
        {
          key: "topology.kubernetes.io/zone",
          operator: "In",
          values: ["us-east-1a", "us-east-1b"],
        },
      ]),
    );
    expect(pool.spec.disruption.budgets).toEqual([{ nodes: "1" }]);
    const nodeClass = inputs(
      named("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "aws-use1-burst-l4-class"),
    );
    expect(nodeClass.spec).toMatchObject({
      role: "aws-use1-node-role",
      securityGroupSelectorTerms: [{ id: "sg-ml-prod" }],
      subnetSelectorTerms: [{ id: "subnet-0a1" }, { id: "subnet-0b2" }],
    });
  });

  it("finds every pool of every target, and prices owned racks by amortised purchase", () => {
    const pools = extractGpuPools(capture.resources);
    expect(pools.map((p) => `${p.cloud} ${p.region} ${p.pool}`)).toEqual([
      "akamai us-ord lke-ord-infer-rtx4000",
      "aws us-east-1 aws-use1-burst-l4",
      "aws us-east-1 aws-use1-infer-l4",
      "azure eastus2 aks-eus2-burst-t4",
      "azure eastus2 aks-eus2-infer-a100",
      "gcp europe-west4 gcp-euw4-infer-l4",
      "gcp europe-west4 hybrid-dr-standby-infer-l4",
      "onprem fra-dc1 rack-fra-infer-l40s",
      "onprem fra-dc1 rack-fra-train-h100",
    ]);
    const karpenter = pools.find((p) => p.pool === "aws-use1-burst-l4")!;
    expect(karpenter).toMatchObject({
      provisioner: "karpenter",
      minNodes: 0,
      maxNodes: 10,
      capacity: "spot",
    });
    const cost = estimateCost(pools, 730, new Date("2026-11-30T00:00:00Z"));
    const h100 = cost.pools.find((p) => p.pool === "rack-fra-train-h100")!;
    // 310,000 per machine over 4 years = 6,458.33 a month, two machines.
    expect(h100.monthlyMaxUsd).toBe(12916.67);
    expect(h100.costBasis).toContain("straight-line over 4 years");
    const l40s = cost.pools.find((p) => p.pool === "rack-fra-infer-l40s")!;
    expect(l40s.savingMaxUsd).toBe(0);
    expect(l40s.costBasis).toContain("the machines stay on");
    const lke = cost.pools.find((p) => p.pool === "lke-ord-infer-rtx4000")!;
    expect(lke).toMatchObject({ usdPerNodeHour: 0.52, monthlyMinUsd: 759.2 });
    expect(cost.unpriced).toEqual([]);
  });
});
