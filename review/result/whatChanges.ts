/**
 * What changes, first: per resource the operation and the changed properties; per GPU pool the nodes,
 * GPUs and monthly cost before and after, with the cause ("new pool", "DR standby of new pool
 * infer-l4", "resize", "replacement", "deleted"); warnings for replaced and deleted GPU pools. One
 * builder for a preview, an event log and `--base`, so every report says the same.
 */
import type { CapturedResource } from "../../model/graph";
import { estimateCost } from "../../model/estimate/cost";
import { extractGpuPools, type GpuPoolInfo } from "../../model/readers/pools";
import { replacesOnChange } from "../../model/catalog/replaceOnChange";
import {
  capProperties,
  diffProperties,
  type ChangeOp,
  type PropertyChange,
  type ResourceChange,
} from "./changes";

/** One GPU pool's change. */
export interface PoolChange {
  readonly urn: string;
  readonly pool: string;
  readonly op: ChangeOp;
  /** Why its cost and GPUs move, in a reader's words. */
  readonly cause: string;
  readonly cloud: string;
  readonly region: string;
  readonly gpu: string;
  /** Nodes, GPUs and monthly cost at min and max size; absent on the side where the pool does not exist. */
  readonly before?: PoolSide;
  readonly after?: PoolSide;
  readonly gpusDelta: { readonly min: number; readonly max: number };
  /** Monthly cost delta; absent when either side has no catalog price. */
  readonly monthlyUsdDelta?: { readonly min: number; readonly max: number };
  readonly unpricedReason?: string;
}

export interface PoolSide {
  readonly instanceType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly minGpus: number;
  readonly maxGpus: number;
  readonly monthlyMinUsd?: number;
  readonly monthlyMaxUsd?: number;
}

