/**
 * Pools of the targets beyond EKS node groups, GKE node pools and Auto Scaling groups: AKS agent pools,
 * LKE node pools, Karpenter NodePools and on-prem pool inventories (a ConfigMap per pool of owned
 * machines). Each carries the facts its resource has no field for as tags or labels
 * (`POOL_FACT_KEYS`). Read by the one pool reader, ./pools.ts.
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

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const asNumber = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);
const asString = (v: unknown, fallback: string): string =>
  typeof v === "string" && v !== "" ? v : fallback;

/** An on-prem pool's purchase, per machine. */
export interface PoolInventory {
  readonly purchaseUsdPerNode: number;
  readonly purchasedOn: string;
  readonly amortizeYears: number;
}

/** What a pool resource of these targets says about itself. */
export interface TargetPoolFacts {
  readonly cloud: Target;
  readonly cluster: string;
  /** The region (or on-prem site) the pool is tagged with. */
  readonly location?: string;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity: "on-demand" | "spot";
  readonly instanceTypes: readonly string[];
  readonly zones: readonly string[];
  readonly schedule?: string;
  readonly onHoursPerWeek?: number;
  /** `karpenter` when Karpenter provisions the pool's nodes (EKS). */
  readonly provisioner?: "karpenter";
  /** On-prem: what the machines cost, from the pool's inventory. */
  readonly inventory?: PoolInventory;
}

/** The resource types this module reads. */
export const TARGET_POOL_TYPES: readonly string[] = [
  T.aksAgentPool,
  T.lkeNodePool,
  T.karpenterNodePool,
  T.configMap,
];

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

/** Schedule fields of a pool, when its tags or labels name a schedule with readable on-hours. */
function scheduleOf(name: unknown, hours: unknown): { schedule?: string; onHoursPerWeek?: number } {
  if (typeof name !== "string" || name === "") {
    return {};
  }
  const onHoursPerWeek = parseOnHours(hours);
  return onHoursPerWeek === undefined ? { schedule: name } : { schedule: name, onHoursPerWeek };
}

/**
 * Reads one resource as a pool of these targets; undefined for any other resource (a ConfigMap that
 * is not a pool inventory included).
 */
export function readTargetPool(type: string, inputs: Obj): TargetPoolFacts | undefined {
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
