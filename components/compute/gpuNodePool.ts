import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GPUS } from "../../model/catalog/gpus";
import { defaultShape, shapeByName, shapesFor } from "../../model/catalog";
import {
  CLOUDS,
  GPU_IDS,
  TARGET_NAMES,
  type Cloud,
  type GpuId,
  type InstanceShape,
  type Target,
} from "../../model/catalog/types";
import { hasZones, zoneExample, zoneInRegion } from "../../model/regions";
import {
  scheduleAwsTags,
  scheduleAzureTags,
  scheduleGcpLabels,
  scheduleK8sLabels,
  type ScheduleFacts,
} from "../../model/schedule/tags";
import {
  awsTags,
  gcpLabels,
  gcpLabelValue,
  k8sLabelValue,
  kubernetesCostLabels,
  type CostAllocation,
} from "../../model/tags";
import { shapeZonesRow } from "../../model/catalog/zones";
import { fitName } from "../../model/naming";
import { AUTO_NAME_SUFFIX_LENGTH, nameRule } from "../../model/rules/names";
import { AUTOSCALER_EQUAL_SHAPES } from "../../model/rules/quotas";
import { DEFAULT_AWS_GPU_AMI } from "../../model/rules/defaults";
import { show, throwIfProblems, withPrefix, type Problem } from "../../model/validation";
import {
  AZURE_FACT_TAG_KEYS,
  COMPONENT_TYPES,
  GPU_TAINT,
  POOL_FACT_KEYS,
  POOL_LABEL_KEYS,
} from "../../model/contracts";
import type { GpuNodePoolOutputs } from "../../model/outputs";
import type { Registered } from "../registered";
import { AKS_GPU_DRIVERS, aksPoolName, createAksAgentPool, type AksGpuDriver } from "./aks";
import type { GpuSharing } from "./gpuOperator";
import { instanceFamily, karpenterNodeClass, karpenterNodePool } from "./karpenter";
import { createLkeNodePool, linodeTags } from "./lke";
import { createOnPremNodePatch, onPremInventoryConfigMap } from "./onprem";
import {
  validateAksPool,
  validateKarpenterPool,
  validateLkePool,
  validateOnPremPool,
  validateAksPoolNames,
  validateSharing,
  type SharingSpec,
} from "./targets";

/**
 * The part of an autoscaler node-template tag key that names the child resource carrying it:
 * `k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu` -> `resources-nvidia.com-gpu`.
 */
