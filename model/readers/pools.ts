/**
 * GPU pools found in a resource graph, read from their inputs so the same analysis serves a mock run, a
 * real preview and a state export: EKS node groups, GKE node pools, AKS agent pools, LKE node pools,
 * Karpenter NodePools and on-prem pool inventories (a ConfigMap per pool of owned machines).
 */
import { shapeByName, shapesFor } from "../catalog";
import type { Target } from "../catalog/types";
import {
  AZURE_FACT_TAG_KEYS,
  POOL_FACT_KEYS,
  POOL_INVENTORY_KIND,
  POOL_LABEL_KEYS,
  T,
} from "../contracts";
import { AWS_SCHEDULE_TAG_KEYS, GCP_SCHEDULE_LABEL_KEYS, parseOnHours } from "../schedule/tags";

/** The fields of a resource the analysis reads; captured resources and preview steps both have them. */
export interface ResourceLike {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly provider?: string;
  readonly inputs: Record<string, unknown>;
}

/** One GPU pool and its size. */
export interface GpuPoolInfo {
  readonly urn: string;
  readonly cloud: Target;
  readonly region: string;
  /** The cluster as the cloud names it. */
  readonly cluster: string;
  /** The pool's resource name, `<cluster config name>-<pool>`. */
  readonly pool: string;
  /** GPU catalog key, or the accelerator type as found when the catalog does not know the shape. */
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity: "on-demand" | "spot";
  /** Machine shapes, first preferred; the first one prices the pool. */
  readonly instanceTypes: readonly string[];
  readonly zones: readonly string[];
  /** Shutdown schedule from the pool's tags or labels (`hybrid-ai/schedule`, `schedule`). */
  readonly schedule?: string;
  /** Weekly on-hours from the pool's tags or labels; absent when the pool runs around the clock. */
  readonly onHoursPerWeek?: number;
  /** `karpenter` when Karpenter provisions the pool's nodes (EKS); absent for node groups. */
  readonly provisioner?: "karpenter";
  /** On-prem: what the machines cost, from the pool's inventory; absent when not declared. */
  readonly inventory?: PoolInventory;
}

/** An on-prem pool's purchase, per machine. */
export interface PoolInventory {
  readonly purchaseUsdPerNode: number;
  readonly purchasedOn: string;
  readonly amortizeYears: number;
}

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const asNumber = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);
const asString = (v: unknown, fallback: string): string =>
  typeof v === "string" && v !== "" ? v : fallback;

/**
 * A property that may be unknown: CrossGuard hands policies properties that throw when a value is
 * unknown during preview. The cluster name of a pool in a new cluster is such a value, and no
 * analysis may stop on it.
 */
function mayBeUnknown(inputs: Obj, key: string): unknown {
  try {
    return inputs[key];
  } catch {
    return undefined;
  }
}

/** Tag the cluster-autoscaler reads for the GPUs of a node group scaled from zero. */
const AUTOSCALER_GPU_TAG = "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu";

/** What one pool resource says about itself, read from its properties alone. */
export type PoolFacts = Omit<GpuPoolInfo, "urn" | "region" | "pool"> & {
  /**
   * A GKE pool's `location` (region or zone), the region an AKS, LKE or Karpenter pool is tagged
   * with, an on-prem pool's site; the region of an EKS group comes from its provider.
   */
  readonly location?: string;
};

/** Linode tags are plain strings; ours are `key:value`. */
export function linodeTagMap(tags: unknown): Obj {
  const out: Obj = {};
  for (const t of asStrings(tags)) {
    const i = t.indexOf(":");
    if (i > 0) {
      out[t.slice(0, i)] = t.slice(i + 1);
    }
  }
  return out;
}

/** Values of a Karpenter requirement, by key. */
function requirement(requirements: unknown, key: string): string[] {
  const found = (Array.isArray(requirements) ? requirements : [])
    .map(asObj)
    .find((r) => r.key === key && r.operator === "In");
  return asStrings(found?.values);
}

/** A fact tag or label, when present. */
function fact(map: Obj, key: string): string | undefined {
  return typeof map[key] === "string" && map[key] !== "" ? (map[key] as string) : undefined;
}

