/**
 * THE node-pool reader: every EKS managed node group, GKE node pool and self-managed Auto Scaling group
 * (launch template, launch configuration, or an `@pulumi/eks` CloudFormation node group) in a resource
 * graph, with its size, shape and GPUs. A pool is a GPU pool when it has GPUs: a GPU machine shape
 * (directly, or through its launch template or configuration), guest accelerators, a GPU AMI type, or
 * the autoscaler's node-template GPU tag; the others are CPU pools, counted apart. Fixed-size pools
 * have their node count (per zone for GKE), zonal pools their region. One reader for the review, the
 * cost estimate, the rehearsal and the policies.
 */
import { parse as parseYaml } from "yaml";
import { SHAPES, shapeByName } from "../catalog";
import type { Target } from "../catalog/types";
import {
  POOL_LABEL_KEYS,
  SYSTEM_NODE_LABEL,
  T,
  isUnknownValue,
  plainProperties,
} from "../contracts";
import { AWS_SCHEDULE_TAG_KEYS, GCP_SCHEDULE_LABEL_KEYS, parseOnHours } from "../schedule/tags";
import {
  TARGET_POOL_TYPES,
  readTargetPool,
  type PoolInventory,
  type TargetPoolFacts,
} from "./targetPools";

export { linodeTagMap, type PoolInventory } from "./targetPools";

/** The fields of a resource the reader reads; captured resources, file resources and policy resources have them. */
export interface ResourceLike {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly provider?: string;
  readonly inputs: Record<string, unknown>;
  /** A state's outputs: fall-back for what inputs leave to the provider (a GKE pool's zones, a launch template's ID). */
  readonly outputs?: Record<string, unknown>;
}

export const isUnknown = isUnknownValue;

/** One node pool and its size. */
export interface NodePoolInfo {
  readonly urn: string;
  readonly cloud: Target;
  /**
   * `eks-managed`, `gke`, `self-managed` (an Auto Scaling group), `aks`, `lke`, `karpenter` or `onprem`
   * (a pool inventory of owned machines).
   */
  readonly kind: "eks-managed" | "gke" | "self-managed" | "aks" | "lke" | "karpenter" | "onprem";
  readonly region: string;
  /** The cluster as the cloud names it; `unknown` when the graph does not say. */
  readonly cluster: string;
  /** The pool's resource name. */
  readonly pool: string;
  /** Whether its nodes have GPUs. */
  readonly accelerated: boolean;
  /** GPU catalog key, the accelerator type as found, `unknown`, or `none` for a CPU pool. */
  readonly gpu: string;
  /** 0 for a CPU pool, and for a GPU pool whose GPU count is not known (see `unknown`). */
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  /** A pool without autoscaling: `minNodes === maxNodes` is its node count. */
  readonly fixedSize?: boolean;
  readonly capacity: "on-demand" | "spot";
  /** Machine shapes, first preferred; the first one prices the pool. */
  readonly instanceTypes: readonly string[];
  readonly zones: readonly string[];
  readonly schedule?: string;
  readonly onHoursPerWeek?: number;
  /** What the graph does not say (unknown until deploy, or not found): the size or GPUs may be more. */
  readonly unknown?: readonly string[];
  /** `karpenter` when Karpenter provisions the pool's nodes (EKS); absent for node groups. */
  readonly provisioner?: "karpenter";
  /** On-prem: what the machines cost, from the pool's inventory; absent when not declared. */
  readonly inventory?: PoolInventory;
}

/** A GPU pool (the historical name; every field of {@link NodePoolInfo}). */
export type GpuPoolInfo = NodePoolInfo;

export const EKS_NODE_GROUP = T.eksNodeGroup;
export const GKE_NODE_POOL = T.gkeNodePool;
export const ASG = "aws:autoscaling/group:Group";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
export const CFN_STACK = "aws:cloudformation/stack:Stack";

/** The autoscaler's node-template tag for GPUs on an Auto Scaling group. */
const NODE_TEMPLATE_GPU = "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu";
/** EKS AMI types with NVIDIA drivers (AL2_x86_64_GPU, AL2023_x86_64_NVIDIA, BOTTLEROCKET_*_NVIDIA). */
const GPU_AMI = /GPU|NVIDIA/i;
/** EC2 families with GPUs the catalog may not list (P, G, and the Gr6 families). */
const AWS_GPU_FAMILY = /^(p\d+[a-z]*|g\d+[a-z]*|gr\d+)\./;
/** GCE families with GPUs built in (A2, A3, A4, G2, G4). */
const GCP_GPU_FAMILY = /^(a\d|g\d)-/;

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && !isUnknown(x)) : [];
const asNumber = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
const asString = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;

