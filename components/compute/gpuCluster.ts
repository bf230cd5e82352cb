import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../../model/catalog/types";
import {
  GpuNodePool,
  type GpuNodePoolArgs,
  type GpuNodePoolSpec,
  type AwsGpuAmiType,
} from "./gpuNodePool";
import * as k8s from "@pulumi/kubernetes";
import { fitName } from "../../model/naming";
import { regionProblem } from "../../model/regions";
import { DEFAULT_KUBERNETES_VERSION, EKS_UPGRADE_POLICY } from "../../model/rules/defaults";
import {
  KUBERNETES_VERSIONS,
  isoDate,
  kubernetesVersion,
  supportStatus,
} from "../../model/rules/kubernetesVersions";
import { gkeKubeconfig, installEksAddons, installGkeAddons } from "./clusterAddons";
import { awsTags, gcpLabels, type CostAllocation } from "../../model/tags";
import { show, throwIfProblems, type Problem } from "../../model/validation";
import { COMPONENT_TYPES } from "../../model/contracts";
import type { GpuClusterOutputs } from "../../model/outputs";
import type { Registered } from "../registered";

/** Type token of {@link GpuCluster}. */
export const GPU_CLUSTER_TYPE = COMPONENT_TYPES.gpuCluster;

/** Defaults applied when args leave them out. */
export const GPU_CLUSTER_DEFAULTS = {
  publicEndpoint: false,
  gkeReleaseChannel: "REGULAR",
} as const;

/** AWS managed policies an EKS node role needs. */
export const EKS_NODE_POLICIES = [
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
] as const;

/** Project roles a GKE node service account needs (Google's least-privilege node account). */
export const GKE_NODE_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
] as const;

/** How to make a new cluster, when the stack creates one. */
export interface ClusterCreateArgs {
  /**
   * Kubernetes minor version, e.g. `1.35`; one the cloud still supports (model/rules/kubernetesVersions.ts).
   * @default - DEFAULT_KUBERNETES_VERSION of the cloud (model/rules/defaults.ts)
   */
  readonly kubernetesVersion?: string;
  /**
   * Whether the control plane answers on a public address (limited to `authorizedCidrs`).
   * @default false
   */
  readonly publicEndpoint?: boolean;
  /**
   * Networks allowed to reach a public control plane.
   * @default - none: a public endpoint then needs them
   */
  readonly authorizedCidrs?: string[];
}

/** Arguments of {@link GpuCluster}. */
export interface GpuClusterArgs {
  readonly cloud: Cloud;
  /** Cloud region, e.g. `us-east-1` or `europe-west4`. */
  readonly region: string;
  /** Who pays: becomes AWS tags and GCP labels. */
  readonly costAllocation: CostAllocation;
  /** Name of an existing EKS or GKE cluster to attach pools to. Give this or `create`. */
  readonly existingClusterName?: string;
  /** Create a cluster instead of attaching to one. Give this or `existingClusterName`. */
  readonly create?: ClusterCreateArgs;
  /** AWS only: subnets of the cluster and its node groups. */
  readonly subnetIds?: string[];
  /**
   * AWS only: IAM role ARN for GPU nodes.
   * @default - a node role with the EKS worker, CNI and ECR read-only policies is created
   */
  readonly nodeRoleArn?: string;
  /** GCP only: project of the cluster. */
  readonly project?: string;
  /**
   * GCP only: e-mail of the service account GPU nodes run as.
   * @default - a service account with {@link GKE_NODE_ROLES} is created
   */
  readonly nodeServiceAccountEmail?: string;
}

/** A pool to add to a cluster; cluster-wide settings come from the cluster. */
export interface GpuPoolArgs extends Omit<GpuNodePoolSpec, "cloud" | "region"> {
  /** Pool name, unique in the cluster; the pool's resources are named `<cluster>-<pool>`. */
  readonly name: string;
  /** @default 200 */
  readonly diskGiB?: number;
  /** @default "al2023-nvidia" */
  readonly amiType?: AwsGpuAmiType;
  /** @default - none: the pool runs around the clock */
  readonly schedule?: GpuNodePoolArgs["schedule"];
}

/** The Kubernetes minor version a created cluster runs: the one given or the cloud's default. */
export function createdClusterVersion(cloud: Cloud, create: ClusterCreateArgs): string {
  return create.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION[cloud].minor;
}

/**
 * Checks cluster args and returns every problem. `now` decides which Kubernetes versions the cloud
 * still creates clusters on.
 */
