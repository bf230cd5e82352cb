/**
 * What a cluster the stack creates needs before GPU pods can run on it, as children of its
 * GpuCluster:
 * - a small system node group for the add-ons (GPU pools are tainted and may sit at zero nodes);
 * - EKS: the NVIDIA device plugin (the AL2023 NVIDIA AMI has the driver, not the plugin) and
 *   cluster-autoscaler with its IAM through EKS Pod Identity, both as Helm releases pinned in
 *   model/rules/defaults.ts, applied through a Kubernetes provider for the new cluster.
 * - GKE: nothing beyond the system pool: GKE installs the driver and device plugin itself
 *   (`gpuDriverInstallationConfig`) and autoscales node pools without cluster-autoscaler.
 *
 * A created cluster is private by default: its Kubernetes objects are applied from inside its VPC
 * (README "Private clusters"; the deploy guardrail `deploy-cluster-require-vpc-runner` says so).
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SYSTEM_NODE_LABEL } from "../../model/contracts";
import { fitName } from "../../model/naming";
import {
  CLUSTER_AUTOSCALER_REPOSITORY,
  HELM_CHARTS,
  SYSTEM_NODES,
  clusterAutoscalerTag,
} from "../../model/rules/defaults";
import { CLUSTER_AUTOSCALER_IAM } from "../../model/rules/quotas";
import { POD_IDENTITY_TRUST_POLICY } from "./podIdentity";
import { GKE_EXEC_USER, eksExecUser, kubeconfigJson } from "../kubeconfig";

/** Service account cluster-autoscaler runs as (the Pod Identity association names it). */
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

export { SYSTEM_NODE_LABEL };

/** What the EKS add-ons need to know of their cluster. */
export interface EksAddonTarget {
  readonly cluster: aws.eks.Cluster;
  readonly region: string;
  /** Kubernetes minor version of the cluster, which picks the cluster-autoscaler image. */
  readonly kubernetesMinor: string;
  readonly subnetIds: readonly string[];
  readonly nodeRoleArn: pulumi.Input<string>;
  readonly tags: Record<string, string>;
}

/** The Kubernetes provider of a created cluster and what was installed through it. */
export interface ClusterAddons {
  readonly kubernetesProvider: k8s.Provider;
  /** Resources later Kubernetes objects on the cluster should wait for. */
  readonly ready: pulumi.Resource[];
}

/**
 * A kubeconfig for a created EKS cluster that authenticates with `aws eks get-token`: it holds no
 * credential, but stays a secret like every kubeconfig.
 */
export function eksKubeconfig(cluster: aws.eks.Cluster, region: string): pulumi.Output<string> {
  return pulumi.secret(
    pulumi
      .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
      .apply(([name, endpoint, ca]) =>
        kubeconfigJson(name, endpoint, ca?.data ?? "", eksExecUser(name, region)),
      ),
  );
}

/** A kubeconfig for a created GKE cluster that authenticates with `gke-gcloud-auth-plugin`. */
export function gkeKubeconfig(cluster: gcp.container.Cluster): pulumi.Output<string> {
  return pulumi.secret(
    pulumi
      .all([cluster.name, cluster.endpoint, cluster.masterAuth])
      .apply(([name, endpoint, auth]) =>
        kubeconfigJson(
          name,
          `https://${endpoint}`,
          auth?.clusterCaCertificate ?? "",
          GKE_EXEC_USER,
        ),
      ),
  );
}