/** A property from inputs, else outputs (a state's provider-filled values). */
function prop(r: ResourceLike, key: string): unknown {
  const v = r.inputs[key];
  return v === undefined || (isUnknown(v) && r.outputs?.[key] !== undefined) ? r.outputs?.[key] : v;
}

/** The provider URN of a provider reference `<urn>::<id>`. */
export function providerUrn(ref: string | undefined): string | undefined {
  if (ref === undefined || ref === "") {
    return undefined;
  }
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}

/** `us-central1-a` → `us-central1`; a region stays itself. */
export function gcpRegionOf(location: string): string {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location) ? location.slice(0, -2) : location;
}

/** The region of a pool's provider, or the cloud's default region. */
function regionOf(
  r: ResourceLike,
  providers: Map<string, ResourceLike>,
  fallback: string | undefined,
): string | undefined {
  const own = asString(r.inputs.region);
  if (own !== undefined) {
    return own;
  }
  const p = providers.get(providerUrn(r.provider) ?? "");
  return asString(p?.inputs.region) ?? asString(p?.outputs?.region) ?? fallback;
}

/** GPUs of an AWS instance type: the catalog's count, or "some" for a GPU family it does not list. */
function awsGpus(
  instanceType: string | undefined,
): { gpu: string; gpus: number; known: boolean } | undefined {
  if (instanceType === undefined) {
    return undefined;
  }
  const shape = shapeByName("aws", instanceType);
  if (shape !== undefined) {
    return { gpu: shape.gpu, gpus: shape.gpusPerNode, known: true };
  }
  return AWS_GPU_FAMILY.test(instanceType) ? { gpu: "unknown", gpus: 0, known: false } : undefined;
}

/** Tags as a map, from a map or an Auto Scaling group's `[{key, value}]` list. */
function tagMap(v: unknown): Obj {
  if (Array.isArray(v)) {
    const out: Obj = {};
    for (const t of v) {
      const o = asObj(t);
      if (typeof o.key === "string") {
        out[o.key] = o.value;
      }
    }
    return out;
  }
  return asObj(v);
}

/** The cluster an Auto Scaling group's nodes join, from its `kubernetes.io/cluster/<name>` tag. */
function clusterFromTags(tags: Obj): string | undefined {
  for (const k of Object.keys(tags)) {
    const m = /^(?:kubernetes\.io\/cluster|k8s\.io\/cluster-autoscaler)\/(.+)$/.exec(k);
    if (m && m[1] !== "enabled") {
      return m[1];
    }
  }
  return asString(tags["eks:cluster-name"]);
}

function scheduleOf(name: unknown, hours: unknown): { schedule?: string; onHoursPerWeek?: number } {
  if (typeof name !== "string" || name === "" || isUnknown(name)) {
    return {};
  }
  const onHoursPerWeek = parseOnHours(hours);
  return onHoursPerWeek === undefined ? { schedule: name } : { schedule: name, onHoursPerWeek };
}

/** Launch templates and configurations by every name the graph refers to them by. */
function indexTemplates(resources: readonly ResourceLike[]): Map<string, ResourceLike> {
  const out = new Map<string, ResourceLike>();
  for (const r of resources) {
    if (r.type === LAUNCH_TEMPLATE || r.type === LAUNCH_CONFIGURATION) {
      for (const key of [prop(r, "name"), r.outputs?.id, r.outputs?.arn, r.urn]) {
        if (typeof key === "string" && key !== "" && !isUnknown(key)) {
          out.set(key, r);
        }
      }
    }
  }
  return out;
}

/** The launch template a node group or Auto Scaling group names (`{ id | name, version }`). */
function templateOf(spec: unknown, templates: Map<string, ResourceLike>): ResourceLike | undefined {
  const s = asObj(spec);
  for (const key of [s.id, s.name, s.launchTemplateId, s.launchTemplateName]) {
    if (typeof key === "string" && templates.has(key)) {
      return templates.get(key);
    }
  }
  return undefined;
}

/** What a pool's shape says about its GPUs. */
interface Accel {
  readonly accelerated: boolean;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly unknown: string[];
}

