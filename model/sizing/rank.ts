/**
 * Which hardware holds a model: every cloud shape, Akamai plan, on-prem node and edge box whose GPU
 * memory fits the estimate, ranked by monthly cost, each with a config snippet.
 *
 * A shape fits when its GPUs together hold the estimate (the server splits weights and cache over the
 * node's GPUs with tensor parallelism). Only single nodes are considered: a model too big for the
 * largest node needs multi-node serving, which this does not plan.
 */
import type { GpuModel, InstanceShape, Price } from "../catalog/types";
import type { EdgeHardwareRow } from "../catalog/edgeHardware";
import type { MemoryEstimate } from "./memory";

/** Hours in a billing month (730, as AWS and Infracost count). */
const HOURS = 730;

/** An on-prem pool (or a GPU server one could buy) that sizing may place the model on. */
export interface OnPremCandidate {
  readonly site: string;
  readonly pool: string;
  readonly gpu: string;
  readonly gpusPerNode: number;
  /** Amortised purchase per node and month, when the inventory says it. */
  readonly monthlyUsdPerNode?: number;
  /** A server one could buy rather than a pool one has: only the smallest that fits is listed. */
  readonly generic?: boolean;
}

/** Everything sizing looks through. */
export interface SizingCatalog {
  readonly gpus: Readonly<Record<string, GpuModel>>;
  readonly shapes: readonly InstanceShape[];
  readonly prices: readonly Price[];
  readonly edge: readonly EdgeHardwareRow[];
  readonly onPrem: readonly OnPremCandidate[];
}

/** Where a candidate runs. */
export type CandidateKind = "cloud" | "akamai" | "onprem" | "edge";