/** The changes section of a review. */
export interface ChangeReport {
  /** Where the changes come from. */
  readonly source: "preview" | "events" | "base";
  /** Resources that change, in URN order. */
  readonly resources: readonly ResourceChange[];
  readonly counts: Readonly<Record<ChangeOp, number>>;
  readonly pools: readonly PoolChange[];
  /** GPUs and monthly cost moved by the change, summed over the pools that change. */
  readonly gpusDelta: { readonly min: number; readonly max: number };
  readonly monthlyUsdDelta: { readonly min: number; readonly max: number };
  /** Pools whose cost change is unknown (no catalog price): the delta leaves them out. */
  readonly unpricedPools: readonly string[];
  /** Replaced or deleted GPU pools, and anything else a reviewer must not miss. */
  readonly warnings: readonly string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function side(p: GpuPoolInfo): PoolSide & { unpricedReason?: string } {
  const cost = estimateCost([p]).pools[0];
  return {
    instanceType: p.instanceTypes[0] ?? "unknown",
    minNodes: p.minNodes,
    maxNodes: p.maxNodes,
    minGpus: p.minNodes * p.gpusPerNode,
    maxGpus: p.maxNodes * p.gpusPerNode,
    ...(cost.monthlyMinUsd !== undefined ? { monthlyMinUsd: cost.monthlyMinUsd } : {}),
    ...(cost.monthlyMaxUsd !== undefined ? { monthlyMaxUsd: cost.monthlyMaxUsd } : {}),
    ...(cost.unpricedReason !== undefined ? { unpricedReason: cost.unpricedReason } : {}),
  };
}

/** The primary pool a DR standby pool mirrors (`<dr>-standby-<pool>`), if it is one. */
export function standbyOf(
  pool: { pool: string; urn: string },
  byUrnParent?: (urn: string) => string | undefined,
): string | undefined {
  const m = /-standby-(.+)$/.exec(pool.pool);
  if (m) {
    return m[1];
  }
  // A pool under a DisasterRecoveryRegion component is a standby even when renamed.
  let parent = byUrnParent?.(pool.urn);
  while (parent !== undefined) {
    if (/DisasterRecoveryRegion::/.test(parent)) {
      return pool.pool;
    }
    parent = byUrnParent?.(parent);
  }
  return undefined;
}

function causeOf(
  op: ChangeOp,
  p: GpuPoolInfo,
  properties: readonly PropertyChange[],
  createdPrimaries: ReadonlySet<string>,
  parentOf: (urn: string) => string | undefined,
): string {
  const primary = standbyOf(p, parentOf);
  const dr = primary === undefined ? "" : "DR standby of ";
  switch (op) {
    case "create":
    case "import":
      if (primary !== undefined) {
        return [...createdPrimaries].some((c) => c.endsWith(primary))
          ? `DR standby of new pool ${primary}`
          : `DR standby of ${primary}, new`;
      }
      return "new pool";
    case "delete":
      return `${dr}pool deleted`;
    case "replace":
      return `${dr}pool replaced${
        properties.some((c) => c.replaces)
          ? ` (${properties
              .filter((c) => c.replaces)
              .map((c) => c.path)
              .join(", ")})`
          : ""
      }`;
    default: {
      const sizes = properties.filter((c) =>
        /^(scalingConfig\.(minSize|maxSize|desiredSize)|autoscaling\.|nodeCount|minSize|maxSize|desiredCapacity)/.test(
          c.path,
        ),
      );
      if (sizes.length > 0) {
        return `${dr}resize (${sizes.map((c) => `${c.path} ${String(c.old)} -> ${String(c.new)}`).join(", ")})`;
      }
      return `${dr}update`;
    }
  }
}

/**
 * The change report from resources before and after and the per-resource changes (a preview's, or
 * computed by {@link diffResources}).
 */
export function buildChangeReport(options: {
  readonly source: ChangeReport["source"];
  readonly before: readonly CapturedResource[];
  readonly after: readonly CapturedResource[];
  readonly changes: readonly ResourceChange[];
  /** Region of resources on a default provider, per cloud (`aws:region` config). */
  readonly defaultRegions?: Partial<Record<"aws" | "gcp", string>>;
}): ChangeReport {
  const beforePools = new Map(
    extractGpuPools(options.before, options.defaultRegions).map((p) => [p.urn, p]),
  );
  const afterPools = new Map(
    extractGpuPools(options.after, options.defaultRegions).map((p) => [p.urn, p]),
  );
  const parents = new Map<string, string | undefined>(
    [...options.before, ...options.after].map((r) => [r.urn, r.parent]),
  );
  const parentOf = (urn: string) => parents.get(urn);
  const created = new Set(
    options.changes.filter((c) => c.op === "create" || c.op === "import").map((c) => c.name),
  );
  const pools: PoolChange[] = [];
  const warnings: string[] = [];
  for (const c of options.changes) {
    const b = beforePools.get(c.urn);
    const a = afterPools.get(c.urn);
    const p = a ?? b;
    if (p === undefined || p.gpusPerNode === 0) {
      continue;
    }
    const bs = b === undefined || c.op === "create" ? undefined : side(b);
    const as = a === undefined || c.op === "delete" ? undefined : side(a);
    const unpriced = as?.unpricedReason ?? bs?.unpricedReason;
    const priced = (s: typeof bs) => s === undefined || s.monthlyMaxUsd !== undefined;
    const strip = (s: typeof bs): PoolSide | undefined => {
      if (s === undefined) {
        return undefined;
      }
      const { unpricedReason: _u, ...rest } = s;
      return rest;
    };
    pools.push({
      urn: c.urn,
      pool: p.pool,
      op: c.op,
      cause: causeOf(c.op, p, c.properties, created, parentOf),
      cloud: p.cloud,
      region: p.region,
      gpu: p.gpu,
      ...(bs ? { before: strip(bs)! } : {}),
      ...(as ? { after: strip(as)! } : {}),
      gpusDelta: {
        min: (as?.minGpus ?? 0) - (bs?.minGpus ?? 0),
        max: (as?.maxGpus ?? 0) - (bs?.maxGpus ?? 0),
      },
      ...(priced(bs) && priced(as)
        ? {
            monthlyUsdDelta: {
              min: round2((as?.monthlyMinUsd ?? 0) - (bs?.monthlyMinUsd ?? 0)),
              max: round2((as?.monthlyMaxUsd ?? 0) - (bs?.monthlyMaxUsd ?? 0)),
            },
          }
        : {}),
      ...(unpriced !== undefined ? { unpricedReason: unpriced } : {}),
    });
    if (c.op === "replace") {
      const order =
        c.replaceOrder === "delete-before-create"
          ? "deleted before its replacement exists: its capacity is gone until the new pool is up"
          : "a new pool is created, then the old one deleted: workloads are rescheduled and both run for a while";
      warnings.push(
        `GPU pool ${p.pool} is REPLACED${c.replaceReasons?.length ? ` (${c.replaceReasons.join(", ")} changed)` : ""}: ${order}`,
      );
    } else if (c.op === "delete") {
      warnings.push(
        `GPU pool ${p.pool} is DELETED: ${bs?.maxGpus ?? 0} GPU(s) at max size (${p.gpu}) go away`,
      );
    }
  }
  const counts: Record<ChangeOp, number> = {
    create: 0,
    update: 0,
    replace: 0,
    delete: 0,
    import: 0,
  };
  for (const c of options.changes) {
    counts[c.op] += 1;
  }
  return {
    source: options.source,
    resources: [...options.changes].sort((a, b) => a.urn.localeCompare(b.urn)),
    counts,
    pools: pools.sort((a, b) => a.pool.localeCompare(b.pool)),
    gpusDelta: {
      min: pools.reduce((s, p) => s + p.gpusDelta.min, 0),
      max: pools.reduce((s, p) => s + p.gpusDelta.max, 0),
    },
    monthlyUsdDelta: {
      min: round2(pools.reduce((s, p) => s + (p.monthlyUsdDelta?.min ?? 0), 0)),
      max: round2(pools.reduce((s, p) => s + (p.monthlyUsdDelta?.max ?? 0), 0)),
    },
    unpricedPools: pools.filter((p) => p.monthlyUsdDelta === undefined).map((p) => p.pool),
    warnings,
  };
}

/**
 * The per-resource changes between two sets of resources (`--base`): created, deleted and updated by
 * URN, with property diffs; an update that touches a property the provider cannot change in place is
 * a replacement ({@link replacesOnChange}).
 */
export function diffResources(
  before: readonly CapturedResource[],
  after: readonly CapturedResource[],
): ResourceChange[] {
  const b = new Map(before.map((r) => [r.urn, r]));
  const a = new Map(after.map((r) => [r.urn, r]));
  const out: ResourceChange[] = [];
  for (const [urn, r] of a) {
    const old = b.get(urn);
    if (old === undefined) {
      out.push({ urn, type: r.type, name: r.name, op: "create", properties: [] });
      continue;
    }
    const props = diffProperties(old.inputs, r.inputs).map((c) =>
      replacesOnChange(r.type, c.path) ? { ...c, replaces: true } : c,
    );
    if (props.length === 0) {
      continue;
    }
    const replaceReasons = [
      ...new Set(props.filter((c) => c.replaces).map((c) => c.path.split(/[.[]/)[0])),
    ];
    out.push({
      urn,
      type: r.type,
      name: r.name,
      op: replaceReasons.length > 0 ? "replace" : "update",
      ...(replaceReasons.length > 0 ? { replaceReasons } : {}),
      ...capProperties(props),
    });
  }
  for (const [urn, r] of b) {
    if (!a.has(urn)) {
      out.push({ urn, type: r.type, name: r.name, op: "delete", properties: [] });
    }
  }
  return out.sort((x, y) => x.urn.localeCompare(y.urn));
}