function awsAccel(
  instanceTypes: readonly string[],
  amiType: string | undefined,
  tags: Obj,
  labels: Obj,
  taints: unknown,
): Accel {
  const unknown: string[] = [];
  const fromShape = awsGpus(instanceTypes[0]);
  const templateGpus = asNumber(tags[NODE_TEMPLATE_GPU]);
  const gpuTaint = (Array.isArray(taints) ? taints : []).some((t) =>
    String(asObj(t).key ?? "").startsWith("nvidia.com/gpu"),
  );
  const labelled =
    asString(labels[POOL_LABEL_KEYS.accelerator]) ??
    asString(labels["k8s.amazonaws.com/accelerator"]);
  const accelerated =
    fromShape !== undefined ||
    (amiType !== undefined && GPU_AMI.test(amiType)) ||
    (templateGpus ?? 0) > 0 ||
    gpuTaint ||
    labelled !== undefined;
  if (!accelerated) {
    return { accelerated: false, gpu: "none", gpusPerNode: 0, unknown };
  }
  const gpusPerNode = fromShape?.known ? fromShape.gpus : (templateGpus ?? 0);
  if (gpusPerNode === 0) {
    unknown.push(`GPUs per node (${instanceTypes[0] ?? "no instance type"} is not in the catalog)`);
  }
  return {
    accelerated: true,
    gpu: fromShape?.known ? fromShape.gpu : (labelled?.replace(/^nvidia-/, "") ?? "unknown"),
    gpusPerNode,
    unknown,
  };
}

/** Whether a pool holds the system nodes of a created cluster (its add-ons, not GPUs). */
function isSystemPool(type: string, inputs: Obj): boolean {
  const labels = asObj(type === GKE_NODE_POOL ? asObj(inputs.nodeConfig).labels : inputs.labels);
  return labels[SYSTEM_NODE_LABEL.key] === SYSTEM_NODE_LABEL.value;
}

/** Reads every node pool of a graph. `defaultRegions`: the `aws:region`/`gcp:region` of default providers. */
export function extractNodePools(
  resources: readonly ResourceLike[],
  defaultRegions: Partial<Record<Target, string>> = {},
): NodePoolInfo[] {
  const providers = new Map(
    resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]),
  );
  const templates = indexTemplates(resources);
  const pools: NodePoolInfo[] = [];
  for (const r of resources) {
    if (
      (r.type === EKS_NODE_GROUP || r.type === GKE_NODE_POOL) &&
      isSystemPool(r.type, plainProperties(r.inputs))
    ) {
      continue;
    }
    if (r.type === EKS_NODE_GROUP) {
      pools.push(eksPool(r, providers, templates, defaultRegions.aws));
    } else if (r.type === GKE_NODE_POOL) {
      pools.push(gkePool(r, providers, defaultRegions.gcp));
    } else if (r.type === ASG) {
      const p = asgPool(r, providers, templates, defaultRegions.aws);
      if (p !== undefined) {
        pools.push(p);
      }
    } else if (r.type === CFN_STACK) {
      pools.push(...cfnPools(r, providers, templates, defaultRegions.aws));
    } else if (TARGET_POOL_TYPES.includes(r.type)) {
      const facts = readTargetPool(r.type, plainProperties(r.inputs));
      if (facts !== undefined) {
        pools.push(targetPool(r, facts, providers, defaultRegions));
      }
    }
  }
  return pools.sort(
    (a, b) =>
      a.cloud.localeCompare(b.cloud) ||
      a.region.localeCompare(b.region) ||
      a.pool.localeCompare(b.pool),
  );
}

/** The GPU pools of a graph (pools with GPUs). */
export function extractGpuPools(
  resources: readonly ResourceLike[],
  defaultRegions: Partial<Record<Target, string>> = {},
): GpuPoolInfo[] {
  return extractNodePools(resources, defaultRegions).filter((p) => p.accelerated);
}

const TARGET_KIND: Record<string, NodePoolInfo["kind"]> = {
  [T.aksAgentPool]: "aks",
  [T.lkeNodePool]: "lke",
  [T.karpenterNodePool]: "karpenter",
  [T.configMap]: "onprem",
};

/** Whether a pool of these targets has GPUs: a GPU count, or a GPU the catalog or a label names. */
function isAccelerated(pool: Pick<TargetPoolFacts, "gpu" | "gpusPerNode">): boolean {
  return pool.gpusPerNode > 0 || (pool.gpu !== "unknown" && pool.gpu !== "none");
}