export function asgTagSuffix(key: string): string {
  return key
    .replace(/^k8s\.io\/cluster-autoscaler\/node-template\//, "")
    .replace(/[^A-Za-z0-9.]+/g, "-");
}

/** Type token of {@link GpuNodePool}. */
export const GPU_NODE_POOL_TYPE = COMPONENT_TYPES.gpuNodePool;

/** How nodes are bought. */
export const CapacityType = { OnDemand: "on-demand", Spot: "spot" } as const;
export type CapacityType = (typeof CapacityType)[keyof typeof CapacityType];
export const CAPACITY_TYPES = Object.values(CapacityType) as [CapacityType, ...CapacityType[]];

/** NVIDIA node images an EKS pool can run. */
export const AwsGpuAmiType = {
  Al2023Nvidia: "al2023-nvidia",
  BottlerocketNvidia: "bottlerocket-nvidia",
} as const;
export type AwsGpuAmiType = (typeof AwsGpuAmiType)[keyof typeof AwsGpuAmiType];
/** EKS AMI types of {@link AwsGpuAmiType}. */
export const AWS_GPU_AMI_TYPES: Record<AwsGpuAmiType, string> = {
  "al2023-nvidia": "AL2023_x86_64_NVIDIA",
  "bottlerocket-nvidia": "BOTTLEROCKET_x86_64_NVIDIA",
};

/** Defaults applied when args leave them out. */
export const GPU_NODE_POOL_DEFAULTS = {
  capacity: "on-demand" as CapacityType,
  /** From model/rules/defaults.ts (no version-like default in code). */
  amiType: DEFAULT_AWS_GPU_AMI.key as AwsGpuAmiType,
  diskGiB: 200,
  /** Spot pools fall back over this many shapes carrying the same GPUs. */
  spotFallbackShapes: 3,
  /** Nodes replaced at once during an EKS update or a GKE surge upgrade. */
  maxSurgeNodes: 1,
  gcpOauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
} as const;

export { GPU_TAINT, POOL_LABEL_KEYS };

/** Who starts an EKS pool's nodes. */
export const Provisioner = { NodeGroup: "node-group", Karpenter: "karpenter" } as const;
export type Provisioner = (typeof Provisioner)[keyof typeof Provisioner];
export const PROVISIONERS = Object.values(Provisioner) as [Provisioner, ...Provisioner[]];

/** The parts of a pool that can be checked before anything is created. */
export interface GpuNodePoolSpec {
  /**
   * The pool's name in its cluster; AKS names the agent pool after it (letters and digits, 12 at most).
   * @default - the component's name
   */
  readonly name?: string;
  /** Where the cluster the pool joins runs: `aws`, `gcp`, `azure`, `akamai` or `onprem`. */
  readonly cloud: Target;
  /** Cloud region of the cluster, e.g. `us-east-1` or `europe-west4`. */
  readonly region: string;
  /** GPU catalog key: `t4`, `a10g`, `l4`, `l40s`, `a100-40gb`, `a100-80gb`, `h100`, `h200`. */
  readonly gpu: GpuId;
  /**
   * GPUs on each node.
   * @default - the GPUs of the smallest shape carrying `gpu`, or of the first `instanceTypes` entry
   */
  readonly gpusPerNode?: number;
  /**
   * Machine shapes, first preferred. EKS takes several (the rest are spot fallbacks); GKE takes one.
   * @default - on-demand: the smallest shape with `gpusPerNode` GPUs; spot: up to three such shapes
   */
  readonly instanceTypes?: string[];
  /** Fewest nodes; 0 lets the pool scale to zero. */
  readonly minNodes: number;
  /** Most nodes. */
  readonly maxNodes: number;
  /**
   * Nodes at creation. Later the cluster autoscaler owns this number.
   * @default - `minNodes`
   */
  readonly desiredNodes?: number;
  /**
   * `on-demand` or `spot`.
   * @default "on-demand"
   */
  readonly capacity?: CapacityType;
  /** Zones of `region` the pool's nodes may run in (none for Akamai and on-prem). */
  readonly zones: string[];
  /**
   * AWS only: `karpenter` provisions the pool with a Karpenter NodePool instead of a managed node group.
   * @default "node-group"
   */
  readonly provisioner?: Provisioner;
  /** On-prem only: the machines of the pool, as Kubernetes Node names. */
  readonly nodes?: string[];
  /**
   * On-prem and Akamai (the GPU operator's pools): time-slicing or MIG.
   * @default - none: whole GPUs
   */
  readonly sharing?: SharingSpec;
}

/** On-prem only: what one machine of a pool cost, for the amortised monthly cost. */
export interface OnPremHardware {
  readonly purchaseUsd: number;
  /** Purchase date, `YYYY-MM-DD`. */
  readonly purchasedOn: string;
  readonly amortizeYears: number;
}

/**
 * The Kubernetes provider a pool's resource options carry (`provider` or `providers`, or the parent's):
 * on-prem pools and Karpenter pools create Kubernetes objects through it. Passed as an option, not an
 * arg, so the same pool works from every Pulumi language.
 */
export function kubernetesProviderIn(
  opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ProviderResource | undefined {
  const listed = opts?.providers;
  const candidates = [
    opts?.provider,
    ...(listed === undefined ? [] : Array.isArray(listed) ? listed : Object.values(listed)),
  ];
  return (
    candidates.find((p) => k8s.Provider.isInstance(p)) ??
    opts?.parent?.getProvider("kubernetes::Provider")
  );
}

/** Arguments of {@link GpuNodePool}. */
export interface GpuNodePoolArgs extends GpuNodePoolSpec {
  /** Name of the EKS or GKE cluster the pool joins. */
  readonly clusterName: pulumi.Input<string>;
  /** Who pays for the pool: becomes AWS tags, GCP resource labels and node labels. */
  readonly costAllocation: CostAllocation;
  /**
   * Boot disk size per node.
   * @default 200
   */
  readonly diskGiB?: number;
  /**
   * AWS only: subnets the node group may use; the pool keeps those in its `zones`.
   */
  readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** AWS only: IAM role ARN of the nodes (with the EKS worker, CNI and ECR read-only policies). */
  readonly nodeRoleArn?: pulumi.Input<string>;
  /**
   * AWS only: node image, `al2023-nvidia` or `bottlerocket-nvidia`.
   * @default "al2023-nvidia"
   */
  readonly amiType?: AwsGpuAmiType;
  /** GCP only: project of the cluster. */
  readonly project?: string;
  /**
   * GCP only: e-mail of the service account the nodes run as.
   * @default - the project's Compute Engine default service account (not least privilege)
   */
  readonly serviceAccountEmail?: pulumi.Input<string>;
  /**
   * The shutdown schedule switching the pool (a ShutdownSchedule does the switching): tagged on the
   * node group (`hybrid-ai/schedule`, `hybrid-ai/on-hours-per-week`) or labelled on the GKE pool
   * (`schedule`, `on-hours-per-week`) for cost estimates and policies.
   * @default - none: the pool runs around the clock
   */
  readonly schedule?: ScheduleFacts;
  /** Azure only: resource group of the AKS cluster. */
  readonly resourceGroupName?: pulumi.Input<string>;
  /**
   * Azure only: who installs the NVIDIA driver, `aks` or `gpu-operator` (AKS skips it).
   * @default "aks"
   */
  readonly gpuDriver?: AksGpuDriver;
  /**
   * Azure spot only: most USD per node-hour to pay; -1 pays up to the on-demand price.
   * @default -1
   */
  readonly spotMaxPriceUsd?: number;
  /** Akamai only: numeric id of the LKE cluster. */
  readonly lkeClusterId?: pulumi.Input<number>;
  /** On-prem only: the site (data centre) of the cluster. */
  readonly site?: string;
  /**
   * On-prem only: what one machine cost, for the amortised monthly cost.
   * @default - none: the pool is listed without a cost
   */
  readonly hardware?: OnPremHardware;
  /** Karpenter only: the EKS cluster security group the nodes join. */
  readonly securityGroupId?: pulumi.Input<string>;
  /**
   * Karpenter only: AMI alias of the EC2NodeClass.
   * @default "al2023@latest"
   */
  readonly amiAlias?: string;
}

/** What a pool resolves to once defaults are applied. */
export interface ResolvedPoolShape {
  readonly gpu: GpuId;
  readonly gpusPerNode: number;
  readonly capacity: CapacityType;
  /** Machine shapes, first preferred; none on-prem. */
  readonly instanceTypes: string[];
  /** The preferred shape; undefined on-prem, where machines are owned. */
  readonly shape?: InstanceShape;
}

function isGpuId(value: string): value is GpuId {
  return (GPU_IDS as readonly string[]).includes(value);
}

function isCapacity(value: string): value is CapacityType {
  return (CAPACITY_TYPES as readonly string[]).includes(value);
}

function cloudName(cloud: Target): string {
  return TARGET_NAMES[cloud];
}

/** The Kubernetes platform of each target, for messages. */
const PLATFORM_NAMES: Readonly<Record<Target, string>> = {
  aws: "EKS",
  gcp: "GKE",
  azure: "AKS",
  akamai: "LKE",
  onprem: "the site",
};

function isCatalogCloud(cloud: Target): cloud is Cloud {
  return (CLOUDS as readonly string[]).includes(cloud);
}

/**
 * Checks one pool's spec and returns every problem, with paths relative to the pool: bounds, zones
 * outside the region, a GPU the cloud or an instance type does not offer, shapes that disagree.
 */
export function validateGpuNodePoolArgs(spec: GpuNodePoolSpec): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) => problems.push({ path, message });
  const { cloud, region } = spec;

  // On-prem, the size is the declared machines: validateOnPremPool speaks for it.
  const sized = spec.cloud !== "onprem";
  if (sized && (!Number.isInteger(spec.minNodes) || spec.minNodes < 0)) {
    add(["minNodes"], `must be a whole number >= 0 (got ${show(spec.minNodes)})`);
  }
  if (sized && (!Number.isInteger(spec.maxNodes) || spec.maxNodes < 1)) {
    add(["maxNodes"], `must be a whole number >= 1 (got ${show(spec.maxNodes)})`);
  }
  if (sized && spec.minNodes > spec.maxNodes) {
    add(["maxNodes"], `must be >= minNodes (got ${spec.maxNodes} < ${spec.minNodes})`);
  }
  if (spec.desiredNodes !== undefined) {
    if (spec.desiredNodes < spec.minNodes || spec.desiredNodes > spec.maxNodes) {
      add(
        ["desiredNodes"],
        `must lie between minNodes and maxNodes (got ${spec.desiredNodes}, allowed ${spec.minNodes}-${spec.maxNodes})`,
      );
    }
  }
  if (spec.capacity !== undefined && !isCapacity(spec.capacity)) {
    add(["capacity"], `must be one of ${CAPACITY_TYPES.join(", ")} (got ${show(spec.capacity)})`);
  }

  if (spec.zones.length === 0 && hasZones(cloud)) {
    add(["zones"], `must name at least one zone of ${region}, e.g. ${zoneExample(cloud, region)}`);
  }
  const seenZones = new Set<string>();
  spec.zones.forEach((zone, i) => {
    if (hasZones(cloud) && !zoneInRegion(cloud, zone, region)) {
      add(
        ["zones", i],
        `is not a zone of region ${region} (got ${show(zone)}); zones of ${region} look like ${zoneExample(cloud, region)}`,
      );
    }
    if (seenZones.has(zone)) {
      add(["zones", i], `repeats zone ${show(zone)}`);
    }
    seenZones.add(zone);
  });

  problems.push(...targetProblems(spec));
  if (!isGpuId(spec.gpu)) {
    add(["gpu"], `must be one of ${GPU_IDS.join(", ")} (got ${show(spec.gpu)})`);
    return problems;
  }
  const gpu = spec.gpu;
  const gpuName = GPUS[gpu].name;
  if (!isCatalogCloud(cloud)) {
    // Owned machines: any GPU the catalog knows, in the count the machines have.
    return problems;
  }
  const offered = shapesFor(cloud, gpu);
  if (offered.length === 0) {
    const clouds = CLOUDS.filter((c) => shapesFor(c, gpu).length > 0);
    add(
      ["gpu"],
      `${show(gpu)} (${gpuName}) is not offered on ${cloudName(cloud)}` +
        (clouds.length > 0 ? `; it is on ${clouds.map(cloudName).join(", ")}` : ""),
    );
    return problems;
  }

  const counts = [...new Set(offered.map((s) => s.gpusPerNode))].sort((a, b) => a - b);
  if (spec.gpusPerNode !== undefined && !counts.includes(spec.gpusPerNode)) {
    add(
      ["gpusPerNode"],
      `has no ${cloudName(cloud)} shape with ${spec.gpusPerNode} ${gpuName} GPUs (allowed: ${counts.join(", ")})`,
    );
  }

  const types = spec.instanceTypes ?? [];
  if (cloud !== "aws" && types.length > 1) {
    add(
      ["instanceTypes"],
      `must name one machine type: a ${cloud === "gcp" ? "GKE node pool" : cloud === "azure" ? "AKS agent pool" : "LKE node pool"} has one (got ${types.length})`,
    );
  }
  let firstCount: number | undefined;
  types.forEach((name, i) => {
    const shape = shapeByName(cloud, name);
    const allowed = offered
      .filter((s) => spec.gpusPerNode === undefined || s.gpusPerNode === spec.gpusPerNode)
      .map((s) => s.name)
      .join(", ");
    if (shape === undefined) {
      add(
        ["instanceTypes", i],
        `is not a known ${cloudName(cloud)} GPU shape (got ${show(name)}); with ${gpuName}: ${allowed}`,
      );
      return;
    }
    if (shape.gpu !== gpu) {
      add(
        ["instanceTypes", i],
        `${show(name)} carries ${GPUS[shape.gpu].name}, not ${gpuName}; shapes with ${gpuName}: ${allowed}`,
      );
      return;
    }
    if (spec.gpusPerNode !== undefined && shape.gpusPerNode !== spec.gpusPerNode) {
      add(
        ["instanceTypes", i],
        `${show(name)} has ${shape.gpusPerNode} GPUs, not gpusPerNode ${spec.gpusPerNode}; allowed: ${allowed}`,
      );
      return;
    }
    if (firstCount !== undefined && shape.gpusPerNode !== firstCount) {
      add(
        ["instanceTypes", i],
        `${show(name)} has ${shape.gpusPerNode} GPUs but ${show(types[0])} has ${firstCount}: every shape of a pool carries the same GPUs`,
      );
    }
    firstCount ??= shape.gpusPerNode;
  });
  const sizedShapes = types
    .map((t) => shapeByName(cloud, t))
    .filter((x): x is InstanceShape => x !== undefined && x.gpu === gpu);
  const unequal = sizedShapes.filter(
    (x) => x.vcpu !== sizedShapes[0].vcpu || x.memoryGiB !== sizedShapes[0].memoryGiB,
  );
  const typesOk = !problems.some((p) => p.path[0] === "instanceTypes");
  if (typesOk && unequal.length > 0) {
    add(
      ["instanceTypes"],
      `must all have the same vCPUs and memory: cluster-autoscaler plans every node as the first type (got ${sizedShapes.map((x) => `${x.name} ${x.vcpu} vCPU/${x.memoryGiB} GiB`).join(", ")}); keep ${sizedShapes[0].name} or use one size (source: ${AUTOSCALER_EQUAL_SHAPES.source.url})`,
    );
  }
  problems.push(...zoneAvailability(spec));
  return problems;
}