export function validateGpuClusterArgs(args: GpuClusterArgs, now: Date = new Date()): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) => problems.push({ path, message });
  const badRegion = regionProblem(args.cloud, args.region);
  if (badRegion !== undefined) {
    add(["region"], badRegion);
  }
  if (args.create?.kubernetesVersion !== undefined) {
    const minor = args.create.kubernetesVersion;
    const date = isoDate(now);
    const status = supportStatus(args.cloud, minor, date);
    const service = args.cloud === "aws" ? "EKS" : "GKE";
    const supported = KUBERNETES_VERSIONS.filter(
      (r) => r.cloud === args.cloud && supportStatus(args.cloud, r.minor, date) === "standard",
    ).map((r) => r.minor);
    if (status === "ended") {
      const row = kubernetesVersion(args.cloud, minor)!;
      add(
        ["create", "kubernetesVersion"],
        `${show(minor)} is no longer supported by ${service} (support ended ${row.endOfExtended}); use ${supported.join(" or ")}, or leave it out for ${DEFAULT_KUBERNETES_VERSION[args.cloud].minor} (source: ${row.source.url})`,
      );
    } else if (status === "unknown") {
      add(
        ["create", "kubernetesVersion"],
        `${show(minor)} is not a ${service} version known on ${date}; use ${supported.join(" or ")}, or leave it out for ${DEFAULT_KUBERNETES_VERSION[args.cloud].minor}`,
      );
    }
  }
  if ((args.existingClusterName === undefined) === (args.create === undefined)) {
    add(
      ["existingClusterName"],
      args.create === undefined
        ? "or create is required: attach to a cluster by name, or describe one to create"
        : "and create exclude each other: give one",
    );
  }
  if (args.create?.publicEndpoint && (args.create.authorizedCidrs ?? []).length === 0) {
    add(
      ["create", "authorizedCidrs"],
      "must list the networks allowed to reach a public control plane",
    );
  }
  if (args.cloud === "aws") {
    if ((args.subnetIds ?? []).length === 0) {
      add(
        ["subnetIds"],
        "must list the cluster's subnets (an EKS node group is placed in subnets)",
      );
    }
    if (args.project !== undefined) {
      add(["project"], "applies to GCP only");
    }
    if (args.nodeServiceAccountEmail !== undefined) {
      add(["nodeServiceAccountEmail"], "applies to GCP only; on AWS use nodeRoleArn");
    }
  } else {
    if (args.project === undefined) {
      add(["project"], "is required for a GCP cluster: the project id");
    }
    if (args.subnetIds !== undefined) {
      add(["subnetIds"], "applies to AWS only; GKE node pools use the cluster's network");
    }
    if (args.nodeRoleArn !== undefined) {
      add(["nodeRoleArn"], "applies to AWS only; on GCP use nodeServiceAccountEmail");
    }
  }
  return problems;
}

/**
 * What {@link GpuCluster.addGpuPool} needs of a cluster, kept off the instance: the component provider
 * host publishes every field of a component as an output, and a provider resource cannot cross
 * languages.
 */
const clusterInternals = new WeakMap<
  GpuCluster,
  {
    name: string;
    args: GpuClusterArgs;
    provider: pulumi.ProviderResource;
    kubernetes?: GpuClusterKubernetes;
  }
>();

/**
 * A created cluster's Kubernetes provider, and the add-ons (system nodes, device plugin,
 * cluster-autoscaler) Kubernetes objects on it should wait for.
 */
export interface GpuClusterKubernetes {
  readonly provider: k8s.Provider;
  readonly ready: pulumi.Resource[];
}

/**
 * A Kubernetes cluster on EKS or GKE that GPU pools join: attached by name or created, with its own
 * provider for its region (passed to every child) and the identity its GPU nodes run as.
 *
 * @example
 * const cluster = new GpuCluster("aws-use1", {
 *   cloud: "aws", region: "us-east-1", existingClusterName: "ml-prod",
 *   subnetIds: ["subnet-0a1", "subnet-0b2"], costAllocation,
 * });
 * cluster.addGpuPool({ name: "infer-l4", gpu: "l4", minNodes: 2, maxNodes: 10,
 *   zones: ["us-east-1a", "us-east-1b"] });
 */