/**
 * An AKS, LKE, Karpenter or on-prem pool: the region it is tagged with, else its provider's (AWS and
 * GCP providers take `region`, azure-native's `location`), else the default provider's.
 */
function targetPool(
  r: ResourceLike,
  facts: TargetPoolFacts,
  providers: Map<string, ResourceLike>,
  defaultRegions: Partial<Record<Target, string>>,
): NodePoolInfo {
  const { location, ...pool } = facts;
  const provider = providers.get(providerUrn(r.provider) ?? "");
  const fromProvider = asString(provider?.inputs.region) ?? asString(provider?.inputs.location);
  const region = location ?? fromProvider ?? defaultRegions[pool.cloud] ?? "unknown";
  return {
    urn: r.urn,
    kind: TARGET_KIND[r.type] ?? "onprem",
    region,
    pool: r.name,
    accelerated: isAccelerated(pool),
    ...pool,
    ...(pool.minNodes === pool.maxNodes && pool.cloud === "onprem" ? { fixedSize: true } : {}),
  };
}

function withUnknown<T extends NodePoolInfo>(p: T, unknown: readonly string[]): T {
  return unknown.length > 0 ? { ...p, unknown: [...unknown] } : p;
}

function eksPool(
  r: ResourceLike,
  providers: Map<string, ResourceLike>,
  templates: Map<string, ResourceLike>,
  defaultRegion: string | undefined,
): NodePoolInfo {
  const unknown: string[] = [];
  const scaling = asObj(prop(r, "scalingConfig"));
  const template = templateOf(prop(r, "launchTemplate"), templates);
  let instanceTypes = asStrings(prop(r, "instanceTypes"));
  if (instanceTypes.length === 0 && template !== undefined) {
    instanceTypes = asStrings([prop(template, "instanceType")]);
  }
  const tags = asObj(prop(r, "tags"));
  const labels = asObj(prop(r, "labels"));
  const accel = awsAccel(
    instanceTypes,
    asString(prop(r, "amiType")),
    tags,
    labels,
    prop(r, "taints"),
  );
  unknown.push(...accel.unknown);
  const min = asNumber(scaling.minSize);
  const max = asNumber(scaling.maxSize);
  if (min === undefined || max === undefined) {
    unknown.push("node count");
  }
  if (instanceTypes.length === 0) {
    // EKS picks t3.medium when neither the group nor a launch template names a type.
    if (prop(r, "launchTemplate") === undefined || template !== undefined) {
      instanceTypes = ["t3.medium"];
    } else {
      unknown.push("instance type (in a launch template not in the graph)");
    }
  }
  const region = regionOf(r, providers, defaultRegion);
  if (region === undefined) {
    unknown.push("region");
  }
  return withUnknown(
    {
      urn: r.urn,
      cloud: "aws",
      kind: "eks-managed",
      region: region ?? "unknown",
      cluster: asString(prop(r, "clusterName")) ?? "unknown",
      pool: r.name,
      accelerated: accel.accelerated,
      gpu: accel.gpu,
      gpusPerNode: accel.gpusPerNode,
      minNodes: min ?? 0,
      maxNodes: max ?? 0,
      capacity: prop(r, "capacityType") === "SPOT" ? "spot" : "on-demand",
      instanceTypes,
      zones: (asString(tags["hybrid-ai/zones"]) ?? "").split(" ").filter((z) => z !== ""),
      ...scheduleOf(
        tags[AWS_SCHEDULE_TAG_KEYS.schedule],
        tags[AWS_SCHEDULE_TAG_KEYS.onHoursPerWeek],
      ),
    },
    unknown,
  );
}

/** GKE's default zones for a regional pool without `nodeLocations`: the cluster's, three in most regions. */
const GKE_REGIONAL_ZONES = 3;