/**
 * GCP: zones of the pool that do not offer its machine type (A100 80GB in europe-west4-b); checked
 * where the zone table has the shape and region (model/catalog/zones.ts).
 */
function zoneAvailability(spec: GpuNodePoolSpec): Problem[] {
  if (spec.cloud !== "gcp" || !isGpuId(spec.gpu)) {
    return [];
  }
  const given = spec.instanceTypes?.[0];
  const shape =
    given !== undefined
      ? shapeByName("gcp", given)
      : defaultShape("gcp", spec.gpu, spec.gpusPerNode);
  if (shape === undefined || shape.gpu !== spec.gpu) {
    return [];
  }
  const row = shapeZonesRow(shape.name, spec.region);
  if (row === undefined) {
    return [];
  }
  const problems: Problem[] = [];
  spec.zones.forEach((zone, i) => {
    if (zoneInRegion("gcp", zone, spec.region) && !row.zones.includes(zone)) {
      problems.push({
        path: ["zones", i],
        message: `has no ${shape.name} (${GPUS[shape.gpu].name}): ${spec.region} offers it in ${row.zones.length > 0 ? row.zones.join(", ") : "no zone"} (got ${show(zone)}; source: ${row.source.url})`,
      });
    }
  });
  return problems;
}

/** The rules of the pool's target (AKS, LKE, on-prem, Karpenter) and of GPU sharing. */
function targetProblems(spec: GpuNodePoolSpec): Problem[] {
  const problems: Problem[] = [];
  const pool = { ...spec, name: spec.name };
  if (spec.cloud === "azure") {
    problems.push(...validateAksPool(pool));
  } else if (spec.cloud === "akamai") {
    problems.push(...validateLkePool(pool, spec.region));
  } else if (spec.cloud === "onprem") {
    problems.push(...validateOnPremPool(pool));
  }
  if (spec.provisioner !== undefined && spec.cloud !== "aws") {
    problems.push({
      path: ["provisioner"],
      message: `applies to AWS only (EKS node groups or Karpenter); ${cloudName(spec.cloud)} pools have one provisioner`,
    });
  } else if (spec.provisioner === "karpenter") {
    problems.push(...validateKarpenterPool(pool));
  }
  if (spec.nodes !== undefined && spec.cloud !== "onprem") {
    problems.push({ path: ["nodes"], message: "applies to on-prem pools only" });
  }
  if (spec.sharing !== undefined && spec.cloud !== "onprem" && spec.cloud !== "akamai") {
    problems.push({
      path: ["sharing"],
      message: "applies to on-prem and Akamai pools, where the stack installs the GPU operator",
    });
  } else {
    problems.push(...validateSharing(spec.sharing));
  }
  if (spec.sharing?.mig !== undefined && !MIG_GPUS.includes(spec.gpu)) {
    problems.push({
      path: ["sharing", "mig"],
      message: `needs a GPU with MIG (${MIG_GPUS.join(", ")}); ${show(spec.gpu)} has none`,
    });
  }
  return problems;
}