/**
 * Reads one resource as a GPU pool: an EKS node group or a GKE node pool, from its inputs (or a
 * policy's props). Undefined for any other resource. The one reader of pools: the review, the cost
 * estimate and the policies all go through it.
 */
export function readPool(type: string, inputs: Obj): PoolFacts | undefined {
  if (type === T.eksNodeGroup) {
    const scaling = asObj(inputs.scalingConfig);
    const instanceTypes = asStrings(inputs.instanceTypes);
    const shape = instanceTypes.length > 0 ? shapeByName("aws", instanceTypes[0]) : undefined;
    const labels = asObj(inputs.labels);
    const tags = asObj(inputs.tags);
    const templateGpus = Number(tags[AUTOSCALER_GPU_TAG]);
    return {
      cloud: "aws",
      cluster: asString(mayBeUnknown(inputs, "clusterName"), "unknown"),
      gpu: shape?.gpu ?? asString(labels[POOL_LABEL_KEYS.accelerator], "unknown"),
      gpusPerNode: shape?.gpusPerNode ?? (Number.isFinite(templateGpus) ? templateGpus : 0),
      minNodes: asNumber(scaling.minSize, 0),
      maxNodes: asNumber(scaling.maxSize, 0),
      capacity: inputs.capacityType === "SPOT" ? "spot" : "on-demand",
      instanceTypes,
      zones: asString(tags["hybrid-ai/zones"], "")
        .split(" ")
        .filter((z) => z !== ""),
      ...scheduleOf(
        tags[AWS_SCHEDULE_TAG_KEYS.schedule],
        tags[AWS_SCHEDULE_TAG_KEYS.onHoursPerWeek],
      ),
    };
  }
  if (type === T.gkeNodePool) {
    const config = asObj(inputs.nodeConfig);
    const autoscaling = asObj(inputs.autoscaling);
    const zones = asStrings(inputs.nodeLocations);
    const machineType = asString(config.machineType, "unknown");
    const shape = shapeByName("gcp", machineType);
    const accel = asObj(
      Array.isArray(config.guestAccelerators) ? config.guestAccelerators[0] : undefined,
    );
    // Per-zone bounds count once per zone; total bounds count once.
    const perZone = Math.max(zones.length, 1);
    const perZoneNodes = (bound: unknown) =>
      asNumber(bound, asNumber(inputs.nodeCount, 0)) * perZone;
    const labels = asObj(config.resourceLabels);
    return {
      cloud: "gcp",
      cluster: asString(mayBeUnknown(inputs, "cluster"), "unknown"),
      location: typeof inputs.location === "string" ? inputs.location : undefined,
      gpu: shape?.gpu ?? asString(accel.type, "unknown"),
      gpusPerNode: asNumber(accel.count, shape?.gpusPerNode ?? 0),
      minNodes: asNumber(autoscaling.totalMinNodeCount, perZoneNodes(autoscaling.minNodeCount)),
      maxNodes: asNumber(autoscaling.totalMaxNodeCount, perZoneNodes(autoscaling.maxNodeCount)),
      capacity: config.spot === true || config.preemptible === true ? "spot" : "on-demand",
      instanceTypes: [machineType],
      zones,
      ...scheduleOf(
        labels[GCP_SCHEDULE_LABEL_KEYS.schedule],
        labels[GCP_SCHEDULE_LABEL_KEYS.onHoursPerWeek],
      ),
    };
  }
  if (type === T.aksAgentPool) {
    const vmSize = asString(inputs.vmSize, "unknown");
    const shape = shapeByName("azure", vmSize);
    const tags = asObj(inputs.tags);
    const labels = asObj(inputs.nodeLabels);
    const autoscaled = inputs.enableAutoScaling === true;
    return {
      cloud: "azure",
      cluster: asString(mayBeUnknown(inputs, "resourceName"), "unknown"),
      location: fact(tags, AZURE_FACT_TAG_KEYS.region),
      gpu: shape?.gpu ?? asString(labels[POOL_LABEL_KEYS.accelerator], "unknown"),
      gpusPerNode: shape?.gpusPerNode ?? 0,
      minNodes: autoscaled ? asNumber(inputs.minCount, 0) : asNumber(inputs.count, 0),
      maxNodes: autoscaled ? asNumber(inputs.maxCount, 0) : asNumber(inputs.count, 0),
      capacity: inputs.scaleSetPriority === "Spot" ? "spot" : "on-demand",
      instanceTypes: [vmSize],
      zones: asStrings(inputs.availabilityZones),
      ...scheduleOf(
        tags[GCP_SCHEDULE_LABEL_KEYS.schedule],
        tags[GCP_SCHEDULE_LABEL_KEYS.onHoursPerWeek],
      ),
    };
  }
  if (type === T.lkeNodePool) {
    const plan = asString(inputs.type, "unknown");
    const shape = shapeByName("akamai", plan);
    const tags = linodeTagMap(inputs.tags);
    const labels = asObj(inputs.labels);
    const autoscaler = asObj(inputs.autoscaler);
    const count = asNumber(inputs.nodeCount, 0);
    return {
      cloud: "akamai",
      cluster: String(mayBeUnknown(inputs, "clusterId") ?? "unknown"),
      location: fact(tags, POOL_FACT_KEYS.region),
      gpu: shape?.gpu ?? asString(labels[POOL_LABEL_KEYS.accelerator], "unknown"),
      gpusPerNode: shape?.gpusPerNode ?? 0,
      minNodes: asNumber(autoscaler.min, count),
      maxNodes: asNumber(autoscaler.max, count),
      capacity: "on-demand",
      instanceTypes: [plan],
      zones: [],
      ...scheduleOf(
        tags[AWS_SCHEDULE_TAG_KEYS.schedule],
        tags[AWS_SCHEDULE_TAG_KEYS.onHoursPerWeek],
      ),
    };
  }
  if (type === T.karpenterNodePool) {
    const meta = asObj(inputs.metadata);
    const labels = asObj(meta.labels);
    const spec = asObj(inputs.spec);
    const requirements = asObj(asObj(spec.template).spec).requirements;
    const families = requirement(requirements, "karpenter.k8s.aws/instance-family");
    const counts = requirement(requirements, "karpenter.k8s.aws/instance-gpu-count").map(Number);
    const gpuLabel = asString(labels[POOL_LABEL_KEYS.accelerator], "unknown");
    // The catalog's shapes the pool may launch, smallest first: the first prices the pool.
    const shapes = shapesFor("aws")
      .filter(
        (s) =>
          families.includes(s.name.split(".")[0]) &&
          (counts.length === 0 || counts.includes(s.gpusPerNode)),
      )
      .sort((a, b) => a.gpusPerNode - b.gpusPerNode || a.vcpu - b.vcpu);
    const gpusPerNode = shapes[0]?.gpusPerNode ?? counts[0] ?? 0;
    const gpuLimit = Number(asObj(spec.limits)["nvidia.com/gpu"]);
    return {
      cloud: "aws",
      provisioner: "karpenter",
      cluster: asString(labels[POOL_FACT_KEYS.cluster], "unknown"),
      location: fact(labels, POOL_FACT_KEYS.region),
      gpu: shapes[0]?.gpu ?? gpuLabel,
      gpusPerNode,
      minNodes: 0,
      maxNodes:
        gpusPerNode > 0 && Number.isFinite(gpuLimit) ? Math.floor(gpuLimit / gpusPerNode) : 0,
      capacity: requirement(requirements, "karpenter.sh/capacity-type").includes("spot")
        ? "spot"
        : "on-demand",
      instanceTypes: shapes.map((s) => s.name),
      zones: requirement(requirements, "topology.kubernetes.io/zone"),
      ...scheduleOf(
        labels[AWS_SCHEDULE_TAG_KEYS.schedule],
        labels[AWS_SCHEDULE_TAG_KEYS.onHoursPerWeek],
      ),
    };
  }
  if (type === T.configMap) {
    const labels = asObj(asObj(inputs.metadata).labels);
    if (labels[POOL_FACT_KEYS.kind] !== POOL_INVENTORY_KIND) {
      return undefined;
    }
    const data = asObj(inputs.data);
    const nodes = asString(data.nodes, "")
      .split(" ")
      .filter((n) => n !== "");
    const purchase = Number(data.purchaseUsdPerNode);
    const years = Number(data.amortizeYears);
    const purchasedOn = asString(data.purchasedOn, "");
    return {
      cloud: "onprem",
      cluster: asString(labels[POOL_FACT_KEYS.cluster], "unknown"),
      location: asString(data.site, "unknown"),
      gpu: asString(data.gpu, "unknown"),
      gpusPerNode: Number(data.gpusPerNode) || 0,
      minNodes: nodes.length,
      maxNodes: nodes.length,
      capacity: "on-demand",
      instanceTypes: [],
      zones: [],
      ...scheduleOf(data.schedule, data.onHoursPerWeek),
      ...(Number.isFinite(purchase) && purchase > 0 && years > 0 && purchasedOn !== ""
        ? { inventory: { purchaseUsdPerNode: purchase, purchasedOn, amortizeYears: years } }
        : {}),
    };
  }
  return undefined;
}