/** System nodes, the device plugin and cluster-autoscaler for a created EKS cluster. */
export function installEksAddons(
  name: string,
  target: EksAddonTarget,
  opts: pulumi.CustomResourceOptions,
): ClusterAddons {
  const nodes = SYSTEM_NODES.aws;
  const clusterName = target.cluster.name;
  const system = new aws.eks.NodeGroup(
    `${name}-system`,
    {
      clusterName,
      nodeGroupName: fitName("eks-node-group-name", [name, "system"]),
      nodeRoleArn: target.nodeRoleArn,
      subnetIds: [...target.subnetIds],
      amiType: nodes.amiType,
      instanceTypes: [nodes.instanceType],
      diskSize: nodes.diskGiB,
      scalingConfig: {
        minSize: nodes.minNodes,
        maxSize: nodes.maxNodes,
        desiredSize: nodes.minNodes,
      },
      labels: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
      tags: target.tags,
    },
    { ...opts, ignoreChanges: ["scalingConfig.desiredSize"] },
  );
  const agent = new aws.eks.Addon(
    `${name}-pod-identity-agent`,
    { clusterName, addonName: "eks-pod-identity-agent", tags: target.tags },
    { ...opts, dependsOn: [system] },
  );
  const role = new aws.iam.Role(
    `${name}-autoscaler`,
    {
      assumeRolePolicy: POD_IDENTITY_TRUST_POLICY,
      tags: target.tags,
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-autoscaler`,
    {
      role: role.name,
      policy: clusterName.apply((cluster) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: [...CLUSTER_AUTOSCALER_IAM.describe], Resource: "*" },
            {
              Effect: "Allow",
              Action: [...CLUSTER_AUTOSCALER_IAM.scale],
              Resource: "*",
              Condition: {
                StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "owned" },
              },
            },
          ],
        }),
      ),
    },
    opts,
  );
  const association = new aws.eks.PodIdentityAssociation(
    `${name}-autoscaler`,
    {
      clusterName,
      namespace: HELM_CHARTS.clusterAutoscaler.namespace,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
      roleArn: role.arn,
      tags: target.tags,
    },
    { ...opts, dependsOn: [agent, policy] },
  );

  const provider = new k8s.Provider(
    `${name}-k8s`,
    { kubeconfig: eksKubeconfig(target.cluster, target.region) },
    { parent: opts.parent },
  );
  const k8sOpts = { parent: opts.parent, provider };
  const plugin = HELM_CHARTS.nvidiaDevicePlugin;
  const devicePlugin = new k8s.helm.v3.Release(
    `${name}-nvidia-device-plugin`,
    {
      name: plugin.chart,
      chart: plugin.chart,
      version: plugin.version,
      repositoryOpts: { repo: plugin.repo },
      namespace: plugin.namespace,
      values: {
        // The chart's default affinity wants node-feature-discovery labels; our GPU nodes carry
        // the pool's accelerator label instead.
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "hybrid-ai/accelerator", operator: "Exists" }] },
              ],
            },
          },
        },
      },
    },
    { ...k8sOpts, dependsOn: [system] },
  );
  const autoscaler = HELM_CHARTS.clusterAutoscaler;
  const tag = clusterAutoscalerTag(target.kubernetesMinor);
  const clusterAutoscaler = new k8s.helm.v3.Release(
    `${name}-cluster-autoscaler`,
    {
      name: autoscaler.chart,
      chart: autoscaler.chart,
      version: autoscaler.version,
      repositoryOpts: { repo: autoscaler.repo },
      namespace: autoscaler.namespace,
      values: {
        cloudProvider: "aws",
        awsRegion: target.region,
        autoDiscovery: { clusterName },
        rbac: { serviceAccount: { create: true, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } },
        nodeSelector: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
        ...(tag === undefined ? {} : { image: { repository: CLUSTER_AUTOSCALER_REPOSITORY, tag } }),
      },
    },
    { ...k8sOpts, dependsOn: [association, system] },
  );
  return { kubernetesProvider: provider, ready: [devicePlugin, clusterAutoscaler, system] };
}

/** What the GKE system pool needs to know of its cluster. */
export interface GkeAddonTarget {
  readonly clusterName: pulumi.Input<string>;
  readonly project: string;
  readonly region: string;
  readonly serviceAccountEmail: pulumi.Input<string>;
  readonly labels: Record<string, string>;
}

/** The system node pool of a created GKE cluster (GKE itself provides GPU drivers, plugin, autoscaling). */
export function installGkeAddons(
  name: string,
  target: GkeAddonTarget,
  opts: pulumi.CustomResourceOptions,
): gcp.container.NodePool {
  const nodes = SYSTEM_NODES.gcp;
  return new gcp.container.NodePool(
    `${name}-system`,
    {
      name: fitName("gke-node-pool-name", [name, "system"]),
      cluster: target.clusterName,
      location: target.region,
      project: target.project,
      initialNodeCount: 1,
      autoscaling: { totalMinNodeCount: nodes.minNodes, totalMaxNodeCount: nodes.maxNodes },
      nodeConfig: {
        machineType: nodes.machineType,
        diskSizeGb: nodes.diskGiB,
        labels: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
        resourceLabels: target.labels,
        serviceAccount: target.serviceAccountEmail,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
      },
      management: { autoRepair: true, autoUpgrade: true },
    },
    { ...opts, ignoreChanges: ["initialNodeCount", "nodeCount"] },
  );
}
