import * as aws from "@pulumi/aws";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as linode from "@pulumi/linode";
import * as pulumi from "@pulumi/pulumi";
import { TARGET_NAMES, type Target } from "../../model/catalog/types";
import {
  GpuNodePool,
  type GpuNodePoolArgs,
  type GpuNodePoolSpec,
  type AwsGpuAmiType,
} from "./gpuNodePool";
import { AZURE_ZONES, isRegionName, regionExample, regionProblem } from "../../model/regions";
import { fitName } from "../../model/naming";
import { DEFAULT_KUBERNETES_VERSION, EKS_UPGRADE_POLICY } from "../../model/rules/defaults";
import {
  KUBERNETES_VERSIONS,
  type KubernetesCloud,
  isoDate,
  kubernetesVersion,
  supportStatus,
} from "../../model/rules/kubernetesVersions";
import { gkeKubeconfig, installEksAddons, installGkeAddons } from "./clusterAddons";
import { awsTags, gcpLabels, kubernetesCostLabels, type CostAllocation } from "../../model/tags";
import { show, throwIfProblems, type Problem } from "../../model/validation";
import { COMPONENT_TYPES } from "../../model/contracts";
import type { GpuClusterOutputs } from "../../model/outputs";
import type { Registered } from "../registered";
import { kubeconfigFor } from "../dr/backups";
import { aksClusterArgs, type AksGpuDriver } from "./aks";
import { createGpuOperator } from "./gpuOperator";
import { createKarpenter } from "./karpenter";
import { decodeKubeconfig, lkeClusterArgs, linodeTags, lookupLkeCluster } from "./lke";
import { ONPREM_INVENTORY_NAMESPACE } from "./onprem";

/** Type token of {@link GpuCluster}. */
export const GPU_CLUSTER_TYPE = COMPONENT_TYPES.gpuCluster;