/** Region of a resource's provider, or of the default provider config, keyed by provider URN. */
function providerRegions(resources: readonly ResourceLike[]): Map<string, string> {
  const regions = new Map<string, string>();
  for (const r of resources) {
    if (r.type.startsWith("pulumi:providers:")) {
      // AWS and GCP providers take `region`; azure-native's takes `location`.
      const region = r.inputs.region ?? r.inputs.location;
      if (typeof region === "string") {
        regions.set(r.urn, region);
      }
    }
  }
  return regions;
}

/** The provider URN of a provider reference `<urn>::<id>`. */
export function providerUrn(ref: string | undefined): string | undefined {
  if (ref === undefined || ref === "") {
    return undefined;
  }
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}

/**
 * Extracts every GPU pool. `defaultRegions` gives the region of resources that use a cloud's default
 * provider (the `aws:region` / `gcp:region` config).
 */
export function extractGpuPools(
  resources: readonly ResourceLike[],
  defaultRegions: Partial<Record<Target, string>> = {},
): GpuPoolInfo[] {
  const regions = providerRegions(resources);
  const pools: GpuPoolInfo[] = [];
  for (const r of resources) {
    const facts = readPool(r.type, r.inputs);
    if (facts === undefined) {
      continue;
    }
    const { location, ...pool } = facts;
    const fromProvider = regions.get(providerUrn(r.provider) ?? "");
    const region =
      pool.cloud === "aws" && pool.provisioner === undefined
        ? (fromProvider ?? defaultRegions.aws)
        : (location ?? fromProvider ?? defaultRegions[pool.cloud]);
    pools.push({ urn: r.urn, region: region ?? "unknown", pool: r.name, ...pool });
  }
  return pools.sort(
    (a, b) =>
      a.cloud.localeCompare(b.cloud) ||
      a.region.localeCompare(b.region) ||
      a.pool.localeCompare(b.pool),
  );
}

