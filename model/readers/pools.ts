/**
 * GPU pools found in a resource graph: EKS node groups and GKE node pools, read from their inputs so
 * the same analysis serves a mock run, a real preview and a state export.
 */
import { shapeByName } from "../catalog";
import type { Cloud } from "../catalog/types";
import { POOL_LABEL_KEYS, SYSTEM_NODE_LABEL, T } from "../contracts";
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
  readonly cloud: Cloud;
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
  /** A GKE pool's `location` (region or zone); the region of an EKS group comes from its provider. */
  readonly location?: string;
};

/**
 * Reads one resource as a GPU pool: an EKS node group or a GKE node pool, from its inputs (or a
 * policy's props). Undefined for any other resource. The one reader of pools: the review, the cost
 * estimate and the policies all go through it.
 */
export function readPool(type: string, inputs: Obj): PoolFacts | undefined {
  const nodeLabels = asObj(
    type === T.gkeNodePool ? asObj(inputs.nodeConfig).labels : inputs.labels,
  );
  if (nodeLabels[SYSTEM_NODE_LABEL.key] === SYSTEM_NODE_LABEL.value) {
    // The system nodes of a created cluster carry its add-ons, not GPUs.
    return undefined;
  }
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
  return undefined;
}

/** Region of a resource's provider, or of the default provider config, keyed by provider URN. */
function providerRegions(resources: readonly ResourceLike[]): Map<string, string> {
  const regions = new Map<string, string>();
  for (const r of resources) {
    if (r.type.startsWith("pulumi:providers:")) {
      const region = r.inputs.region;
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
  defaultRegions: Partial<Record<Cloud, string>> = {},
): GpuPoolInfo[] {
  const regions = providerRegions(resources);
  const pools: GpuPoolInfo[] = [];
  for (const r of resources) {
    const facts = readPool(r.type, r.inputs);
    if (facts === undefined) {
      continue;
    }
    const { location, ...pool } = facts;
    const region =
      pool.cloud === "aws"
        ? (regions.get(providerUrn(r.provider) ?? "") ?? defaultRegions.aws)
        : (location ?? defaultRegions.gcp);
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
    cloud: Cloud;
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
    Cloud,
    { cloud: Cloud; minGpus: number; maxGpus: number; pools: number }
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