function gkePool(
  r: ResourceLike,
  providers: Map<string, ResourceLike>,
  defaultRegion: string | undefined,
): NodePoolInfo {
  const unknown: string[] = [];
  const config = asObj(prop(r, "nodeConfig"));
  const autoscaling = asObj(prop(r, "autoscaling"));
  const location =
    asString(prop(r, "location")) ??
    asString(providers.get(providerUrn(r.provider) ?? "")?.inputs.region) ??
    defaultRegion;
  const region = location === undefined ? undefined : gcpRegionOf(location);
  let zones = asStrings(prop(r, "nodeLocations"));
  if (zones.length === 0 && location !== undefined && location !== region) {
    zones = [location];
  }
  const zoneCount = zones.length > 0 ? zones.length : GKE_REGIONAL_ZONES;
  if (zones.length === 0) {
    unknown.push(`zones (a regional pool without nodeLocations: counted as ${GKE_REGIONAL_ZONES})`);
  }
  const machineType = asString(config.machineType) ?? "e2-medium";
  const shape = shapeByName("gcp", machineType);
  const accels = (Array.isArray(config.guestAccelerators) ? config.guestAccelerators : []).map(
    asObj,
  );
  const accel = accels.find((a) => (asNumber(a.count) ?? 0) > 0);
  const accelType = asString(accel?.type);
  const fromType = SHAPES.find((s) => s.cloud === "gcp" && s.gcpAcceleratorType === accelType);
  const accelerated =
    shape !== undefined || accel !== undefined || GCP_GPU_FAMILY.test(machineType);
  const gpusPerNode = asNumber(accel?.count) ?? shape?.gpusPerNode ?? 0;
  if (accelerated && gpusPerNode === 0) {
    unknown.push(`GPUs per node (${machineType} is not in the catalog)`);
  }
  // Autoscaled: total bounds count once, per-zone bounds once per zone. Fixed: nodeCount per zone.
  const autoscaled = Object.keys(autoscaling).length > 0;
  const perZone = (v: unknown) => {
    const n = asNumber(v);
    return n === undefined ? undefined : n * zoneCount;
  };
  const fixed = asNumber(prop(r, "nodeCount")) ?? asNumber(prop(r, "initialNodeCount"));
  const min = autoscaled
    ? (asNumber(autoscaling.totalMinNodeCount) ?? perZone(autoscaling.minNodeCount))
    : perZone(fixed);
  const max = autoscaled
    ? (asNumber(autoscaling.totalMaxNodeCount) ?? perZone(autoscaling.maxNodeCount))
    : perZone(fixed);
  if (min === undefined || max === undefined) {
    unknown.push("node count");
  }
  if (region === undefined) {
    unknown.push("region");
  }
  const resourceLabels = asObj(config.resourceLabels);
  return withUnknown(
    {
      urn: r.urn,
      cloud: "gcp",
      kind: "gke",
      region: region ?? "unknown",
      cluster: asString(prop(r, "cluster")) ?? "unknown",
      pool: r.name,
      accelerated,
      gpu: accelerated ? (shape?.gpu ?? fromType?.gpu ?? accelType ?? "unknown") : "none",
      gpusPerNode: accelerated ? gpusPerNode : 0,
      minNodes: min ?? 0,
      maxNodes: max ?? 0,
      ...(autoscaled ? {} : { fixedSize: true }),
      capacity: config.spot === true || config.preemptible === true ? "spot" : "on-demand",
      instanceTypes: [machineType],
      zones,
      ...scheduleOf(
        resourceLabels[GCP_SCHEDULE_LABEL_KEYS.schedule],
        resourceLabels[GCP_SCHEDULE_LABEL_KEYS.onHoursPerWeek],
      ),
    },
    unknown,
  );
}

/** A self-managed Auto Scaling group with a launch template or configuration; others are not node pools. */
function asgPool(
  r: ResourceLike,
  providers: Map<string, ResourceLike>,
  templates: Map<string, ResourceLike>,
  defaultRegion: string | undefined,
): NodePoolInfo | undefined {
  const mixed = asObj(prop(r, "mixedInstancesPolicy"));
  const mixedTemplate = asObj(asObj(mixed.launchTemplate).launchTemplateSpecification);
  const overrides = (
    Array.isArray(asObj(mixed.launchTemplate).overrides)
      ? (asObj(mixed.launchTemplate).overrides as unknown[])
      : []
  ).map(asObj);
  const spec =
    prop(r, "launchTemplate") ??
    (Object.keys(mixedTemplate).length > 0 ? mixedTemplate : undefined);
  const lcName = asString(prop(r, "launchConfiguration"));
  if (spec === undefined && lcName === undefined) {
    return undefined;
  }
  const template = spec !== undefined ? templateOf(spec, templates) : templates.get(lcName!);
  const instanceTypes = [
    ...asStrings(overrides.map((o) => o.instanceType)),
    ...asStrings([template === undefined ? undefined : prop(template, "instanceType")]),
  ];
  const tags = tagMap(prop(r, "tags"));
  return selfManaged(r, {
    providers,
    defaultRegion,
    instanceTypes: [...new Set(instanceTypes)],
    tags,
    min: asNumber(prop(r, "minSize")),
    max: asNumber(prop(r, "maxSize")),
    zones: asStrings(prop(r, "availabilityZones")),
    spot:
      asNumber(asObj(mixed.instancesDistribution).onDemandPercentageAboveBaseCapacity) === 0 ||
      asObj(template === undefined ? undefined : prop(template, "instanceMarketOptions"))
        .marketType === "spot" ||
      (template !== undefined && asString(prop(template, "spotPrice")) !== undefined),
    templateFound: template !== undefined,
  });
}

