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
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KARPENTER_CHART } from "../../model/catalog/software";
import { POD_IDENTITY_TRUST_POLICY } from "./podIdentity";

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

// ---------------------------------------------------------------------------------------------------
// Installing Karpenter (clusters the stack creates)
// ---------------------------------------------------------------------------------------------------

/** EventBridge patterns Karpenter's interruption queue listens to. */
export const KARPENTER_INTERRUPTION_EVENTS = {
  "scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
  "spot-interruption": {
    source: ["aws.ec2"],
    "detail-type": ["EC2 Spot Instance Interruption Warning"],
  },
  rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
  "state-change": {
    source: ["aws.ec2"],
    "detail-type": ["EC2 Instance State-change Notification"],
  },
} as const;

/**
 * The controller's IAM policy, scoped as Karpenter's own CloudFormation template scopes it
 * (website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml at
 * commit 1d927085): launches and deletions only of resources tagged for this cluster, PassRole only of
 * the node role, EKS and SQS only on this cluster and its queue; read-only calls unscoped.
 */
export function karpenterControllerPolicy(args: {
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  readonly nodeRoleArn: string;
  readonly queueArn: string;
}): Record<string, unknown> {
  const { clusterName: c, region: r, accountId: a } = args;
  const ec2 = (kind: string) => `arn:aws:ec2:${r}:*:${kind}/*`;
  const owned = { [`aws:RequestTag/kubernetes.io/cluster/${c}`]: "owned" };
  const ownedResource = { [`aws:ResourceTag/kubernetes.io/cluster/${c}`]: "owned" };
  const launched = ["fleet", "instance", "volume", "network-interface", "launch-template"]
    .map(ec2)
    .concat(ec2("spot-instances-request"));
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowScopedEC2InstanceAccessActions",
        Effect: "Allow",
        Resource: [
          `arn:aws:ec2:${r}::image/*`,
          `arn:aws:ec2:${r}::snapshot/*`,
          ec2("security-group"),
          ec2("subnet"),
          ec2("capacity-reservation"),
          ec2("placement-group"),
        ],
        Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      },
      {
        Sid: "AllowScopedEC2LaunchTemplateAccessActions",
        Effect: "Allow",
        Resource: ec2("launch-template"),
        Action: ["ec2:RunInstances", "ec2:CreateFleet"],
        Condition: {
          StringEquals: ownedResource,
          StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        },
      },
      {
        Sid: "AllowScopedEC2InstanceActionsWithTags",
        Effect: "Allow",
        Resource: launched,
        Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
        Condition: {
          StringEquals: { ...owned, "aws:RequestTag/eks:eks-cluster-name": c },
          StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
        },
      },
      {
        Sid: "AllowScopedResourceCreationTagging",
        Effect: "Allow",
        Resource: launched,
        Action: "ec2:CreateTags",
        Condition: {
          StringEquals: {
            ...owned,
            "aws:RequestTag/eks:eks-cluster-name": c,
            "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
          },
          StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
        },
      },
      {
        Sid: "AllowScopedResourceTagging",
        Effect: "Allow",
        Resource: ec2("instance"),
        Action: "ec2:CreateTags",
        Condition: {
          StringEquals: ownedResource,
          StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        },
      },
      {
        Sid: "AllowScopedDeletion",
        Effect: "Allow",
        Resource: [ec2("instance"), ec2("launch-template")],
        Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
        Condition: {
          StringEquals: ownedResource,
          StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        },
      },
      {
        Sid: "AllowPassingInstanceRole",
        Effect: "Allow",
        Resource: args.nodeRoleArn,
        Action: "iam:PassRole",
        Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } },
      },
      {
        Sid: "AllowScopedInstanceProfileCreationActions",
        Effect: "Allow",
        Resource: `arn:aws:iam::${a}:instance-profile/*`,
        Action: ["iam:CreateInstanceProfile", "iam:TagInstanceProfile"],
        Condition: {
          StringEquals: { ...owned, "aws:RequestTag/topology.kubernetes.io/region": r },
          StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        },
      },
      {
        Sid: "AllowScopedInstanceProfileActions",
        Effect: "Allow",
        Resource: `arn:aws:iam::${a}:instance-profile/*`,
        Action: [
          "iam:AddRoleToInstanceProfile",
          "iam:RemoveRoleFromInstanceProfile",
          "iam:DeleteInstanceProfile",
        ],
        Condition: {
          StringEquals: { ...ownedResource, "aws:ResourceTag/topology.kubernetes.io/region": r },
          StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        },
      },
      {
        Sid: "AllowInstanceProfileReadActions",
        Effect: "Allow",
        Resource: `arn:aws:iam::${a}:instance-profile/*`,
        Action: "iam:GetInstanceProfile",
      },
      {
        Sid: "AllowAPIServerEndpointDiscovery",
        Effect: "Allow",
        Resource: `arn:aws:eks:${r}:${a}:cluster/${c}`,
        Action: "eks:DescribeCluster",
      },
      {
        Sid: "AllowInterruptionQueueActions",
        Effect: "Allow",
        Resource: args.queueArn,
        Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
      },
      {
        Sid: "AllowRegionalReadActions",
        Effect: "Allow",
        Resource: "*",
        Action: [
          "ec2:DescribeCapacityReservations",
          "ec2:DescribeImages",
          "ec2:DescribeInstances",
          "ec2:DescribeInstanceStatus",
          "ec2:DescribeInstanceTypeOfferings",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplates",
          "ec2:DescribePlacementGroups",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSpotPriceHistory",
          "ec2:DescribeSubnets",
        ],
        Condition: { StringEquals: { "aws:RequestedRegion": r } },
      },
      {
        Sid: "AllowUnscopedReadActions",
        Effect: "Allow",
        Resource: "*",
        Action: ["pricing:GetProducts", "iam:ListInstanceProfiles"],
      },
      {
        Sid: "AllowSSMReadActions",
        Effect: "Allow",
        Resource: `arn:aws:ssm:${r}::parameter/aws/service/*`,
        Action: "ssm:GetParameter",
      },
    ],
  };
}