/** One place that holds the model. */
export interface SizingCandidate {
  readonly kind: CandidateKind;
  /** `aws`, `gcp`, `azure`, `akamai`, `onprem`, `edge`. */
  readonly provider: string;
  /** Instance type, plan, `<site>/<pool>` or edge hardware id. */
  readonly name: string;
  readonly gpu: string;
  readonly gpus: number;
  readonly gpuMemoryGiB: number;
  /** How much of the node's GPU memory the model takes, 0-1. */
  readonly utilisation: number;
  /** Region of the cheapest price, when priced. */
  readonly region?: string;
  readonly usdPerHour?: number;
  readonly monthlyUsd?: number;
  readonly spotMonthlyUsd?: number;
  /** Why there is no monthly cost. */
  readonly unpricedReason?: string;
  /** A stack config fragment that would create it. */
  readonly snippet: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A pool name from a model id: lower-case, `-` for anything else, at most 40 characters. */
export function poolName(modelId: string, gpu: string): string {
  return `${modelId}-${gpu}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 40)
    .replace(/^-|-$/g, "");
}

function cheapest(
  prices: readonly Price[],
  shape: InstanceShape,
): { onDemand?: Price; spot?: Price } {
  let onDemand: Price | undefined;
  let spot: Price | undefined;
  for (const p of prices) {
    if (p.cloud !== shape.cloud || p.instanceType !== shape.name) {
      continue;
    }
    if (
      p.onDemandUsdPerHour !== undefined &&
      (onDemand === undefined || p.onDemandUsdPerHour < onDemand.onDemandUsdPerHour!)
    ) {
      onDemand = p;
    }
    if (
      p.spotUsdPerHour !== undefined &&
      (spot === undefined || p.spotUsdPerHour < spot.spotUsdPerHour!)
    ) {
      spot = p;
    }
  }
  return { onDemand, spot };
}

/** The config fragment of a cloud or Akamai pool on `shape`. */
export function shapeSnippet(modelId: string, shape: InstanceShape, region?: string): string {
  const name = poolName(modelId, shape.gpu);
  const r = region ?? "<region>";
  const zones =
    shape.cloud === "aws"
      ? `, zones: [${r}a, ${r}b]`
      : shape.cloud === "gcp"
        ? `, zones: [${r}-a, ${r}-b]`
        : shape.cloud === "azure"
          ? `, zones: ["1", "2"]`
          : "";
  const pool = `{ name: ${name}, gpu: ${shape.gpu}, gpusPerNode: ${shape.gpusPerNode}, instanceTypes: [${shape.name}], minNodes: 1, maxNodes: 2${zones} }`;
  return [
    `- name: ${shape.cloud}-${region ?? "<region>"}`,
    `  cloud: ${shape.cloud}`,
    `  region: ${region ?? "<region>"}`,
    `  gpuPools:`,
    `    - ${pool}`,
  ].join("\n");
}

function onPremSnippet(modelId: string, c: OnPremCandidate): string {
  return [
    `- name: ${c.site}`,
    `  cloud: onprem`,
    `  site: ${c.site}`,
    `  kubeconfig: { secure: <kubeconfig> }`,
    `  gpuPools:`,
    `    - { name: ${poolName(modelId, c.gpu)}, gpu: ${c.gpu}, gpusPerNode: ${c.gpusPerNode}, nodes: [<node>] }`,
  ].join("\n");
}

function edgeSnippet(modelId: string, hw: EdgeHardwareRow): string {
  return [
    `- name: ${poolName(modelId, hw.id)}`,
    `  hardware: ${hw.id}`,
    `  location: <location>`,
    `  kubeconfig: { secure: <kubeconfig> }`,
  ].join("\n");
}

/**
 * Every candidate that holds `estimate`, cheapest first by on-demand monthly cost; candidates without a
 * cost (edge boxes, unpriced shapes and on-prem nodes without an inventory price) come after, largest
 * headroom last.
 */
export function rankCandidates(
  modelId: string,
  estimate: MemoryEstimate,
  catalog: SizingCatalog,
): SizingCandidate[] {
  const out: SizingCandidate[] = [];
  const need = estimate.totalGiB;
  for (const shape of catalog.shapes) {
    const gpu = catalog.gpus[shape.gpu];
    if (gpu === undefined) {
      continue;
    }
    const memory = gpu.memoryGiB * shape.gpusPerNode;
    if (memory < need) {
      continue;
    }
    const { onDemand, spot } = cheapest(catalog.prices, shape);
    const hourly = onDemand?.onDemandUsdPerHour;
    out.push({
      kind: shape.cloud === "akamai" ? "akamai" : "cloud",
      provider: shape.cloud,
      name: shape.name,
      gpu: shape.gpu,
      gpus: shape.gpusPerNode,
      gpuMemoryGiB: memory,
      utilisation: round2(need / memory),
      ...(onDemand ? { region: onDemand.region } : spot ? { region: spot.region } : {}),
      ...(hourly !== undefined
        ? { usdPerHour: hourly, monthlyUsd: round2(hourly * HOURS) }
        : { unpricedReason: `no on-demand price for ${shape.name} in the catalog` }),
      ...(spot?.spotUsdPerHour !== undefined
        ? { spotMonthlyUsd: round2(spot.spotUsdPerHour * HOURS) }
        : {}),
      snippet: shapeSnippet(modelId, shape, onDemand?.region ?? spot?.region),
    });
  }
  const genericListed = new Set<string>();
  const onPrem = [...catalog.onPrem].sort((a, b) => a.gpusPerNode - b.gpusPerNode);
  for (const c of onPrem) {
    const gpu = catalog.gpus[c.gpu];
    if (gpu === undefined) {
      continue;
    }
    const memory = gpu.memoryGiB * c.gpusPerNode;
    if (memory < need || (c.generic && genericListed.has(c.gpu))) {
      continue;
    }
    if (c.generic) {
      genericListed.add(c.gpu);
    }
    out.push({
      kind: "onprem",
      provider: "onprem",
      name: `${c.site}/${c.pool}`,
      gpu: c.gpu,
      gpus: c.gpusPerNode,
      gpuMemoryGiB: memory,
      utilisation: round2(need / memory),
      ...(c.monthlyUsdPerNode !== undefined
        ? { monthlyUsd: round2(c.monthlyUsdPerNode) }
        : {
            unpricedReason: c.generic
              ? "a server to buy: no purchase price in the catalog"
              : "owned hardware: no inventory price given",
          }),
      snippet: onPremSnippet(modelId, c),
    });
  }
  for (const hw of catalog.edge) {
    if (hw.acceleratorMemoryGiB === 0 || hw.acceleratorMemoryGiB < need) {
      continue;
    }
    out.push({
      kind: "edge",
      provider: "edge",
      name: hw.id,
      gpu: hw.id,
      gpus: 1,
      gpuMemoryGiB: hw.acceleratorMemoryGiB,
      utilisation: round2(need / hw.acceleratorMemoryGiB),
      unpricedReason: hw.unifiedMemory
        ? "bought hardware; memory shared with the CPU"
        : "bought hardware",
      snippet: edgeSnippet(modelId, hw),
    });
  }
  return out.sort((a, b) => {
    if (a.monthlyUsd !== undefined && b.monthlyUsd !== undefined) {
      return a.monthlyUsd - b.monthlyUsd || a.name.localeCompare(b.name);
    }
    if (a.monthlyUsd !== undefined) {
      return -1;
    }
    if (b.monthlyUsd !== undefined) {
      return 1;
    }
    return a.gpuMemoryGiB - b.gpuMemoryGiB || a.name.localeCompare(b.name);
  });
}
