/**
 * The change between two reviews of the same stack (`hai review --base <git-ref>`): resources added,
 * removed and changed by URN, GPU capacity and monthly cost deltas, findings new and fixed.
 */
import type { DeltaFinding, ReviewDelta, ReviewResult } from "./model";

export type { DeltaFinding, ReviewDelta };

/** The review fields a delta reads; a base review from an older hai may lack `policy`. */
export type ReviewLike = Pick<ReviewResult, "resources" | "capacity" | "cost"> & {
  readonly policy?: ReviewResult["policy"];
};

/** JSON with keys sorted, so key order never counts as a change. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function findings(review: ReviewLike): Map<string, DeltaFinding> {
  const out = new Map<string, DeltaFinding>();
  for (const v of review.policy?.violations ?? []) {
    if (v.status !== "open") {
      continue;
    }
    out.set(`${v.policy}\u0000${v.urn ?? v.location.key}`, {
      policy: v.policy,
      enforcement: v.enforcement,
      resourceName: v.resourceName,
      message: v.message,
    });
  }
  return out;
}

/** Computes what changes from `base` to `head`. */
export function computeDelta(
  base: ReviewLike,
  head: ReviewLike,
  ref: { ref: string; commit?: string },
): ReviewDelta {
  const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
  const headByUrn = new Map(head.resources.map((r) => [r.urn, r]));
  const added = [...headByUrn.keys()].filter((u) => !baseByUrn.has(u)).sort();
  const removed = [...baseByUrn.keys()].filter((u) => !headByUrn.has(u)).sort();
  const changed = [...headByUrn.keys()]
    .filter(
      (u) =>
        baseByUrn.has(u) &&
        stableJson(baseByUrn.get(u)!.inputs) !== stableJson(headByUrn.get(u)!.inputs),
    )
    .sort();
  const bf = findings(base);
  const hf = findings(head);
  return {
    base: ref,
    resources: { added, removed, changed },
    gpus: {
      base: { min: base.capacity.minGpus, max: base.capacity.maxGpus },
      head: { min: head.capacity.minGpus, max: head.capacity.maxGpus },
    },
    monthlyUsd: {
      base: { min: base.cost.monthlyMinUsd, max: base.cost.monthlyMaxUsd },
      head: { min: head.cost.monthlyMinUsd, max: head.cost.monthlyMaxUsd },
    },
    findings: {
      new: [...hf.entries()].filter(([k]) => !bf.has(k)).map(([, v]) => v),
      fixed: [...bf.entries()].filter(([k]) => !hf.has(k)).map(([, v]) => v),
    },
  };
}