/** Defaults applied when args leave them out. */
export const GPU_CLUSTER_DEFAULTS = {
  publicEndpoint: false,
  gkeReleaseChannel: "REGULAR",
  /** System nodes of an EKS cluster the stack creates for Karpenter's controller. */
  systemInstanceType: "m6i.large",
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

/** The GPU operator a cluster runs, and the sharing its pools ask for. */
export interface GpuOperatorArgs {
  /** Time-slicing replicas by pool resource name (`<cluster>-<pool>`). */
  readonly timeSlicing: Record<string, number>;
  /** Whether a pool partitions its GPUs with MIG. */
  readonly mig: boolean;
}

/** Arguments of {@link GpuCluster}. */
export interface GpuClusterArgs {
  /** Where the cluster runs: `aws`, `gcp`, `azure`, `akamai` or `onprem`. */
  readonly cloud: Target;
  /**
   * Cloud region, e.g. `us-east-1`, `europe-west4`, `eastus2`, `us-ord`; on-prem the site name
   * (`fra-dc1`).
   */
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
  /** Azure only: resource group of the AKS cluster (existing or created). */
  readonly resourceGroup?: string;
  /** On-prem only: kubeconfig of the cluster on the team's machines. Always handled as a secret. */
  readonly kubeconfig?: pulumi.Input<string>;
  /**
   * On-prem only: whether the machines already have the NVIDIA driver (the operator then skips it).
   * @default false
   */
  readonly driverPreinstalled?: boolean;
  /**
   * The NVIDIA GPU operator: always on Akamai and on-prem (they ship none); on Azure when a pool skips
   * AKS's driver (`gpuDriver: gpu-operator`).
   * @default - whole GPUs, no MIG
   */
  readonly gpuOperator?: GpuOperatorArgs;
  /**
   * AWS only: whether a pool uses `provisioner: karpenter`; the cluster then reaches its Kubernetes
   * API, and installs Karpenter when it creates the cluster.
   * @default false
   */
  readonly karpenter?: boolean;
  /**
   * Azure only: whether a pool asks AKS to skip the driver, so the GPU operator installs it.
   * @default - "aks" for every pool
   */
  readonly aksGpuDrivers?: AksGpuDriver[];
}

/** A pool to add to a cluster; cluster-wide settings come from the cluster. */
export interface GpuPoolArgs
  extends
    Omit<GpuNodePoolSpec, "cloud" | "region">,
    Pick<GpuNodePoolArgs, "gpuDriver" | "spotMaxPriceUsd" | "hardware" | "amiAlias"> {
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
export function createdClusterVersion(cloud: KubernetesCloud, create: ClusterCreateArgs): string {
  return create.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION[cloud].minor;
}

/**
 * Checks cluster args and returns every problem. `now` decides which Kubernetes versions the cloud
 * still creates clusters on.
 */
export function validateGpuClusterArgs(args: GpuClusterArgs, now: Date = new Date()): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) => problems.push({ path, message });
  const only = (key: keyof GpuClusterArgs, where: Target, alternative = "") => {
    if (args[key] !== undefined && args.cloud !== where) {
      add([key], `applies to ${TARGET_NAMES[where]} only${alternative}`);
    }
  };
  if (args.cloud === "aws" || args.cloud === "gcp") {
    const badRegion = regionProblem(args.cloud, args.region);
    if (badRegion !== undefined) {
      add(["region"], badRegion);
    }
  } else if (!isRegionName(args.cloud, args.region)) {
    add(
      [args.cloud === "onprem" ? "site" : "region"],
      `is not ${args.cloud === "onprem" ? "a site name" : `${/^[AEIOU]/.test(TARGET_NAMES[args.cloud]) ? "an" : "a"} ${TARGET_NAMES[args.cloud]} region name`} (got ${show(args.region)}), e.g. ${regionExample(args.cloud)}`,
    );
  }
  if (
    (args.cloud === "aws" || args.cloud === "gcp") &&
    args.create?.kubernetesVersion !== undefined
  ) {
    const cloud = args.cloud;
    const minor = args.create.kubernetesVersion;
    const date = isoDate(now);
    const status = supportStatus(cloud, minor, date);
    const service = cloud === "aws" ? "EKS" : "GKE";
    const supported = KUBERNETES_VERSIONS.filter(
      (r) => r.cloud === cloud && supportStatus(cloud, r.minor, date) === "standard",
    ).map((r) => r.minor);
    if (status === "ended") {
      const row = kubernetesVersion(cloud, minor)!;
      add(
        ["create", "kubernetesVersion"],
        `${show(minor)} is no longer supported by ${service} (support ended ${row.endOfExtended}); use ${supported.join(" or ")}, or leave it out for ${DEFAULT_KUBERNETES_VERSION[cloud].minor} (source: ${row.source.url})`,
      );
    } else if (status === "unknown") {
      add(
        ["create", "kubernetesVersion"],
        `${show(minor)} is not a ${service} version known on ${date}; use ${supported.join(" or ")}, or leave it out for ${DEFAULT_KUBERNETES_VERSION[cloud].minor}`,
      );
    }
  }
  if (args.cloud === "onprem") {
    if (args.existingClusterName !== undefined || args.create !== undefined) {
      add(
        [args.create !== undefined ? "create" : "existingClusterName"],
        "does not apply on-prem: the cluster is reached through its kubeconfig",
      );
    }
    if (args.kubeconfig === undefined) {
      add(["kubeconfig"], "is required on-prem: the cluster's kubeconfig, as a secret");
    }
  } else if ((args.existingClusterName === undefined) === (args.create === undefined)) {
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
  if (
    args.cloud === "akamai" &&
    args.create !== undefined &&
    args.create.kubernetesVersion === undefined
  ) {
    add(
      ["create", "kubernetesVersion"],
      "is required for LKE, which has no default version (e.g. 1.34)",
    );
  }
  if (args.cloud === "aws" && (args.subnetIds ?? []).length === 0) {
    add(["subnetIds"], "must list the cluster's subnets (an EKS node group is placed in subnets)");
  }
  if (args.cloud === "gcp" && args.project === undefined) {
    add(["project"], "is required for a GCP cluster: the project id");
  }
  if (args.cloud === "azure" && args.resourceGroup === undefined) {
    add(["resourceGroup"], "is required for an AKS cluster: the resource group it is (or goes) in");
  }
  only(
    "subnetIds",
    "aws",
    args.cloud === "gcp" ? "; GKE node pools use the cluster's network" : "",
  );
  only("nodeRoleArn", "aws", args.cloud === "gcp" ? "; on GCP use nodeServiceAccountEmail" : "");
  only("project", "gcp");
  only("nodeServiceAccountEmail", "gcp", args.cloud === "aws" ? "; on AWS use nodeRoleArn" : "");
  only("resourceGroup", "azure");
  only("kubeconfig", "onprem", "; clouds are reached through their own credentials");
  only("driverPreinstalled", "onprem");
  return problems;
}

/**
 * What {@link GpuCluster.addGpuPool} needs of a cluster, kept off the instance: the component provider
 * host publishes every field of a component as an output, and a provider resource cannot cross
 * languages.
 */
/**
 * A created cluster's Kubernetes provider, and the add-ons (system nodes, device plugin,
 * cluster-autoscaler) Kubernetes objects on it should wait for.
 */
export interface GpuClusterKubernetes {
  readonly provider: k8s.Provider;
  readonly ready: pulumi.Resource[];
}

interface ClusterInternals {
  name: string;
  args: GpuClusterArgs;
  provider: pulumi.ProviderResource;
  k8sProvider?: pulumi.ProviderResource;
  kubernetes?: GpuClusterKubernetes;
}
const clusterInternals = new WeakMap<GpuCluster, ClusterInternals>();

/**
 * A Kubernetes cluster that GPU pools join, on EKS, GKE, AKS, Akamai LKE or the team's own machines:
 * attached by name (or kubeconfig on-prem) or created, with its own provider for its region (passed to
 * every child), the identity its GPU nodes run as, the NVIDIA GPU operator where the platform ships
 * none (LKE, on-prem) or a pool skips AKS's driver, Karpenter when it creates an EKS cluster with
 * Karpenter pools, and (created EKS/GKE clusters) system nodes, device plugin and cluster-autoscaler.
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
  /** Akamai: the LKE cluster's numeric id. */
  public readonly lkeClusterId?: pulumi.Output<number>;
  /** Azure: resource group of the AKS cluster. */
  public readonly resourceGroupName?: pulumi.Output<string>;
  /** AWS with Karpenter: the EKS cluster security group Karpenter nodes join. */
  public readonly securityGroupId?: pulumi.Output<string>;
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

  /**
   * Provider of the cluster's Kubernetes API (on-prem, Akamai, AKS with the GPU operator, Karpenter);
   * undefined elsewhere. (TypeScript only: not an output.)
   */
  public get k8sProvider(): pulumi.ProviderResource | undefined {
    return clusterInternals.get(this)?.k8sProvider;
  }

  constructor(name: string, args: GpuClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything, so bad args leave nothing half-created.
    throwIfProblems(`GpuCluster ${name}`, validateGpuClusterArgs(args));
    super(GPU_CLUSTER_TYPE, name, {}, opts);
    // Every branch below sets the provider before any child uses it.
    const internals: ClusterInternals = { name, args, provider: undefined! };
    clusterInternals.set(this, internals);
    const publicEndpoint = args.create?.publicEndpoint ?? GPU_CLUSTER_DEFAULTS.publicEndpoint;

    if (args.cloud === "aws") {
      const provider = new aws.Provider(
        `${name}-provider`,
        { region: args.region as aws.Region },
        { parent: this },
      );
      internals.provider = provider;
      const childOpts = { parent: this, provider };
      const tags = awsTags(args.costAllocation);
      const eks = args.create
        ? this.createEksCluster(name, args, args.create, publicEndpoint, tags, childOpts)
        : undefined;
      this.clusterName = eks?.name ?? pulumi.output(args.existingClusterName!);
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
      let eksReady: pulumi.Resource[] = [];
      if (eks !== undefined) {
        const addons = installEksAddons(
          name,
          {
            cluster: eks,
            region: args.region,
            kubernetesMinor: createdClusterVersion("aws", args.create!),
            subnetIds: args.subnetIds ?? [],
            nodeRoleArn: this.nodeRoleArn,
            tags,
          },
          childOpts,
        );
        internals.kubernetes = { provider: addons.kubernetesProvider, ready: addons.ready };
        eksReady = addons.ready;
      }
      if (args.karpenter) {
        const k8sProvider =
          internals.kubernetes?.provider ??
          new k8s.Provider(
            `${name}-k8s`,
            {
              kubeconfig: pulumi.secret(
                kubeconfigFor(
                  {
                    name,
                    cloud: "aws",
                    region: args.region,
                    clusterName: this.clusterName,
                    zones: [],
                  },
                  childOpts,
                ),
              ),
            },
            { parent: this },
          );
        internals.k8sProvider = k8sProvider;
        this.securityGroupId =
          eks?.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "") ??
          aws.eks
            .getClusterOutput({ name: this.clusterName }, childOpts)
            .vpcConfig.apply((v) => v.clusterSecurityGroupId);
        if (eks !== undefined) {
          // Karpenter's controller runs on the system nodes the add-ons create.
          createKarpenter(
            `${name}-karpenter`,
            {
              clusterName: this.clusterName,
              region: args.region,
              nodeRoleArn: this.nodeRoleArn,
              tags,
              k8sProvider,
              dependsOn: eksReady,
            },
            childOpts,
          );
        }
      }
    } else if (args.cloud === "gcp") {
      const provider = new gcp.Provider(
        `${name}-provider`,
        { project: args.project, region: args.region },
        { parent: this },
      );
      internals.provider = provider;
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
        internals.kubernetes = {
          provider: new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: gkeKubeconfig(gke) },
            { parent: this },
          ),
          ready: [system],
        };
      }
    } else if (args.cloud === "azure") {
      internals.provider = new AzureProvider(
        `${name}-provider`,
        { location: args.region },
        { parent: this },
      );
      const childOpts = { parent: this, provider: internals.provider };
      this.resourceGroupName = pulumi.output(args.resourceGroup!);
      this.clusterName = args.create
        ? new containerservice.ManagedCluster(
            name,
            aksClusterArgs(name, {
              resourceGroupName: args.resourceGroup!,
              location: args.region,
              kubernetesVersion: args.create.kubernetesVersion,
              publicEndpoint,
              authorizedCidrs: args.create.authorizedCidrs ?? [],
              zones: AZURE_ZONES,
              tags: awsTags(args.costAllocation),
            }),
            childOpts,
          ).name
        : pulumi.output(args.existingClusterName!);
      if ((args.aksGpuDrivers ?? []).includes("gpu-operator")) {
        const creds = containerservice.listManagedClusterUserCredentialsOutput(
          { resourceGroupName: args.resourceGroup!, resourceName: this.clusterName },
          childOpts,
        );
        internals.k8sProvider = this.kubernetesProvider(
          name,
          creds.kubeconfigs.apply((k) => decodeKubeconfig(k[0]?.value ?? "")),
        );
        // AKS skips the driver on those pools: the operator installs it (and nothing on AKS-driver pools,
        // whose nodes it finds with a driver already).
        this.installGpuOperator(name, args, true);
      }
    } else if (args.cloud === "akamai") {
      internals.provider = new linode.Provider(`${name}-provider`, {}, { parent: this });
      const childOpts = { parent: this, provider: internals.provider };
      let kubeconfig: pulumi.Output<string>;
      if (args.create) {
        const lke = new linode.LkeCluster(
          name,
          lkeClusterArgs(name, {
            region: args.region,
            kubernetesVersion: args.create.kubernetesVersion!,
            tags: linodeTags(awsTags(args.costAllocation)),
          }),
          childOpts,
        );
        this.clusterName = lke.label;
        this.lkeClusterId = lke.id.apply(Number);
        kubeconfig = lke.kubeconfig.apply(decodeKubeconfig);
      } else {
        const found = lookupLkeCluster(args.existingClusterName!, childOpts);
        this.clusterName = pulumi.output(args.existingClusterName!);
        this.lkeClusterId = found.id;
        kubeconfig = found.kubeconfig;
      }
      internals.k8sProvider = this.kubernetesProvider(name, kubeconfig);
      // LKE nodes come without NVIDIA drivers: the operator installs them.
      this.installGpuOperator(name, args, true);
    } else {
      internals.k8sProvider = this.kubernetesProvider(name, pulumi.output(args.kubeconfig!));
      internals.provider = internals.k8sProvider!;
      this.clusterName = pulumi.output(args.region);
      new k8s.core.v1.Namespace(
        `${name}-inventory`,
        {
          metadata: {
            name: ONPREM_INVENTORY_NAMESPACE,
            labels: kubernetesCostLabels(args.costAllocation),
          },
        },
        { parent: this, provider: this.k8sProvider },
      );
      this.installGpuOperator(name, args, !(args.driverPreinstalled ?? false));
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
      name: poolName,
      cloud: cluster.args.cloud,
      region: cluster.args.region,
      clusterName: this.clusterName,
      costAllocation: cluster.args.costAllocation,
      subnetIds: cluster.args.cloud === "aws" ? [...(cluster.args.subnetIds ?? [])] : undefined,
      nodeRoleArn: this.nodeRoleArn,
      project: cluster.args.project,
      serviceAccountEmail: this.nodeServiceAccountEmail,
      resourceGroupName: this.resourceGroupName,
      lkeClusterId: this.lkeClusterId,
      site: cluster.args.cloud === "onprem" ? cluster.args.region : undefined,
      securityGroupId: this.securityGroupId,
    };
    return new GpuNodePool(`${cluster.name}-${poolName}`, args, {
      parent: this,
      provider: cluster.provider,
      // On-prem and Karpenter pools create Kubernetes objects through the cluster's API.
      ...(cluster.k8sProvider !== undefined ? { providers: [cluster.k8sProvider] } : {}),
    });
  }

  /** A Kubernetes provider from a kubeconfig, kept secret. */
  private kubernetesProvider(name: string, kubeconfig: pulumi.Output<string>): k8s.Provider {
    return new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: pulumi.secret(kubeconfig) },
      { parent: this },
    );
  }

  private installGpuOperator(name: string, args: GpuClusterArgs, installDriver: boolean): void {
    createGpuOperator(
      `${name}-gpu-operator`,
      {
        installDriver,
        timeSlicing: args.gpuOperator?.timeSlicing ?? {},
        mig: args.gpuOperator?.mig ?? false,
        labels: kubernetesCostLabels(args.costAllocation),
      },
      { parent: this, provider: this.k8sProvider },
    );
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
