/** The failover plan: what changes between two runs of a stack, resource by resource (by URN). */
import type { CapturedResource } from "../run/capture";

/** One changed property, as a dotted path. */
export interface PropertyChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** The resource ignores changes to this property (`ignoreChanges`): a deployment will not apply it. */
  readonly ignored?: boolean;
}

/**
 * Properties GpuNodePool creates with `ignoreChanges`, because the cluster autoscaler owns them. Mocks do
 * not record resource options, so they are listed here; test/dr-readiness.test.ts keeps them honest.
 */
export const AUTOSCALER_OWNED: Record<string, readonly string[]> = {
  "aws:eks/nodeGroup:NodeGroup": ["scalingConfig.desiredSize"],
  "gcp:container/nodePool:NodePool": ["initialNodeCount", "nodeCount"],
};

/** One resource the change touches. */
export interface PlannedChange {
  readonly op: "create" | "update" | "delete";
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** For updates: the properties that change. */
  readonly changes: readonly PropertyChange[];
}

/** Differences in resource inputs from `before` to `after`, by URN; components compare their outputs. */
export function diffCaptures(
  before: readonly CapturedResource[],
  after: readonly CapturedResource[],
): PlannedChange[] {
  const old = new Map(before.map((r) => [r.urn, r]));
  const now = new Map(after.map((r) => [r.urn, r]));
  const plan: PlannedChange[] = [];
  for (const r of after) {
    const prev = old.get(r.urn);
    if (prev === undefined) {
      plan.push({ op: "create", urn: r.urn, type: r.type, name: r.name, changes: [] });
      continue;
    }
    if (!r.custom) {
      continue;
    }
    const owned = AUTOSCALER_OWNED[r.type] ?? [];
    const changes = diffValues(prev.inputs, r.inputs, "").map((c) =>
      owned.includes(c.path) ? { ...c, ignored: true } : c,
    );
    if (changes.length > 0) {
      plan.push({ op: "update", urn: r.urn, type: r.type, name: r.name, changes });
    }
  }
  for (const r of before) {
    if (!now.has(r.urn)) {
      plan.push({ op: "delete", urn: r.urn, type: r.type, name: r.name, changes: [] });
    }
  }
  const order = { delete: 0, create: 1, update: 2 };
  return plan.sort((a, b) => order[a.op] - order[b.op] || a.urn.localeCompare(b.urn));
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Leaf differences; arrays of scalars compare whole, arrays of objects element by element. */
export function diffValues(a: unknown, b: unknown, path: string): PropertyChange[] {
  if (isPlain(a) && isPlain(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], path === "" ? k : `${path}.${k}`));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.some(isPlain)) {
    return a.flatMap((v, i) => diffValues(v, b[i], `${path}[${i}]`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, before: a, after: b }];
}
