/**
 * The review result: what `hai review --json` writes. Its shape is versioned: `schemaVersion` changes
 * when a field is removed or changes meaning; new fields may appear within a version. The JSON Schema
 * is review/schema/review.schema.json; docs/review-json.md explains each field.
 */
import type { CapturedResource } from "../run/capture";
import type { CostEstimate } from "../../model/estimate/cost";
import type { EdgeSiteInfo } from "../../model/readers/edge";
import type { CapacitySummary, GpuPoolInfo } from "../../model/readers/pools";
import type { PolicyReport } from "../policy/report";

/** Version of the JSON document. */
export const REVIEW_SCHEMA_VERSION = 1;

export interface ReviewResult {
  readonly schemaVersion: typeof REVIEW_SCHEMA_VERSION;
  readonly tool: { readonly name: "hai"; readonly version: string };
  readonly project: string;
  readonly stack: string;
  /** Stack file, relative to the working directory. */
  readonly stackFile: string;
  readonly environment: string;
  /**
   * Where the resources came from: a mock run of the program, a `pulumi preview --json` file or a
   * `pulumi stack export` file.
   */
  readonly source: "mock-run" | "preview" | "state";
  readonly generatedAt: string;
  readonly resources: readonly CapturedResource[];
  /** Resource counts by type, most first. */
  readonly resourceCounts: ReadonlyArray<{ readonly type: string; readonly count: number }>;
  readonly gpuPools: readonly GpuPoolInfo[];
  readonly capacity: CapacitySummary;
  /**
   * Monthly cost. Each pool's `hoursPerMonth` follows its shutdown schedule (`schedule`,
   * `onHoursPerWeek`, `savingMinUsd`/`savingMaxUsd` against 730 h); `schedules` sums savings per schedule.
   */
  readonly cost: CostEstimate;
  /**
   * Edge inference sites found in the resources (labelled namespaces): location, hardware, schedule,
   * and per model its server, image, model@revision, GPUs per replica, replicas and scaling bounds.
   * Kubeconfigs never appear. Added within schema version 1.
   */
  readonly edgeSites: readonly EdgeSiteInfo[];
  /** Stack outputs, secrets redacted. */
  readonly outputs: Record<string, unknown>;
  /** Guardrail findings, waivers applied, and the verdict (added in schemaVersion 1; see README). */
  readonly policy?: PolicyReport;
  /** The change against `--base <git-ref>`, when asked for. */
  readonly delta?: ReviewDelta;
}

/** A finding as the delta lists it. */
export interface DeltaFinding {
  readonly policy: string;
  readonly enforcement: string;
  readonly resourceName?: string;
  readonly message: string;
}

export interface ReviewDelta {
  /** The git ref reviewed as the base, and the commit it resolved to. */
  readonly base: { readonly ref: string; readonly commit?: string };
  readonly resources: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly string[];
  };
  readonly gpus: {
    readonly base: { min: number; max: number };
    readonly head: { min: number; max: number };
  };
  readonly monthlyUsd: {
    readonly base: { min: number; max: number };
    readonly head: { min: number; max: number };
  };
  readonly findings: {
    readonly new: readonly DeltaFinding[];
    readonly fixed: readonly DeltaFinding[];
  };
}

/** Counts resources by type, most first, then by name. */
export function countByType(
  resources: readonly { type: string }[],
): Array<{ type: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of resources) {
    counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}