/** GPUs of the catalog that support MIG partitioning. */
export const MIG_GPUS: readonly string[] = ["a100-40gb", "a100-80gb", "h100", "h100-nvl", "h200"];

/**
 * Checks the pool list of one cluster: not empty, unique names, and each pool by
 * {@link validateGpuNodePoolArgs}. Paths start at the list (`[1].maxNodes`).
 */
export function validateGpuNodePools(
  pools: ReadonlyArray<GpuNodePoolSpec & { readonly name: string }>,
): Problem[] {
  if (pools[0]?.cloud === "azure") {
    return [...validatePoolList(pools), ...validateAksPoolNames(pools.map((p) => p.name))];
  }
  return validatePoolList(pools);
}

function validatePoolList(
  pools: ReadonlyArray<GpuNodePoolSpec & { readonly name: string }>,
): Problem[] {
  const problems: Problem[] = [];
  if (pools.length === 0) {
    problems.push({ path: [], message: "must list at least one GPU pool" });
  }
  const firstIndex = new Map<string, number>();
  pools.forEach((pool, i) => {
    const seen = firstIndex.get(pool.name);
    if (seen !== undefined) {
      problems.push({
        path: [i, "name"],
        message: `repeats pool name ${show(pool.name)} (first used at [${seen}])`,
      });
    } else {
      firstIndex.set(pool.name, i);
    }
    problems.push(...withPrefix([i], validateGpuNodePoolArgs(pool)));
  });
  return problems;
}

/**
 * Applies defaults to a valid spec: capacity, GPUs per node and the instance types, first preferred.
 * Call {@link validateGpuNodePoolArgs} first; this throws on a spec it cannot resolve.
 */
