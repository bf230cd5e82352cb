/**
 * Compliant resources of every kind the guardrails look at, as captured inputs. Each policy test
 * starts from these, changes one field and asserts the exact finding.
 */
import type { EvaluatedResource } from "../../review/policy/evaluate";
import { evaluatePolicies, type Diagnostic } from "../../review/policy/evaluate";
import type { GuardrailPolicy } from "../../policies/types";

const urn = (type: string, name: string) => `urn:pulumi:prod::hybrid-ai::${type}::${name}`;
export const costTags = {
  owner: "ml-platform",
  "cost-center": "cc-4711",
  environment: "prod",
  stack: "prod",
  "managed-by": "hybrid-ai",
};

export function res(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<EvaluatedResource> = {},
): EvaluatedResource {
  return { urn: urn(type, name), type, name, inputs, ...extra };
}

export const awsProvider = res("pulumi:providers:aws", "aws-use1-provider", {
  region: "us-east-1",
});

export function eksPool(
  over: Record<string, unknown> = {},
  tags: Record<string, string> = {},
): EvaluatedResource {
  return res(
    "aws:eks/nodeGroup:NodeGroup",
    "aws-use1-infer-l4",
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

export function gkePool(
  over: Record<string, unknown> = {},
  labels: Record<string, string> = {},
): EvaluatedResource {
  return res("gcp:container/nodePool:NodePool", "gcp-euw4-infer-l4", {
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

export function pdb(app = "llm", namespace = "serving"): EvaluatedResource {
  return res("kubernetes:policy/v1:PodDisruptionBudget", `${app}-pdb`, {
    metadata: { name: `${app}-pdb`, namespace, labels: costTags },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app } } },
  });
}

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

/** Evaluates policies through the analyzer handlers, with the stack's settings. */
export async function run(
  policies: GuardrailPolicy | GuardrailPolicy[],
  resources: EvaluatedResource[],
  settings: Record<string, unknown> = {},
): Promise<Diagnostic[]> {
  const list = Array.isArray(policies) ? policies : [policies];
  const config = Object.fromEntries(
    list.map((p) => [p.name, { environment: "prod", secretsRedacted: true, ...settings }]),
  );
  return evaluatePolicies({ resources, policies: list, config });
}

/** The messages of the findings. */
export async function messages(...args: Parameters<typeof run>): Promise<string[]> {
  return (await run(...args)).map((d) => d.message);
}