/** What installing Karpenter needs. */
export interface KarpenterInstallInput {
  readonly clusterName: pulumi.Input<string>;
  readonly region: string;
  readonly nodeRoleArn: pulumi.Input<string>;
  readonly tags: Record<string, string>;
  /** Provider of the cluster's Kubernetes API (for the Helm release). */
  readonly k8sProvider: pulumi.ProviderResource;
  /** Resources the release must wait for (the cluster's system nodes). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * Installs Karpenter: the interruption queue and its EventBridge rules, the controller's IAM role
 * (EKS Pod Identity) with {@link karpenterControllerPolicy}, the Pod Identity agent add-on, and the
 * pinned Helm chart. Children use `opts` (parent and AWS provider).
 */
export function createKarpenter(
  name: string,
  input: KarpenterInstallInput,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  const queue = new aws.sqs.Queue(
    `${name}-interruptions`,
    { messageRetentionSeconds: 300, sqsManagedSseEnabled: true, tags: input.tags },
    opts,
  );
  new aws.sqs.QueuePolicy(
    `${name}-interruptions`,
    {
      queueUrl: queue.url,
      policy: queue.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
              Action: "sqs:SendMessage",
              Resource: arn,
            },
          ],
        }),
      ),
    },
    opts,
  );
  for (const [event, pattern] of Object.entries(KARPENTER_INTERRUPTION_EVENTS)) {
    const rule = new aws.cloudwatch.EventRule(
      `${name}-${event}`,
      { eventPattern: JSON.stringify(pattern), tags: input.tags },
      opts,
    );
    new aws.cloudwatch.EventTarget(`${name}-${event}`, { rule: rule.name, arn: queue.arn }, opts);
  }
  const account = aws.getCallerIdentityOutput({}, opts);
  const role = new aws.iam.Role(
    `${name}-controller`,
    {
      assumeRolePolicy: POD_IDENTITY_TRUST_POLICY,
      tags: input.tags,
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-controller`,
    {
      role: role.name,
      policy: pulumi
        .all([input.clusterName, account.accountId, input.nodeRoleArn, queue.arn])
        .apply(([clusterName, accountId, nodeRoleArn, queueArn]) =>
          JSON.stringify(
            karpenterControllerPolicy({
              clusterName,
              region: input.region,
              accountId,
              nodeRoleArn,
              queueArn,
            }),
          ),
        ),
    },
    opts,
  );
  const agent = new aws.eks.Addon(
    `${name}-pod-identity-agent`,
    { clusterName: input.clusterName, addonName: "eks-pod-identity-agent", tags: input.tags },
    opts,
  );
  const association = new aws.eks.PodIdentityAssociation(
    `${name}-controller`,
    {
      clusterName: input.clusterName,
      namespace: KARPENTER_DEFAULTS.namespace,
      serviceAccount: KARPENTER_DEFAULTS.serviceAccount,
      roleArn: role.arn,
      tags: input.tags,
    },
    { ...opts, dependsOn: [agent, policy] },
  );
  return new k8s.helm.v3.Release(
    name,
    {
      chart: `${KARPENTER_CHART.repo}/${KARPENTER_CHART.chart}`,
      version: KARPENTER_CHART.version,
      namespace: KARPENTER_DEFAULTS.namespace,
      values: pulumi
        .all([input.clusterName, queue.name])
        .apply(([clusterName, queueName]) => karpenterValues(clusterName, queueName)),
    },
    {
      parent: opts.parent,
      provider: input.k8sProvider,
      dependsOn: [association, ...(input.dependsOn ?? [])],
    },
  );
}