export function resolvePoolShape(spec: GpuNodePoolSpec): ResolvedPoolShape {
  const gpu = spec.gpu as GpuId;
  const capacity = (spec.capacity ?? GPU_NODE_POOL_DEFAULTS.capacity) as CapacityType;
  if (!isCatalogCloud(spec.cloud)) {
    if (spec.gpusPerNode === undefined) {
      throw new Error(`an on-prem pool needs gpusPerNode`);
    }
    return { gpu, gpusPerNode: spec.gpusPerNode, capacity, instanceTypes: [] };
  }
  const cloud = spec.cloud;
  const given = spec.instanceTypes ?? [];
  const first =
    given.length > 0 ? shapeByName(cloud, given[0]) : defaultShape(cloud, gpu, spec.gpusPerNode);
  if (first === undefined) {
    throw new Error(`no ${cloud} shape carries ${spec.gpusPerNode ?? "any"} ${gpu} GPUs`);
  }
  const sameGpus = () =>
    shapesFor("aws", gpu)
      .filter((s) => s.gpusPerNode === first.gpusPerNode)
      .sort((a, b) => a.vcpu - b.vcpu);
  let instanceTypes: string[] = given.length > 0 ? [...given] : [first.name];
  if (given.length === 0 && spec.provisioner === "karpenter") {
    // Karpenter picks among every shape of the GPU's families with the pool's GPU count.
    instanceTypes = sameGpus().map((s) => s.name);
  } else if (given.length === 0 && capacity === "spot" && cloud === "aws") {
    instanceTypes = sameGpus()
      // cluster-autoscaler wants every type of a group the same size (AUTOSCALER_EQUAL_SHAPES).
      .filter((s) => s.vcpu === first.vcpu && s.memoryGiB === first.memoryGiB)
      .slice(0, GPU_NODE_POOL_DEFAULTS.spotFallbackShapes)
      .map((s) => s.name);
  }
  return { gpu, gpusPerNode: first.gpusPerNode, capacity, instanceTypes, shape: first };
}

/**
 * A pool of GPU nodes in an EKS or GKE cluster: NVIDIA images and drivers, a GPU taint, node labels,
 * autoscaling bounds (scale from zero included), spot or on-demand capacity across zones, and
 * cost-allocation tags.
 *
 * On AWS it is a managed node group plus cluster-autoscaler node-template tags on its Auto Scaling
 * group (EKS does not copy node group tags there, and the autoscaler needs them to scale from zero).
 * On GCP it is a GKE node pool with guest accelerators and driver installation.
 *
 * @example
 * const pool = new GpuNodePool("aws-use1-infer-l4", {
 *   cloud: "aws", region: "us-east-1", clusterName: "ml-prod",
 *   gpu: "l4", minNodes: 2, maxNodes: 10, zones: ["us-east-1a", "us-east-1b"],
 *   subnetIds: ["subnet-0a1", "subnet-0b2"], nodeRoleArn: role.arn,
 *   costAllocation: { owner: "ml-platform", costCenter: "cc-4711", environment: "prod", stack: "prod" },
 * }, { provider: awsUsEast1 });
 */
export class GpuNodePool extends pulumi.ComponentResource {
  /** GPU catalog key of the nodes. */
  public readonly gpu: GpuId;
  /** GPUs on each node. */
  public readonly gpusPerNode: number;
  /** Machine shapes, first preferred. */
  public readonly instanceTypes: string[];
  /** `on-demand` or `spot`. */
  public readonly capacity: CapacityType;
  /** EKS node group or GKE node pool name, as the cloud knows it. */
  public readonly nodePoolName: pulumi.Output<string>;
  /** AWS: the node group's Auto Scaling group, which scheduled actions switch. */
  public readonly autoscalingGroupName?: pulumi.Output<string>;

  constructor(name: string, args: GpuNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before registering anything, so bad args leave nothing half-created.
    const k8sProvider = kubernetesProviderIn(opts);
    throwIfProblems(`GpuNodePool ${name}`, [
      ...validateGpuNodePoolArgs(args),
      ...validateCloudArgs(args, k8sProvider !== undefined),
    ]);
    super(GPU_NODE_POOL_TYPE, name, {}, opts);
    const shape = resolvePoolShape(args);
    const diskGiB = args.diskGiB ?? GPU_NODE_POOL_DEFAULTS.diskGiB;
    const desiredNodes = args.desiredNodes ?? args.minNodes;
    const nodeLabels = {
      [POOL_LABEL_KEYS.accelerator]: shape.gpu,
      // Label values hold 63 characters: a longer pool name is fitted with a hash (model/naming.ts).
      [POOL_LABEL_KEYS.pool]: k8sLabelValue(name),
      [POOL_LABEL_KEYS.environment]: args.costAllocation.environment,
    };
    const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: opts?.provider };

    this.gpu = shape.gpu;
    this.gpusPerNode = shape.gpusPerNode;
    this.instanceTypes = shape.instanceTypes;
    this.capacity = shape.capacity;
    const common = { diskGiB, desiredNodes, nodeLabels };
    if (args.cloud === "azure") {
      this.nodePoolName = this.createAksPool(name, args, shape, common, childOpts);
    } else if (args.cloud === "akamai") {
      this.nodePoolName = this.createLkePool(name, args, shape, common, childOpts);
    } else if (args.cloud === "onprem") {
      this.nodePoolName = this.createOnPremPool(name, args, shape, common, k8sProvider!);
    } else if (args.provisioner === "karpenter") {
      this.nodePoolName = this.createKarpenterPool(name, args, shape, common, k8sProvider!);
    } else if (args.cloud === "aws") {
      const group = this.createAwsNodeGroup(
        name,
        args,
        shape,
        { diskGiB, desiredNodes, nodeLabels },
        childOpts,
      );
      this.nodePoolName = group.nodeGroupName;
      this.autoscalingGroupName = group.autoscalingGroupName;
    } else {
      this.nodePoolName = this.createGkeNodePool(
        name,
        args,
        shape,
        { diskGiB, desiredNodes, nodeLabels },
        childOpts,
      );
    }

