/**
 * Resources as a resource graph holds them (type, name, URN, provider, inputs): compliant resources
 * of every kind the guardrails and readers look at. A test starts from one, changes one field and
 * asserts the exact outcome.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { EvaluatedResource } from "../../review/policy/evaluate";

/** The URN of a resource of stack prod of project hybrid-ai, at the top level. */
export const urnOf = (type: string, name: string) => `urn:pulumi:prod::hybrid-ai::${type}::${name}`;
/** The cost-allocation tags every compliant resource carries. */
export const costTags = {
  owner: "ml-platform",
  "cost-center": "cc-4711",
  environment: "prod",
  stack: "prod",
  "managed-by": "hybrid-ai",
};

/** A resource of any type. */
export function res(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<EvaluatedResource> = {},
): EvaluatedResource {
  return { urn: urnOf(type, name), type, name, inputs, ...extra };
}

/** The AWS provider of the compliant pools, in us-east-1. */
export const awsProvider = res("pulumi:providers:aws", "aws-use1-provider", {
  region: "us-east-1",
});

/**
 * An EKS managed node group: prod's on-demand L4 serving pool on {@link awsProvider}, 2-10 nodes in
 * two zones. `over` replaces top-level inputs, `tags` adds tags.
 */
export function eksPool(
  over: Record<string, unknown> = {},
  tags: Record<string, string> = {},
  name = "aws-use1-infer-l4",
): EvaluatedResource {
  return res(
    "aws:eks/nodeGroup:NodeGroup",
    name,
    {
      clusterName: "ml-prod",
      capacityType: "ON_DEMAND",
      instanceTypes: ["g6.xlarge"],
      scalingConfig: { minSize: 2, maxSize: 10, desiredSize: 2 },
      labels: { "hybrid-ai/accelerator": "l4" },
      tags: { ...costTags, "hybrid-ai/zones": "us-east-1a us-east-1b", ...tags },
      ...over,
    },
    { provider: `${awsProvider.urn}::id` },
  );
}

/**
 * A GKE node pool: prod's on-demand L4 serving pool in europe-west4, 2-8 nodes in two zones.
 * `over` replaces top-level inputs, `labels` adds resource labels.
 */
export function gkePool(
  over: Record<string, unknown> = {},
  labels: Record<string, string> = {},
  name = "gcp-euw4-infer-l4",
): EvaluatedResource {
  return res("gcp:container/nodePool:NodePool", name, {
    cluster: "ml-eu",
    location: "europe-west4",
    nodeLocations: ["europe-west4-a", "europe-west4-b"],
    autoscaling: { totalMinNodeCount: 2, totalMaxNodeCount: 8 },
    nodeConfig: {
      machineType: "g2-standard-4",
      spot: false,
      guestAccelerators: [{ type: "nvidia-l4", count: 1 }],
      resourceLabels: { ...costTags, ...labels },
    },
    ...over,
  });
}

/** An AKS spot T4 pool in eastus2, as GpuNodePool creates it. */
export function aksPool(
  over: Record<string, unknown> = {},
  tags: Record<string, string> = {},
): EvaluatedResource {
  return res("azure-native:containerservice:AgentPool", "aks-eus2-infer-t4", {
    resourceGroupName: "ml-prod-rg",
    resourceName: "ml-aks",
    agentPoolName: "infert4",
    vmSize: "Standard_NC4as_T4_v3",
    enableAutoScaling: true,
    minCount: 2,
    maxCount: 4,
    availabilityZones: ["1", "2"],
    scaleSetPriority: "Spot",
    tags: { ...costTags, "hybrid-ai-region": "eastus2", ...tags },
    ...over,
  });
}

/** An LKE RTX 4000 Ada pool in us-ord, as GpuNodePool creates it (Linode tags are `key:value`). */
export function lkePool(over: Record<string, unknown> = {}): EvaluatedResource {
  return res("linode:index/lkeNodePool:LkeNodePool", "lke-ord-infer-rtx4000", {
    clusterId: 123456,
    type: "g2-gpu-rtx4000a1-s",
    nodeCount: 2,
    autoscaler: { min: 2, max: 3 },
    tags: [...Object.entries(costTags).map(([k, v]) => `${k}:${v}`), "hybrid-ai/region:us-ord"],
    ...over,
  });
}

/** A GPU Deployment of vLLM in namespace serving. */
export function deployment(
  name = "llm",
  replicas: number | undefined = 2,
  labels: Record<string, string> = {},
): EvaluatedResource {
  return res("kubernetes:apps/v1:Deployment", name, {
    metadata: { name, namespace: "serving", labels: { ...costTags, ...labels } },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: "vllm",
              image: "vllm/vllm-openai:v0.6.0",
              resources: { limits: { "nvidia.com/gpu": 1 } },
            },
          ],
        },
      },
    },
  });
}

/** A PodDisruptionBudget for an app. */
export function pdb(app = "llm", namespace = "serving"): EvaluatedResource {
  return res("kubernetes:policy/v1:PodDisruptionBudget", `${app}-pdb`, {
    metadata: { name: `${app}-pdb`, namespace, labels: costTags },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app } } },
  });
}

/** The Service in front of the llm app. */
export function service(
  type = "LoadBalancer",
  annotations: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): EvaluatedResource {
  return res("kubernetes:core/v1:Service", "llm-svc", {
    metadata: { name: "llm", namespace: "serving", labels: costTags, annotations },
    spec: { type, selector: { app: "llm" }, ports: [{ port: 80 }], ...extra },
  });
}

/**
 * A resource as a stack policy sees it (`args.resources[i]`): props, no options or dependencies.
 * Components show their outputs there, custom resources their inputs.
 */
export function policyResource(
  type: string,
  name: string,
  props: Record<string, any>,
): PolicyResource {
  return {
    type,
    name,
    urn: urnOf(type, name),
    props,
    opts: {} as PolicyResource["opts"],
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  } as unknown as PolicyResource;
}

/** Captured resources as a stack policy sees them. */
export function asPolicyResources(
  resources: ReadonlyArray<{
    type: string;
    name: string;
    urn: string;
    custom?: boolean;
    inputs: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }>,
): PolicyResource[] {
  return resources.map((r) => ({
    ...policyResource(r.type, r.name, r.custom ? r.inputs : (r.outputs ?? {})),
    urn: r.urn,
  }));
}