/** Schedule fields of a pool, when its tags or labels name a schedule with readable on-hours. */
function scheduleOf(name: unknown, hours: unknown): { schedule?: string; onHoursPerWeek?: number } {
  if (typeof name !== "string" || name === "") {
    return {};
  }
  const onHoursPerWeek = parseOnHours(hours);
  return onHoursPerWeek === undefined ? { schedule: name } : { schedule: name, onHoursPerWeek };
}

/** GPUs at minimum and maximum size, per cloud and in total. */
export interface CapacitySummary {
  readonly byCloud: ReadonlyArray<{
    cloud: Target;
    minGpus: number;
    maxGpus: number;
    pools: number;
  }>;
  readonly minGpus: number;
  readonly maxGpus: number;
}

/** Sums pools' GPUs per cloud. */
export function summariseCapacity(pools: readonly GpuPoolInfo[]): CapacitySummary {
  const byCloud = new Map<
    Target,
    { cloud: Target; minGpus: number; maxGpus: number; pools: number }
  >();
  for (const p of pools) {
    const row = byCloud.get(p.cloud) ?? { cloud: p.cloud, minGpus: 0, maxGpus: 0, pools: 0 };
    row.minGpus += p.minNodes * p.gpusPerNode;
    row.maxGpus += p.maxNodes * p.gpusPerNode;
    row.pools += 1;
    byCloud.set(p.cloud, row);
  }
  const rows = [...byCloud.values()].sort((a, b) => a.cloud.localeCompare(b.cloud));
  return {
    byCloud: rows,
    minGpus: rows.reduce((s, r) => s + r.minGpus, 0),
    maxGpus: rows.reduce((s, r) => s + r.maxGpus, 0),
  };
}