    // Facts stack policies read about the pool (the CLI's stack validation sees outputs).
    this.registerOutputs({
      cloud: args.cloud,
      region: args.region,
      provisioner: args.provisioner,
      environment: args.costAllocation.environment,
      zones: [...args.zones],
      minNodes: args.minNodes,
      maxNodes: args.maxNodes,
      gpu: this.gpu,
      gpusPerNode: this.gpusPerNode,
      instanceTypes: this.instanceTypes,
      capacity: this.capacity,
      nodePoolName: this.nodePoolName,
      schedule: args.schedule?.name,
      onHoursPerWeek: args.schedule?.onHoursPerWeek,
    } satisfies Registered<GpuNodePoolOutputs>);
  }

  private createAwsNodeGroup(
    name: string,
    args: GpuNodePoolArgs,
    shape: ResolvedPoolShape,
    common: PoolCommon,
    childOpts: pulumi.CustomResourceOptions,
  ): { nodeGroupName: pulumi.Output<string>; autoscalingGroupName: pulumi.Output<string> } {
    const templateTags = nodeTemplateTags(shape, common.nodeLabels);
    const subnets = aws.ec2.getSubnetsOutput(
      {
        filters: [
          { name: "subnet-id", values: pulumi.output(args.subnetIds ?? []) },
          { name: "availability-zone", values: [...args.zones] },
        ],
      },
      childOpts,
    );
    const subnetIds = subnets.ids.apply((ids) => {
      if (ids.length === 0) {
        throw new Error(
          `GpuNodePool ${name}: none of the cluster's subnets lies in zones ${args.zones.join(", ")}; ` +
            "add a subnet in those zones to subnetIds or change the pool's zones",
        );
      }
      return ids;
    });
    const nodeGroup = new aws.eks.NodeGroup(
      name,
      {
        clusterName: args.clusterName,
        // Auto-named `<name>-<7 hex>` when that fits 63 characters (existing groups keep their
        // names); a longer name is fitted with a hash.
        nodeGroupName: autoNameFits("eks-node-group-name", name)
          ? undefined
          : fitName("eks-node-group-name", [name]),
        nodeRoleArn: args.nodeRoleArn!,
        subnetIds,
        amiType: AWS_GPU_AMI_TYPES[args.amiType ?? GPU_NODE_POOL_DEFAULTS.amiType],
        capacityType: shape.capacity === "spot" ? "SPOT" : "ON_DEMAND",
        instanceTypes: [...shape.instanceTypes],
        diskSize: common.diskGiB,
        scalingConfig: {
          minSize: args.minNodes,
          maxSize: args.maxNodes,
          desiredSize: common.desiredNodes,
        },
        updateConfig: { maxUnavailable: GPU_NODE_POOL_DEFAULTS.maxSurgeNodes },
        labels: { ...common.nodeLabels, "k8s.amazonaws.com/accelerator": `nvidia-${shape.gpu}` },
        taints: [{ ...GPU_TAINT, effect: "NO_SCHEDULE" }],
        // Auto-discovery tags (EKS also puts these on the Auto Scaling group itself).
        tags: pulumi.output(args.clusterName).apply((cluster) =>
          awsTags(args.costAllocation, {
            "hybrid-ai/pool": name,
            "hybrid-ai/zones": args.zones.join(" "),
            "k8s.io/cluster-autoscaler/enabled": "true",
            [`k8s.io/cluster-autoscaler/${cluster}`]: "owned",
            ...templateTags,
            ...(args.schedule ? scheduleAwsTags(args.schedule) : {}),
          }),
        ),
      },
      // The cluster autoscaler moves desiredSize; a deploy must not reset it.
      { ...childOpts, ignoreChanges: ["scalingConfig.desiredSize"] },
    );

    // Managed node groups do not copy their tags to the Auto Scaling group, where the autoscaler
    // reads the node template when the group is at zero nodes.
    const asgName = nodeGroup.resources.apply((r) => r?.[0]?.autoscalingGroups?.[0]?.name ?? "");
    Object.entries(templateTags).forEach(([key, value], i) => {
      new aws.autoscaling.Tag(
        `${name}-asg-tag-${asgTagSuffix(key)}`,
        { autoscalingGroupName: asgName, tag: { key, value, propagateAtLaunch: false } },
        // Named by position before 0.2: the same order, so deployed tags keep their identity.
        { ...childOpts, aliases: [{ name: `${name}-asg-tag-${i}` }] },
      );
    });
    return { nodeGroupName: nodeGroup.nodeGroupName, autoscalingGroupName: asgName };
  }

  private createGkeNodePool(
    name: string,
    args: GpuNodePoolArgs,
    shape: ResolvedPoolShape,
    common: PoolCommon,
    childOpts: pulumi.CustomResourceOptions,
  ): pulumi.Output<string> {
    const pool = new gcp.container.NodePool(
      name,
      {
        // GKE allows 40 characters: auto-named when `<name>-<7 hex>` fits, fitted otherwise.
        name: autoNameFits("gke-node-pool-name", name)
          ? undefined
          : fitName("gke-node-pool-name", [name]),
        cluster: args.clusterName,
        location: args.region,
        project: args.project,
        nodeLocations: [...args.zones],
        initialNodeCount: Math.ceil(common.desiredNodes / args.zones.length),
        autoscaling: {
          totalMinNodeCount: args.minNodes,
          totalMaxNodeCount: args.maxNodes,
          // ANY lets spot pools take capacity wherever a zone has it.
          locationPolicy: shape.capacity === "spot" ? "ANY" : "BALANCED",
        },
        nodeConfig: {
          machineType: shape.instanceTypes[0],
          spot: shape.capacity === "spot",
          diskSizeGb: common.diskGiB,
          diskType: "pd-balanced",
          guestAccelerators: [
            {
              type: shape.shape!.gcpAcceleratorType!,
              count: shape.gpusPerNode,
              gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" },
            },
          ],
          labels: Object.fromEntries(
            Object.entries(common.nodeLabels).map(([k, v]) => [k, gcpLabelValue(v)]),
          ),
          taints: [{ ...GPU_TAINT, effect: "NO_SCHEDULE" }],
          resourceLabels: gcpLabels(args.costAllocation, {
            pool: gcpLabelValue(name),
            ...(args.schedule ? scheduleGcpLabels(args.schedule) : {}),
          }),
          serviceAccount: args.serviceAccountEmail,
          oauthScopes: [...GPU_NODE_POOL_DEFAULTS.gcpOauthScopes],
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          workloadMetadataConfig: { mode: "GKE_METADATA" },
        },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: {
          strategy: "SURGE",
          maxSurge: GPU_NODE_POOL_DEFAULTS.maxSurgeNodes,
          maxUnavailable: 0,
        },
      },
      // The cluster autoscaler moves the node count; a deploy must not reset it.
      { ...childOpts, ignoreChanges: ["initialNodeCount", "nodeCount"] },
    );
    return pool.name;
  }

  private createAksPool(
    name: string,
    args: GpuNodePoolArgs,
    shape: ResolvedPoolShape,
    common: PoolCommon,
    childOpts: pulumi.CustomResourceOptions,
  ): pulumi.Output<string> {
    // Azure tag names allow no `/`: the pool and region facts use `-`, the schedule GCP's label keys.
    const pool = createAksAgentPool(
      name,
      {
        resourceGroupName: args.resourceGroupName!,
        clusterName: args.clusterName,
        agentPoolName: aksPoolName(args.name ?? name),
        vmSize: shape.instanceTypes[0],
        minNodes: args.minNodes,
        maxNodes: args.maxNodes,
        desiredNodes: common.desiredNodes,
        spot: shape.capacity === "spot",
        spotMaxPriceUsd: args.spotMaxPriceUsd,
        zones: args.zones,
        diskGiB: common.diskGiB,
        nodeLabels: common.nodeLabels,
        nodeTaints: [`${GPU_TAINT.key}=${GPU_TAINT.value}:NoSchedule`],
        tags: awsTags(args.costAllocation, {
          [AZURE_FACT_TAG_KEYS.pool]: name,
          [AZURE_FACT_TAG_KEYS.region]: args.region,
          ...(args.schedule ? scheduleAzureTags(args.schedule) : {}),
        }),
        gpuDriver: args.gpuDriver ?? AKS_GPU_DRIVERS[0],
      },
      childOpts,
    );
    return pool.name;
  }

  private createLkePool(
    name: string,
    args: GpuNodePoolArgs,
    shape: ResolvedPoolShape,
    common: PoolCommon,
    childOpts: pulumi.CustomResourceOptions,
  ): pulumi.Output<string> {
    const pool = createLkeNodePool(
      name,
      {
        clusterId: args.lkeClusterId!,
        planType: shape.instanceTypes[0],
        minNodes: args.minNodes,
        maxNodes: args.maxNodes,
        desiredNodes: common.desiredNodes,
        labels: common.nodeLabels,
        taints: [{ ...GPU_TAINT, effect: "NoSchedule" }],
        tags: linodeTags(
          awsTags(args.costAllocation, {
            [POOL_FACT_KEYS.region]: args.region,
            ...(args.schedule ? scheduleAwsTags(args.schedule) : {}),
          }),
        ),
      },
      childOpts,
    );
    return pool.id;
  }

  private createOnPremPool(
    name: string,
    args: GpuNodePoolArgs,
    shape: ResolvedPoolShape,
    common: PoolCommon,
    k8sProvider: pulumi.ProviderResource,
  ): pulumi.Output<string> {
    const opts = { parent: this, provider: k8sProvider };
    const sharing = sharingOf(args);
    const costLabels = kubernetesCostLabels(args.costAllocation);
    const nodes = args.nodes ?? [];
    nodes.forEach((node) =>
      createOnPremNodePatch(
        `${name}-${node}`,
        {
          node,
          labels: { ...common.nodeLabels, ...costLabels },
          taints: [{ ...GPU_TAINT, effect: "NoSchedule" }],
          sharing,
          pool: name,
        },
        opts,
      ),
    );
    const inventory = onPremInventoryConfigMap({
      pool: name,
      site: args.site ?? args.region,
      gpu: shape.gpu,
      gpusPerNode: shape.gpusPerNode,
      nodes,
      hardware: args.hardware,
      sharing,
      schedule: args.schedule,
      labels: {
        ...costLabels,
        [POOL_LABEL_KEYS.pool]: name,
        [POOL_FACT_KEYS.cluster]: args.region,
        [POOL_FACT_KEYS.site]: args.site ?? args.region,
      },
    });
    new k8s.core.v1.ConfigMap(name, inventory, opts);
    return pulumi.output(name);
  }

  private createKarpenterPool(
    name: string,
    args: GpuNodePoolArgs,
    shape: ResolvedPoolShape,
    common: PoolCommon,
    k8sProvider: pulumi.ProviderResource,
  ): pulumi.Output<string> {
    const opts = { parent: this, provider: k8sProvider };
    const families = [...new Set(shape.instanceTypes.map(instanceFamily))];
    const roleName = pulumi.output(args.nodeRoleArn!).apply((arn) => arn.split("/").pop()!);
    const objects = pulumi
      .all([roleName, args.subnetIds ?? [], args.securityGroupId!, args.clusterName])
      .apply(([nodeRoleName, subnetIds, securityGroupId, clusterName]) => {
        const input = {
          name,
          instanceFamilies: families,
          gpusPerNode: shape.gpusPerNode,
          maxNodes: args.maxNodes,
          spot: shape.capacity === "spot",
          zones: args.zones,
          labels: common.nodeLabels,
          taints: [{ ...GPU_TAINT, effect: "NoSchedule" as const }],
          nodeRoleName,
          subnetIds,
          securityGroupId,
          diskGiB: common.diskGiB,
          tags: awsTags(args.costAllocation, { "hybrid-ai/pool": name }),
          amiAlias: args.amiAlias,
        };
        return {
          nodeClass: karpenterNodeClass(input),
          nodePool: karpenterNodePool(input),
          clusterName,
        };
      });
    // Pool facts on the NodePool object itself, where readers and policies find them.
    const facts = {
      ...kubernetesCostLabels(args.costAllocation),
      ...common.nodeLabels,
      [POOL_FACT_KEYS.region]: args.region,
      ...(args.schedule ? scheduleK8sLabels(args.schedule) : {}),
    };
    const nodeClass = new k8s.apiextensions.CustomResource(
      `${name}-class`,
      {
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name, labels: facts },
        spec: objects.apply((o) => o.nodeClass.spec as Record<string, unknown>),
      },
      opts,
    );
    new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: {
          name,
          labels: pulumi
            .output(args.clusterName)
            .apply((cluster) => ({ ...facts, [POOL_FACT_KEYS.cluster]: cluster })),
        },
        spec: objects.apply((o) => o.nodePool.spec as Record<string, unknown>),
      },
      { ...opts, dependsOn: [nodeClass] },
    );
    return pulumi.output(name);
  }
}

