/**
 * Karpenter pieces of an EKS GPU pool (`provisioner: karpenter`): a NodePool (karpenter.sh/v1) and an
 * EC2NodeClass (karpenter.k8s.aws/v1) per pool, rendered as plain objects so tests read exactly what
 * the API server receives, and Karpenter itself (Helm) when the stack creates the cluster.
 *
 * - Instance families come from the GPU catalog: every EC2 family with the pool's GPU, restricted to
 *   the pool's GPUs per node (`karpenter.k8s.aws/instance-gpu-count`).
 * - Spot first: a spot pool allows both capacity types; "If a NodePool is compatible with multiple
 *   capacity types, Karpenter will prioritize reserved capacity, followed by spot, then finally
 *   on-demand" (karpenter-provider-aws website/content/en/docs/concepts/nodepools.md, commit
 *   1d927085). An on-demand pool allows on-demand only.
 * - Limits: maxNodes × GPUs per node of `nvidia.com/gpu`, so the pool never holds more GPUs than its
 *   node-group twin would.
 * - Karpenter keeps no minimum: it provisions for pending pods only, so `minNodes` must be 0.
 */
import { KARPENTER_CHART } from "../../model/catalog/software";

/** API groups and kinds. */
export const KARPENTER_NODE_POOL = { apiVersion: "karpenter.sh/v1", kind: "NodePool" } as const;
export const KARPENTER_NODE_CLASS = {
  apiVersion: "karpenter.k8s.aws/v1",
  kind: "EC2NodeClass",
} as const;

/** Defaults of Karpenter GPU pools. */
export const KARPENTER_DEFAULTS = {
  /**
   * AMI family alias. `@latest` follows new AMIs (Karpenter then replaces nodes as drifted); pin a
   * version such as `al2023@v20260812` in production through the pool's `amiAlias`.
   */
  amiAlias: "al2023@latest",
  consolidationPolicy: "WhenEmptyOrUnderutilized",
  /** GPU nodes take minutes to start and load models: wait before consolidating. */
  consolidateAfter: "15m",
  /** At most one GPU node disrupted at a time, voluntary disruptions only. */
  disruptionBudgetNodes: "1",
  expireAfter: "720h",
  namespace: "kube-system",
  serviceAccount: "karpenter",
} as const;

/** A taint as Karpenter writes it. */
export interface KarpenterTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** What a Karpenter GPU pool needs. */
export interface KarpenterPoolInput {
  /** Object name of the NodePool and EC2NodeClass (DNS-1123). */
  readonly name: string;
  /** EC2 instance families carrying the GPU, e.g. `["g6"]`. */
  readonly instanceFamilies: readonly string[];
  readonly gpusPerNode: number;
  readonly maxNodes: number;
  readonly spot: boolean;
  readonly zones: readonly string[];
  readonly labels: Record<string, string>;
  readonly taints: readonly KarpenterTaint[];
  /** IAM role name of the nodes (not its ARN). */
  readonly nodeRoleName: string;
  readonly subnetIds: readonly string[];
  /** The EKS cluster security group. */
  readonly securityGroupId: string;
  readonly diskGiB: number;
  readonly tags: Record<string, string>;
  /** @default "al2023@latest" */
  readonly amiAlias?: string;
}

/** The EC2NodeClass object. */
export function karpenterNodeClass(input: KarpenterPoolInput): Record<string, unknown> {
  return {
    ...KARPENTER_NODE_CLASS,
    metadata: { name: input.name, labels: input.labels },
    spec: {
      role: input.nodeRoleName,
      amiSelectorTerms: [{ alias: input.amiAlias ?? KARPENTER_DEFAULTS.amiAlias }],
      subnetSelectorTerms: input.subnetIds.map((id) => ({ id })),
      securityGroupSelectorTerms: [{ id: input.securityGroupId }],
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: `${input.diskGiB}Gi`, volumeType: "gp3", encrypted: true },
        },
      ],
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      tags: input.tags,
    },
  };
}

/** The NodePool object. */
export function karpenterNodePool(input: KarpenterPoolInput): Record<string, unknown> {
  return {
    ...KARPENTER_NODE_POOL,
    metadata: { name: input.name, labels: input.labels },
    spec: {
      template: {
        metadata: { labels: input.labels },
        spec: {
          nodeClassRef: {
            group: "karpenter.k8s.aws",
            kind: KARPENTER_NODE_CLASS.kind,
            name: input.name,
          },
          requirements: [
            {
              key: "karpenter.k8s.aws/instance-family",
              operator: "In",
              values: [...input.instanceFamilies],
            },
            {
              key: "karpenter.k8s.aws/instance-gpu-count",
              operator: "In",
              values: [String(input.gpusPerNode)],
            },
            {
              key: "karpenter.sh/capacity-type",
              operator: "In",
              values: input.spot ? ["spot", "on-demand"] : ["on-demand"],
            },
            { key: "topology.kubernetes.io/zone", operator: "In", values: [...input.zones] },
            { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
          ],
          taints: input.taints.map((t) => ({ ...t })),
          expireAfter: KARPENTER_DEFAULTS.expireAfter,
        },
      },
      limits: { "nvidia.com/gpu": String(input.maxNodes * input.gpusPerNode) },
      disruption: {
        consolidationPolicy: KARPENTER_DEFAULTS.consolidationPolicy,
        consolidateAfter: KARPENTER_DEFAULTS.consolidateAfter,
        budgets: [{ nodes: KARPENTER_DEFAULTS.disruptionBudgetNodes }],
      },
    },
  };
}

/** The EC2 family of an instance type: `g6e.xlarge` -> `g6e`. */
export function instanceFamily(instanceType: string): string {
  return instanceType.split(".")[0];
}

/** Helm values of Karpenter for a cluster and its interruption queue. */
export function karpenterValues(clusterName: string, interruptionQueue: string) {
  return {
    settings: { clusterName, interruptionQueue },
    serviceAccount: { name: KARPENTER_DEFAULTS.serviceAccount },
    controller: { resources: { requests: { cpu: "1", memory: "1Gi" } } },
  };
}

/** The chart Karpenter installs from (data, with its source). */
export const KARPENTER_RELEASE = KARPENTER_CHART;
