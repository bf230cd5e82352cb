import * as k8s from "@pulumi/kubernetes";
/**
 * The edge and schedule components under Pulumi's mock runtime: every registered resource's type,
 * name, parent, provider and labels, and that a kubeconfig stays secret everywhere.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { describe, expect, it } from "vitest";
import { AutoscalingPolicy } from "../components/edge/autoscalingPolicy";
import {
  EdgeInferenceSite,
  type EdgeInferenceSiteArgs,
} from "../components/edge/edgeInferenceSite";
import { GpuNodePool } from "../components/compute/gpuNodePool";
import { ShutdownSchedule } from "../components/schedule/shutdownSchedule";
import { ValidationError } from "../model/validation";
import { capture as run, named as byName, type CapturedResource } from "./support";

const KUBECONFIG =
  "apiVersion: v1\nclusters:\n- cluster: {server: https://10.0.0.1:6443}\nusers:\n- user: {token: s3cr3t-edge-token}\n";
const costAllocation = {
  owner: "retail-ml",
  costCenter: "cc-5120",
  environment: "staging" as const,
  stack: "test",
};
const NOW = "2026-11-22T12:00:00Z";

const providerUrn = (r: CapturedResource) => r.provider?.slice(0, r.provider.lastIndexOf("::"));

const siteArgs: EdgeInferenceSiteArgs = {
  kubeconfig: KUBECONFIG,
  location: "eu-central",
  hardware: "nvidia-l4",
  costAllocation,
  schedule: {
    name: "store-hours",
    spec: { timezone: "Europe/Berlin", on: ["Mon-Sat 07:30-21:00"], holidays: ["2026-12-25"] },
    now: NOW,
  },
  models: [
    {
      name: "support-chat",
      server: "vllm",
      image: "vllm/vllm-openai:v0.6.3",
      model: "meta-llama/Llama-3.1-8B-Instruct",
      revision: "0e9e39f",
      autoscaling: { minReplicas: 1, maxReplicas: 4, queueDepthTarget: 5 },
    },
    {
      name: "embedder",
      server: "triton",
      image: "nvcr.io/nvidia/tritonserver:24.08-py3",
      model: "s3://m/e",
      revision: "r1",
      replicas: 2,
    },
  ],
};

describe("EdgeInferenceSite", () => {
  it("creates its own provider and, under the site, a namespace, the runtime class, and per model five objects", async () => {
    const c = await run(() => new EdgeInferenceSite("store-berlin-01", siteArgs));
    const site = byName(c, "store-berlin-01");
    expect(site.type).toBe("hybrid-ai:edge:EdgeInferenceSite");
    const provider = byName(c, "store-berlin-01-provider");
    expect(provider.type).toBe("pulumi:providers:kubernetes");
    expect(provider.parent).toBe(site.urn);

    const expected: Array<[string, string]> = [
      ["store-berlin-01-namespace", "kubernetes:core/v1:Namespace"],
      ["store-berlin-01-runtimeclass", "kubernetes:node.k8s.io/v1:RuntimeClass"],
      ["store-berlin-01-support-chat", "kubernetes:apps/v1:Deployment"],
      ["store-berlin-01-support-chat-cache", "kubernetes:core/v1:PersistentVolumeClaim"],
      ["store-berlin-01-support-chat-service", "kubernetes:core/v1:Service"],
      ["store-berlin-01-support-chat-pdb", "kubernetes:policy/v1:PodDisruptionBudget"],
      ["store-berlin-01-support-chat-netpol", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["store-berlin-01-embedder", "kubernetes:apps/v1:Deployment"],
      ["store-berlin-01-embedder-cache", "kubernetes:core/v1:PersistentVolumeClaim"],
      ["store-berlin-01-support-chat-autoscaling", "hybrid-ai:edge:AutoscalingPolicy"],
      ["store-berlin-01-schedule", "hybrid-ai:schedule:ShutdownSchedule"],
    ];
    for (const [name, type] of expected) {
      const r = byName(c, name);
      expect(r.type).toBe(type);
      expect(r.parent, name).toBe(site.urn);
      if (r.custom) {
        expect(providerUrn(r), name).toBe(provider.urn);
      }
    }
    // Grandchildren use the site's provider too.
    const scaler = byName(c, "store-berlin-01-support-chat-autoscaling-scaledobject");
    expect(scaler.type).toBe("kubernetes:keda.sh/v1alpha1:ScaledObject");
    expect(scaler.parent).toBe(byName(c, "store-berlin-01-support-chat-autoscaling").urn);
    expect(providerUrn(scaler)).toBe(provider.urn);
    for (const name of [
      "store-berlin-01-schedule-account",
      "store-berlin-01-schedule-role",
      "store-berlin-01-schedule-binding",
      "store-berlin-01-schedule-off-0",
      "store-berlin-01-schedule-on-1",
    ]) {
      const r = byName(c, name);
      expect(providerUrn(r), name).toBe(provider.urn);
      expect(r.parent).toBe(byName(c, "store-berlin-01-schedule").urn);
    }
    // The embedder has no scaler: no AutoscalingPolicy, fixed replicas.
    expect(c.resources.some((r) => r.name === "store-berlin-01-embedder-autoscaling")).toBe(false);
    expect(
      (byName(c, "store-berlin-01-embedder").inputs.spec as { replicas: number }).replicas,
    ).toBe(2);
  });

  it("labels the namespace with cost and site labels", async () => {
    const c = await run(() => new EdgeInferenceSite("store-berlin-01", siteArgs));
    const ns = byName(c, "store-berlin-01-namespace").inputs.metadata as {
      name: string;
      labels: Record<string, string>;
    };
    expect(ns.name).toBe("store-berlin-01");
    expect(ns.labels).toMatchObject({
      owner: "retail-ml",
      "cost-center": "cc-5120",
      environment: "staging",
      stack: "test",
      "managed-by": "hybrid-ai",
      "hybrid-ai/site": "store-berlin-01",
      "hybrid-ai/location": "eu-central",
      "hybrid-ai/hardware": "nvidia-l4",
      "hybrid-ai/schedule": "store-hours",
    });
  });

  it("keeps the kubeconfig secret: a secret path of the provider, never in any input, output or stack output", async () => {
    const c = await run(() => new EdgeInferenceSite("store-berlin-01", siteArgs));
    const provider = byName(c, "store-berlin-01-provider");
    expect(provider.secretPaths).toContain("kubeconfig");
    expect(provider.inputs.kubeconfig).toBe("[secret]");
    const everything = JSON.stringify(c);
    expect(everything).not.toContain("s3cr3t-edge-token");
    expect(everything).not.toContain("10.0.0.1");
  });

  it("owns no RuntimeClass on plain Kubernetes or CPU hardware, or when told not to", async () => {
    const variants: Array<Partial<EdgeInferenceSiteArgs>> = [
      { distribution: "kubernetes" },
      { manageRuntimeClass: false },
      {
        hardware: "cpu",
        models: [
          {
            name: "qa",
            server: "llamacpp",
            image: "ghcr.io/ggml-org/llama.cpp:server-b4500",
            model: "a/b/c.gguf",
            revision: "abcdef1",
          },
        ],
      },
    ];
    for (const v of variants) {
      const c = await run(
        () => new EdgeInferenceSite("s1", { ...siteArgs, schedule: undefined, ...v }),
      );
      expect(c.resources.filter((r) => r.type.includes("RuntimeClass"))).toEqual([]);
    }
  });

  it("refuses bad args before creating anything, listing every problem", async () => {
    const bad = {
      ...siteArgs,
      models: [{ ...siteArgs.models[0], image: "vllm/vllm-openai:latest", revision: "main" }],
    };
    await expect(run(() => new EdgeInferenceSite("store-berlin-01", bad))).rejects.toThrow(
      ValidationError,
    );
    await expect(run(() => new EdgeInferenceSite("store-berlin-01", bad))).rejects.toThrow(
      /models\[0\]\.image must not use the latest tag[\s\S]*models\[0\]\.revision must be a commit hash/,
    );
  });
});

describe("AutoscalingPolicy", () => {
  it("creates an HPA for cpu and a ScaledObject for queue, with the provider passed on", async () => {
    const c = await run(() => {
      const provider = new k8s.Provider("edge", { kubeconfig: "x" });
      new AutoscalingPolicy(
        "qa",
        {
          namespace: "s",
          deploymentName: "qa",
          server: "llamacpp",
          metric: "cpu",
          minReplicas: 1,
          maxReplicas: 3,
          targetUtilizationPercent: 70,
        },
        { provider },
      );
      new AutoscalingPolicy(
        "chat",
        {
          namespace: "s",
          deploymentName: "chat",
          server: "vllm",
          minReplicas: 1,
          maxReplicas: 3,
          queueDepthTarget: 5,
        },
        { provider },
      );
    });
    const hpa = byName(c, "qa-hpa");
    expect(hpa.type).toBe("kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
    expect(hpa.parent).toBe(byName(c, "qa").urn);
    expect(providerUrn(hpa)).toBe(byName(c, "edge").urn);
    expect(byName(c, "chat-scaledobject").type).toBe("kubernetes:keda.sh/v1alpha1:ScaledObject");
    expect(byName(c, "qa").outputs).toEqual({
      kind: "HorizontalPodAutoscaler",
      metric: "cpu",
      minReplicas: 1,
      maxReplicas: 3,
    });
  });
});

describe("ShutdownSchedule", () => {
  const spec = { timezone: "Europe/Berlin", on: ["Mon-Fri 07:00-19:00"], holidays: ["2026-12-24"] };

  it("puts AWS scheduled actions on the node group's Auto Scaling group, with the zone and the AWS provider", async () => {
    const c = await run(() => {
      const provider = new aws.Provider("use1", { region: "us-east-1" });
      const pool = new GpuNodePool(
        "aws-use1-dev-l4",
        {
          cloud: "aws",
          region: "us-east-1",
          clusterName: "ml-dev",
          gpu: "l4",
          minNodes: 0,
          maxNodes: 2,
          capacity: "spot",
          zones: ["us-east-1a"],
          subnetIds: ["subnet-1"],
          nodeRoleArn: "arn:aws:iam::123456789012:role/n",
          costAllocation: { ...costAllocation, environment: "dev" },
          schedule: { name: "office-hours", onHoursPerWeek: 60 },
        },
        { provider },
      );
      new ShutdownSchedule(
        "aws-use1-dev-l4-schedule",
        {
          scheduleName: "office-hours",
          schedule: spec,
          now: NOW,
          target: {
            awsNodeGroup: {
              autoscalingGroupName: pool.autoscalingGroupName!,
              minNodes: 0,
              maxNodes: 2,
            },
          },
        },
        { provider },
      );
    });
    const group = byName(c, "aws-use1-dev-l4", "aws:eks/nodeGroup:NodeGroup");
    const tags = group.inputs.tags as Record<string, string>;
    expect(tags["hybrid-ai/schedule"]).toBe("office-hours");
    expect(tags["hybrid-ai/on-hours-per-week"]).toBe("60");
    const schedule = byName(c, "aws-use1-dev-l4-schedule");
    expect(schedule.outputs).toEqual({
      scheduleName: "office-hours",
      timezone: "Europe/Berlin",
      onHoursPerWeek: 60,
      actionCount: 3,
    });
    const actions = c.resources.filter((r) => r.type === "aws:autoscaling/schedule:Schedule");
    expect(actions.map((a) => a.name)).toEqual([
      "aws-use1-dev-l4-schedule-off-0",
      "aws-use1-dev-l4-schedule-on-1-first",
      "aws-use1-dev-l4-schedule-on-1-after-2026-12-24",
    ]);
    for (const a of actions) {
      expect(a.parent).toBe(schedule.urn);
      expect(providerUrn(a)).toBe(byName(c, "use1").urn);
      expect(a.inputs.autoscalingGroupName).toBe("eks-aws-use1-dev-l4-asg");
      expect(a.inputs.timeZone).toBe("Europe/Berlin");
    }
    expect(actions[0].inputs).toMatchObject({
      recurrence: "0 19 * * 1-5",
      minSize: 0,
      maxSize: 0,
      desiredCapacity: 0,
    });
    expect(actions[1].inputs).toMatchObject({
      recurrence: "0 7 * * 1-5",
      minSize: 0,
      maxSize: 2,
      desiredCapacity: -1,
      endTime: "2026-12-23T22:59:00Z",
    });
  });

  it("gives GCP jobs a service account holding only a custom role for the node pool API", async () => {
    const c = await run(() => {
      const provider = new gcp.Provider("usc1", { project: "acme", region: "us-central1" });
      new ShutdownSchedule(
        "gcp-usc1-dev-t4-schedule",
        {
          scheduleName: "office-hours",
          schedule: spec,
          now: NOW,
          target: {
            gkeNodePool: {
              project: "acme",
              location: "us-central1",
              clusterName: "ml-dev",
              nodePoolName: "gcp-usc1-dev-t4",
              minNodes: 0,
              maxNodes: 2,
            },
          },
        },
        { provider },
      );
    });
    const role = byName(c, "gcp-usc1-dev-t4-schedule-role");
    expect(role.inputs).toMatchObject({
      roleId: "hybridAi_gcp_usc1_dev_t4_schedule",
      permissions: [
        "container.clusters.get",
        "container.clusters.update",
        "container.operations.get",
      ],
    });
    const member = byName(c, "gcp-usc1-dev-t4-schedule-role-member");
    expect(member.inputs).toMatchObject({
      role: "projects/acme/roles/hybridAi_gcp_usc1_dev_t4_schedule",
      member: "serviceAccount:gcp-usc1-dev-t4-schedule@acme.iam.gserviceaccount.com",
    });
    const jobs = c.resources.filter((r) => r.type === "gcp:cloudscheduler/job:Job");
    expect(jobs.map((j) => j.name.replace("gcp-usc1-dev-t4-schedule-", ""))).toEqual([
      "off-0-autoscaling",
      "off-0-size",
      "on-1",
      "holiday-0-autoscaling",
      "holiday-0-size",
    ]);
    const on = jobs[2].inputs as {
      timeZone: string;
      region: string;
      httpTarget: { uri: string; body: string; oauthToken: { serviceAccountEmail: string } };
    };
    expect(on.timeZone).toBe("Europe/Berlin");
    expect(on.region).toBe("us-central1");
    expect(on.httpTarget.uri).toBe(
      "https://container.googleapis.com/v1/projects/acme/locations/us-central1/clusters/ml-dev/nodePools/gcp-usc1-dev-t4:setAutoscaling",
    );
    expect(JSON.parse(Buffer.from(on.httpTarget.body, "base64").toString())).toEqual({
      autoscaling: {
        enabled: true,
        totalMinNodeCount: 0,
        totalMaxNodeCount: 2,
        locationPolicy: "BALANCED",
      },
    });
    expect(on.httpTarget.oauthToken.serviceAccountEmail).toBe(
      "gcp-usc1-dev-t4-schedule@acme.iam.gserviceaccount.com",
    );
    for (const j of jobs) {
      expect(providerUrn(j)).toBe(byName(c, "usc1").urn);
      expect(j.dependencies).toContain(member.urn);
    }
  });

  it("refuses a bad schedule with its path", async () => {
    await expect(
      run(
        () =>
          new ShutdownSchedule("x", {
            scheduleName: "x",
            schedule: { timezone: "Mars/Olympus", on: ["Mon-Fry 07:00-19:00"] },
            target: { kubernetes: { namespace: "n", workloads: [] } },
          }),
      ),
    ).rejects.toThrow(
      /schedule\.timezone must be an IANA[\s\S]*schedule\.on\[0\] unknown day "Fry"[\s\S]*target\.kubernetes\.workloads must list/,
    );
  });

  it("refuses a target with two backends, or none, and a `now` that is no time", async () => {
    const schedule = { timezone: "Europe/Berlin", on: ["Mon-Fri 07:00-19:00"] };
    const aws = { autoscalingGroupName: "asg", minNodes: 0, maxNodes: 2 };
    const k8sTarget = { namespace: "n", workloads: [{ deployment: "d", replicas: 1 }] };
    await expect(
      run(
        () =>
          new ShutdownSchedule("x", {
            scheduleName: "x",
            schedule,
            now: "yesterday",
            target: { awsNodeGroup: aws, kubernetes: k8sTarget },
          }),
      ),
    ).rejects.toThrow(
      /now must be an ISO 8601 time such as 2026-11-30T09:00:00Z \(got "yesterday"\)[\s\S]*target must set exactly one of awsNodeGroup, gkeNodePool, aksNodePool, karpenterNodePool, kubernetes \(got awsNodeGroup and kubernetes\)/,
    );
    await expect(
      run(() => new ShutdownSchedule("y", { scheduleName: "y", schedule, target: {} })),
    ).rejects.toThrow(
      /target must set exactly one of awsNodeGroup, gkeNodePool, aksNodePool, karpenterNodePool, kubernetes \(got none\)/,
    );
  });

  it("checks the AKS and Karpenter members with their paths", async () => {
    const schedule = { timezone: "Europe/Berlin", on: ["Mon-Fri 07:00-19:00"] };
    const aks = {
      resourceGroupName: "rg",
      clusterName: "ml",
      agentPoolName: "gpul4",
      location: "westeurope",
      tags: {},
    };
    await expect(
      run(
        () =>
          new ShutdownSchedule("x", {
            scheduleName: "x",
            schedule,
            target: { karpenterNodePool: { nodePool: "burst", gpuLimit: 0 } },
          }),
      ),
    ).rejects.toThrow(/target\.karpenterNodePool\.gpuLimit must be a whole number >= 1 \(got 0\)/);
    await expect(
      run(
        () =>
          new ShutdownSchedule("y", {
            scheduleName: "y",
            schedule,
            target: { aksNodePool: aks, karpenterNodePool: { nodePool: "burst", gpuLimit: 4 } },
          }),
      ),
    ).rejects.toThrow(/exactly one of .* \(got aksNodePool and karpenterNodePool\)/);
  });

  it("switches a Karpenter NodePool with cluster-scoped RBAC and CronJobs", async () => {
    const c = await run(
      () =>
        new ShutdownSchedule("burst-schedule", {
          scheduleName: "office-hours",
          schedule: spec,
          now: "2026-11-30T09:00:00Z",
          target: { karpenterNodePool: { nodePool: "aws-use1-burst-l4", gpuLimit: 8 } },
        }),
    );
    expect(byName(c, "burst-schedule-role").type).toBe(
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    );
    const jobs = c.resources.filter((r) => r.type === "kubernetes:batch/v1:CronJob");
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) {
      expect(j.inputs).toMatchObject({ metadata: { namespace: "kube-system" } });
    }
  });
});