/** The GPU sharing of a pool, as the GPU operator helpers take it. */
export function sharingOf(spec: Pick<GpuNodePoolSpec, "sharing">): GpuSharing {
  if (spec.sharing?.timeSlicing !== undefined) {
    return { mode: "time-slicing", replicas: spec.sharing.timeSlicing };
  }
  if (spec.sharing?.mig !== undefined) {
    return { mode: "mig", profile: spec.sharing.mig };
  }
  return { mode: "none" };
}

/** Whether the provider's auto-name for `name` (`<name>-<7 hex>`) fits the rule. */
function autoNameFits(ruleId: string, name: string): boolean {
  return name.length + AUTO_NAME_SUFFIX_LENGTH <= nameRule(ruleId).max;
}

interface PoolCommon {
  readonly diskGiB: number;
  readonly desiredNodes: number;
  readonly nodeLabels: Record<string, string>;
}

function validateCloudArgs(args: GpuNodePoolArgs, hasKubernetesProvider: boolean): Problem[] {
  const problems: Problem[] = [];
  const needKubernetes = (what: string) => {
    if (!hasKubernetesProvider) {
      problems.push({
        path: ["providers"],
        message: `(a resource option) must include the cluster's Kubernetes provider for ${what}`,
      });
    }
  };
  const need = (key: keyof GpuNodePoolArgs, what: string) => {
    if (args[key] === undefined) {
      problems.push({ path: [key], message: `is required for ${what}` });
    }
  };
  if (args.cloud === "aws") {
    need("subnetIds", "an EKS node group");
    need("nodeRoleArn", "an EKS node group");
    if (args.provisioner === "karpenter") {
      needKubernetes("a Karpenter pool");
      need("securityGroupId", "a Karpenter pool");
    }
  } else if (args.cloud === "gcp") {
    need("project", "a GKE node pool");
  } else if (args.cloud === "azure") {
    need("resourceGroupName", "an AKS agent pool");
  } else if (args.cloud === "akamai") {
    need("lkeClusterId", "an LKE node pool");
  } else {
    needKubernetes("an on-prem pool");
  }
  if (args.amiType !== undefined && (args.cloud !== "aws" || args.provisioner === "karpenter")) {
    problems.push({
      path: ["amiType"],
      message:
        args.cloud === "aws"
          ? "applies to node groups; a Karpenter pool takes amiAlias"
          : `applies to AWS only; ${PLATFORM_NAMES[args.cloud]} picks the node image`,
    });
  }
  if (args.gpuDriver !== undefined && args.cloud !== "azure") {
    problems.push({ path: ["gpuDriver"], message: "applies to Azure (AKS) only" });
  }
  if (
    args.gpuDriver !== undefined &&
    !(AKS_GPU_DRIVERS as readonly string[]).includes(args.gpuDriver)
  ) {
    problems.push({
      path: ["gpuDriver"],
      message: `must be one of ${AKS_GPU_DRIVERS.join(", ")} (got ${show(args.gpuDriver)})`,
    });
  }
  return problems;
}

/**
 * Node-template tags cluster-autoscaler reads from an Auto Scaling group to scale it up from zero
 * nodes: the GPU resource, the node labels and the GPU taint.
 */
export function nodeTemplateTags(
  shape: ResolvedPoolShape,
  nodeLabels: Record<string, string>,
): Record<string, string> {
  const prefix = "k8s.io/cluster-autoscaler/node-template";
  const tags: Record<string, string> = {
    [`${prefix}/resources/nvidia.com/gpu`]: String(shape.gpusPerNode),
    [`${prefix}/taint/${GPU_TAINT.key}`]: `${GPU_TAINT.value}:NoSchedule`,
  };
  for (const [key, value] of Object.entries(nodeLabels)) {
    tags[`${prefix}/label/${key}`] = value;
  }
  return tags;
}