/** The Auto Scaling groups in an `@pulumi/eks` node group's CloudFormation template. */
function cfnPools(
  r: ResourceLike,
  providers: Map<string, ResourceLike>,
  templates: Map<string, ResourceLike>,
  defaultRegion: string | undefined,
): NodePoolInfo[] {
  const body = asString(prop(r, "templateBody"));
  if (body === undefined) {
    return [];
  }
  let doc: unknown;
  try {
    doc = parseYaml(body, {
      customTags: [
        "Ref",
        "GetAtt",
        "Sub",
        "Join",
        "Select",
        "Split",
        "If",
        "Equals",
        "FindInMap",
        "ImportValue",
        "GetAZs",
        "Base64",
      ].map((name) => ({ tag: `!${name}`, resolve: (v: unknown) => ({ [name]: v }) })) as never,
      logLevel: "silent",
    });
  } catch {
    return [];
  }
  const out: NodePoolInfo[] = [];
  for (const [logical, res] of Object.entries(asObj(asObj(doc).Resources))) {
    const o = asObj(res);
    if (o.Type !== "AWS::AutoScaling::AutoScalingGroup") {
      continue;
    }
    const p = asObj(o.Properties);
    const template =
      templates.get(asString(p.LaunchConfigurationName) ?? "") ??
      templateOf(
        {
          id: asObj(p.LaunchTemplate).LaunchTemplateId,
          name: asObj(p.LaunchTemplate).LaunchTemplateName,
        },
        templates,
      );
    const tags: Obj = {};
    for (const t of Array.isArray(p.Tags) ? p.Tags : []) {
      const tt = asObj(t);
      if (typeof tt.Key === "string") {
        tags[tt.Key] = tt.Value;
      }
    }
    out.push(
      selfManaged(
        {
          ...r,
          name:
            Object.keys(asObj(asObj(doc).Resources)).length > 1 ? `${r.name}/${logical}` : r.name,
        },
        {
          providers,
          defaultRegion,
          instanceTypes: asStrings([
            template === undefined ? undefined : prop(template, "instanceType"),
          ]),
          tags,
          min: asNumber(p.MinSize),
          max: asNumber(p.MaxSize),
          zones: asStrings(p.AvailabilityZones),
          spot: template !== undefined && asString(prop(template, "spotPrice")) !== undefined,
          templateFound: template !== undefined,
        },
      ),
    );
  }
  return out;
}

function selfManaged(
  r: ResourceLike,
  o: {
    providers: Map<string, ResourceLike>;
    defaultRegion: string | undefined;
    instanceTypes: string[];
    tags: Obj;
    min: number | undefined;
    max: number | undefined;
    zones: string[];
    spot: boolean;
    templateFound: boolean;
  },
): NodePoolInfo {
  const unknown: string[] = [];
  if (!o.templateFound) {
    unknown.push("instance type (its launch template or configuration is not in the graph)");
  }
  const accel = awsAccel(o.instanceTypes, undefined, o.tags, {}, undefined);
  unknown.push(...accel.unknown.filter(() => o.templateFound));
  if (o.min === undefined || o.max === undefined) {
    unknown.push("node count");
  }
  const region = regionOf(r, o.providers, o.defaultRegion);
  if (region === undefined) {
    unknown.push("region");
  }
  return withUnknown(
    {
      urn: r.urn,
      cloud: "aws",
      kind: "self-managed",
      region: region ?? "unknown",
      cluster: clusterFromTags(o.tags) ?? "unknown",
      pool: r.name,
      accelerated: accel.accelerated,
      gpu: accel.gpu,
      gpusPerNode: accel.gpusPerNode,
      minNodes: o.min ?? 0,
      maxNodes: o.max ?? 0,
      capacity: o.spot ? "spot" : "on-demand",
      instanceTypes: o.instanceTypes,
      zones: o.zones,
      ...scheduleOf(
        o.tags[AWS_SCHEDULE_TAG_KEYS.schedule],
        o.tags[AWS_SCHEDULE_TAG_KEYS.onHoursPerWeek],
      ),
    },
    unknown,
  );
}

