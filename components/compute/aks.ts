/**
 * AKS pieces of a GPU pool: the agent pool on NC/ND sizes, the cluster when the stack creates one, and
 * the names AKS accepts. Helpers of GpuCluster and GpuNodePool; they create children under the parent
 * they are given.
 */
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";

/** AKS node pool names: lower-case letters and digits, starting with a letter, at most 12 (Linux). */
export const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** Defaults of AKS GPU pools. */
export const AKS_GPU_POOL_DEFAULTS = {
  osSKU: "Ubuntu",
  /** Spot nodes are deleted on eviction (Deallocate keeps paying for their disks). */
  spotEvictionPolicy: "Delete",
  /** -1: pay up to the on-demand price, never evicted for price. */
  spotMaxPriceUsd: -1,
  maxSurge: "1",
  /** System pool of a cluster the stack creates. */
  systemVmSize: "Standard_D4ds_v5",
  systemNodes: 2,
} as const;

/** The taint and label AKS puts on every spot node; written out so a deploy shows no drift. */
export const AKS_SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";

/** Who installs the NVIDIA driver on AKS GPU nodes. */
export const AksGpuDriver = { Aks: "aks", GpuOperator: "gpu-operator" } as const;
export type AksGpuDriver = (typeof AksGpuDriver)[keyof typeof AksGpuDriver];
export const AKS_GPU_DRIVERS = Object.values(AksGpuDriver) as [AksGpuDriver, ...AksGpuDriver[]];

/**
 * The AKS name of a pool: the config name without dashes, cut to 12 characters (`infer-t4` ->
 * `infert4`). Check it with {@link AKS_POOL_NAME}: a name starting with a digit cannot be folded.
 */
export function aksPoolName(poolName: string): string {
  return poolName.replace(/[^a-z0-9]/g, "").slice(0, 12);
}

/** What an AKS agent pool needs. */
export interface AksAgentPoolInput {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  /** AKS pool name ({@link aksPoolName}). */
  readonly agentPoolName: string;
  readonly vmSize: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly desiredNodes: number;
  readonly spot: boolean;
  /** USD per hour per node; -1 caps at the on-demand price. */
  readonly spotMaxPriceUsd?: number;
  /** Azure zones, `"1"`-`"3"`. */
  readonly zones: readonly string[];
  readonly diskGiB: number;
  readonly nodeLabels: Record<string, string>;
  /** Taints as AKS writes them, `key=value:Effect`. */
  readonly nodeTaints: readonly string[];
  readonly tags: Record<string, string>;
  readonly gpuDriver: AksGpuDriver;
}

/** The agent pool's args: a pure function, so tests read exactly what the cloud receives. */
export function aksAgentPoolArgs(input: AksAgentPoolInput): containerservice.AgentPoolArgs {
  return {
    resourceGroupName: input.resourceGroupName,
    resourceName: input.clusterName,
    agentPoolName: input.agentPoolName,
    mode: "User",
    osType: "Linux",
    osSKU: AKS_GPU_POOL_DEFAULTS.osSKU,
    type: "VirtualMachineScaleSets",
    vmSize: input.vmSize,
    count: input.desiredNodes,
    enableAutoScaling: true,
    minCount: input.minNodes,
    maxCount: input.maxNodes,
    availabilityZones: [...input.zones],
    osDiskSizeGB: input.diskGiB,
    nodeLabels: input.nodeLabels,
    nodeTaints: input.spot ? [...input.nodeTaints, AKS_SPOT_TAINT] : [...input.nodeTaints],
    tags: input.tags,
    gpuProfile: { driver: input.gpuDriver === "aks" ? "Install" : "None" },
    ...(input.spot
      ? {
          scaleSetPriority: "Spot",
          scaleSetEvictionPolicy: AKS_GPU_POOL_DEFAULTS.spotEvictionPolicy,
          spotMaxPrice: input.spotMaxPriceUsd ?? AKS_GPU_POOL_DEFAULTS.spotMaxPriceUsd,
        }
      : { scaleSetPriority: "Regular" }),
    // Spot pools cannot surge; AKS rejects maxSurge on them.
    ...(input.spot ? {} : { upgradeSettings: { maxSurge: AKS_GPU_POOL_DEFAULTS.maxSurge } }),
  };
}

/** Creates the agent pool. The autoscaler owns `count`, a shutdown schedule owns `powerState`. */
export function createAksAgentPool(
  name: string,
  input: AksAgentPoolInput,
  opts: pulumi.CustomResourceOptions,
): containerservice.AgentPool {
  return new containerservice.AgentPool(name, aksAgentPoolArgs(input), {
    ...opts,
    ignoreChanges: ["count", "powerState"],
  });
}

/** What an AKS cluster the stack creates needs. */
export interface AksClusterInput {
  readonly resourceGroupName: string;
  readonly location: string;
  readonly kubernetesVersion?: string;
  readonly publicEndpoint: boolean;
  readonly authorizedCidrs: readonly string[];
  readonly zones: readonly string[];
  readonly tags: Record<string, string>;
}

/** The managed cluster's args: a system pool only; GPU pools are separate agent pools. */
export function aksClusterArgs(
  name: string,
  input: AksClusterInput,
): containerservice.ManagedClusterArgs {
  return {
    resourceGroupName: input.resourceGroupName,
    resourceName: name,
    location: input.location,
    dnsPrefix: name,
    kubernetesVersion: input.kubernetesVersion,
    identity: { type: "SystemAssigned" },
    enableRBAC: true,
    disableLocalAccounts: true,
    aadProfile: { managed: true, enableAzureRBAC: true },
    agentPoolProfiles: [
      {
        name: "system",
        mode: "System",
        osType: "Linux",
        vmSize: AKS_GPU_POOL_DEFAULTS.systemVmSize,
        count: AKS_GPU_POOL_DEFAULTS.systemNodes,
        availabilityZones: [...input.zones],
        type: "VirtualMachineScaleSets",
      },
    ],
    apiServerAccessProfile: input.publicEndpoint
      ? { authorizedIPRanges: [...input.authorizedCidrs] }
      : { enablePrivateCluster: true },
    tags: input.tags,
  };
}