export class GpuCluster extends pulumi.ComponentResource {
  /** Cluster name as the cloud knows it. */
  public readonly clusterName: pulumi.Output<string>;
  /** AWS: the node role ARN GPU pools use. */
  public readonly nodeRoleArn?: pulumi.Output<string>;
  /** GCP: the service account GPU nodes run as. */
  public readonly nodeServiceAccountEmail?: pulumi.Output<string>;
  /**
   * A created cluster: the Kubernetes provider for it, and the add-ons (system nodes, device plugin,
   * cluster-autoscaler) Kubernetes objects on it should wait for. (TypeScript only: not an output; a
   * provider resource cannot cross languages.)
   */
  public get kubernetes(): GpuClusterKubernetes | undefined {
    return clusterInternals.get(this)?.kubernetes;
  }

  /**
   * Provider of the cluster's cloud and region; every child uses it. (TypeScript only: not an
   * output.)
   */
  public get provider(): pulumi.ProviderResource {
    return clusterInternals.get(this)!.provider;
  }

  constructor(name: string, args: GpuClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything, so bad args leave nothing half-created.
    throwIfProblems(`GpuCluster ${name}`, validateGpuClusterArgs(args));
    super(GPU_CLUSTER_TYPE, name, {}, opts);
    const publicEndpoint = args.create?.publicEndpoint ?? GPU_CLUSTER_DEFAULTS.publicEndpoint;

    if (args.cloud === "aws") {
      const provider = new aws.Provider(
        `${name}-provider`,
        { region: args.region as aws.Region },
        { parent: this },
      );
      clusterInternals.set(this, { name, args, provider });
      const childOpts = { parent: this, provider };
      const tags = awsTags(args.costAllocation);
      this.nodeRoleArn =
        args.nodeRoleArn !== undefined
          ? pulumi.output(args.nodeRoleArn)
          : roleArnAfterAttachments(
              createRole(
                `${name}-node-role`,
                "ec2.amazonaws.com",
                EKS_NODE_POLICIES,
                tags,
                childOpts,
              ),
            );
      if (args.create) {
        const cluster = this.createEksCluster(
          name,
          args,
          args.create,
          publicEndpoint,
          tags,
          childOpts,
        );
        this.clusterName = cluster.name;
        const addons = installEksAddons(
          name,
          {
            cluster,
            region: args.region,
            kubernetesMinor: createdClusterVersion("aws", args.create),
            subnetIds: args.subnetIds ?? [],
            nodeRoleArn: this.nodeRoleArn,
            tags,
          },
          childOpts,
        );
        clusterInternals.get(this)!.kubernetes = {
          provider: addons.kubernetesProvider,
          ready: addons.ready,
        };
      } else {
        this.clusterName = pulumi.output(args.existingClusterName!);
      }
    } else {
      const provider = new gcp.Provider(
        `${name}-provider`,
        { project: args.project, region: args.region },
        { parent: this },
      );
      clusterInternals.set(this, { name, args, provider });
      const childOpts = { parent: this, provider };
      const labels = gcpLabels(args.costAllocation);
      const gke = args.create
        ? this.createGkeCluster(name, args, args.create, publicEndpoint, labels, childOpts)
        : undefined;
      this.clusterName = gke?.name ?? pulumi.output(args.existingClusterName!);
      this.nodeServiceAccountEmail =
        args.nodeServiceAccountEmail !== undefined
          ? pulumi.output(args.nodeServiceAccountEmail)
          : createNodeServiceAccount(name, args.project!, childOpts);
      if (gke !== undefined) {
        const system = installGkeAddons(
          name,
          {
            clusterName: this.clusterName,
            project: args.project!,
            region: args.region,
            serviceAccountEmail: this.nodeServiceAccountEmail,
            labels,
          },
          childOpts,
        );
        clusterInternals.get(this)!.kubernetes = {
          provider: new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: gkeKubeconfig(gke) },
            { parent: this },
          ),
          ready: [system],
        };
      }
    }

    this.registerOutputs({
      clusterName: this.clusterName,
      nodeRoleArn: this.nodeRoleArn,
      nodeServiceAccountEmail: this.nodeServiceAccountEmail,
    } satisfies Registered<GpuClusterOutputs>);
  }

  /** Adds a GPU pool named `<cluster>-<pool.name>`, a child of this cluster using its provider. */
  addGpuPool(pool: GpuPoolArgs): GpuNodePool {
    const { name: poolName, ...spec } = pool;
    const cluster = clusterInternals.get(this)!;
    const args: GpuNodePoolArgs = {
      ...spec,
      cloud: cluster.args.cloud,
      region: cluster.args.region,
      clusterName: this.clusterName,
      costAllocation: cluster.args.costAllocation,
      subnetIds: cluster.args.cloud === "aws" ? [...(cluster.args.subnetIds ?? [])] : undefined,
      nodeRoleArn: this.nodeRoleArn,
      project: cluster.args.project,
      serviceAccountEmail: this.nodeServiceAccountEmail,
    };
    return new GpuNodePool(`${cluster.name}-${poolName}`, args, {
      parent: this,
      provider: cluster.provider,
    });
  }

  private createEksCluster(
    name: string,
    args: GpuClusterArgs,
    create: ClusterCreateArgs,
    publicEndpoint: boolean,
    tags: Record<string, string>,
    childOpts: pulumi.CustomResourceOptions,
  ): aws.eks.Cluster {
    const { role, attachments } = createRole(
      `${name}-cluster-role`,
      "eks.amazonaws.com",
      ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
      tags,
      childOpts,
    );
    const secretsKey = new aws.kms.Key(
      `${name}-secrets-key`,
      {
        description: `Envelope encryption of Kubernetes secrets in EKS cluster ${name}`,
        enableKeyRotation: true,
        tags,
      },
      childOpts,
    );
    const cluster = new aws.eks.Cluster(
      name,
      {
        name,
        roleArn: role.arn,
        version: createdClusterVersion("aws", create),
        // Upgrade at the end of standard support instead of paying for extended support.
        upgradePolicy: { supportType: EKS_UPGRADE_POLICY.supportType },
        vpcConfig: {
          subnetIds: [...(args.subnetIds ?? [])],
          endpointPrivateAccess: true,
          endpointPublicAccess: publicEndpoint,
          publicAccessCidrs: publicEndpoint ? [...(create.authorizedCidrs ?? [])] : undefined,
        },
        accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
        tags,
      },
      { ...childOpts, dependsOn: attachments },
    );
    return cluster;
  }

  private createGkeCluster(
    name: string,
    args: GpuClusterArgs,
    create: ClusterCreateArgs,
    publicEndpoint: boolean,
    labels: Record<string, string>,
    childOpts: pulumi.CustomResourceOptions,
  ): gcp.container.Cluster {
    const cluster = new gcp.container.Cluster(
      name,
      {
        name,
        project: args.project,
        location: args.region,
        // GKE needs a pool to create a cluster; GPU pools are added separately.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        minMasterVersion: createdClusterVersion("gcp", create),
        releaseChannel: { channel: GPU_CLUSTER_DEFAULTS.gkeReleaseChannel },
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {},
        workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` },
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: !publicEndpoint },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: (create.authorizedCidrs ?? []).map((cidrBlock) => ({ cidrBlock })),
        },
        deletionProtection: args.costAllocation.environment === "prod",
        resourceLabels: labels,
      },
      childOpts,
    );
    return cluster;
  }
}

function createRole(
  name: string,
  service: string,
  policyArns: readonly string[],
  tags: Record<string, string>,
  childOpts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
  const role = new aws.iam.Role(
    name,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
      }),
      tags,
    },
    childOpts,
  );
  const attachments = policyArns.map((policyArn) => {
    const short = policyArn.split("/").pop()!;
    return new aws.iam.RolePolicyAttachment(
      `${name}-${short}`,
      { role: role.name, policyArn },
      childOpts,
    );
  });
  return { role, attachments };
}

/** The role's ARN, resolving only once its policies are attached, so node groups wait for them. */
function roleArnAfterAttachments(created: ReturnType<typeof createRole>): pulumi.Output<string> {
  return pulumi
    .all([created.role.arn, ...created.attachments.map((a) => a.id)])
    .apply(([arn]) => arn);
}

function createNodeServiceAccount(
  name: string,
  project: string,
  childOpts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  // Account ids are 6-30 characters of [a-z0-9-]: fitted, with a hash where the name is too long.
  const accountId = fitName("gcp-service-account-id", [name, "gpu"]);
  const account = new gcp.serviceaccount.Account(
    `${name}-nodes`,
    { accountId, project, displayName: `GPU nodes of cluster ${name}` },
    childOpts,
  );
  GKE_NODE_ROLES.forEach((role) => {
    new gcp.projects.IAMMember(
      `${name}-nodes-${role.split("/")[1]}`,
      { project, role, member: pulumi.interpolate`serviceAccount:${account.email}` },
      childOpts,
    );
  });
  return account.email;
}