/** GPUs at minimum and maximum size, per cloud and in total; CPU pools counted apart. */
export interface CapacitySummary {
  readonly byCloud: ReadonlyArray<{
    cloud: Target;
    minGpus: number;
    maxGpus: number;
    pools: number;
  }>;
  readonly minGpus: number;
  readonly maxGpus: number;
  /** GPU pools whose GPU count or size is not known: the totals may be higher. */
  readonly unknownPools?: readonly string[];
}

/** Sums pools' GPUs per cloud (GPU pools only). */
export function summariseCapacity(pools: readonly NodePoolInfo[]): CapacitySummary {
  const byCloud = new Map<
    Target,
    { cloud: Target; minGpus: number; maxGpus: number; pools: number }
  >();
  const unknownPools: string[] = [];
  for (const p of pools) {
    if (!p.accelerated) {
      continue;
    }
    const row = byCloud.get(p.cloud) ?? { cloud: p.cloud, minGpus: 0, maxGpus: 0, pools: 0 };
    row.minGpus += p.minNodes * p.gpusPerNode;
    row.maxGpus += p.maxNodes * p.gpusPerNode;
    row.pools += 1;
    byCloud.set(p.cloud, row);
    if (p.unknown?.some((u) => /GPUs|node count|instance type/.test(u))) {
      unknownPools.push(p.pool);
    }
  }
  const rows = [...byCloud.values()].sort((a, b) => a.cloud.localeCompare(b.cloud));
  return {
    byCloud: rows,
    minGpus: rows.reduce((s, r) => s + r.minGpus, 0),
    maxGpus: rows.reduce((s, r) => s + r.maxGpus, 0),
    ...(unknownPools.length > 0 ? { unknownPools } : {}),
  };
}

/** What one pool resource says about itself, read from its properties alone. */
export type PoolFacts = Omit<NodePoolInfo, "urn" | "region" | "pool" | "kind" | "accelerated"> &
  Partial<Pick<NodePoolInfo, "kind" | "accelerated">> & {
    /**
     * A GKE pool's `location` (region or zone), the region an AKS, LKE or Karpenter pool is tagged
     * with, an on-prem pool's site; the region of an EKS group comes from its provider.
     */
    readonly location?: string;
  };

/**
 * Reads one resource as a node pool from its properties alone (a policy's props, without the graph):
 * an EKS node group, a GKE node pool, or an Auto Scaling group with a launch template. Undefined for
 * any other resource. A launch template the group names is not resolved here; {@link extractNodePools}
 * resolves it from the graph.
 */
export function readPool(type: string, props: Record<string, unknown>): PoolFacts | undefined {
  // A policy's props throw on unknown values; the reader treats them as unknown instead.
  const inputs = plainProperties(props);
  if ((type === EKS_NODE_GROUP || type === GKE_NODE_POOL) && isSystemPool(type, inputs)) {
    return undefined;
  }
  const r: ResourceLike = { urn: "", type, name: "", inputs };
  const none = new Map<string, ResourceLike>();
  let info: NodePoolInfo | undefined;
  if (type === EKS_NODE_GROUP) {
    info = eksPool(r, none, none, undefined);
  } else if (type === GKE_NODE_POOL) {
    info = gkePool(r, none, undefined);
  } else if (type === ASG) {
    info = asgPool(r, none, none, undefined);
  } else if (TARGET_POOL_TYPES.includes(type)) {
    const facts = readTargetPool(type, inputs);
    return facts === undefined
      ? undefined
      : { ...facts, kind: TARGET_KIND[type] ?? "onprem", accelerated: isAccelerated(facts) };
  }
  if (info === undefined) {
    return undefined;
  }
  const { urn: _u, region: _r, pool: _p, ...facts } = info;
  const location = type === GKE_NODE_POOL ? asString(inputs.location) : undefined;
  return location === undefined ? facts : { ...facts, location };
}
