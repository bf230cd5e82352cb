/**
 * The review result: what `hai review --json` writes. Its shape is versioned: `schemaVersion` changes
 * when a field is removed or changes meaning; new fields may appear within a version. The JSON Schema
 * is review/schema/review.schema.json; docs/review-json.md explains each field.
 */
import type { CapturedResource } from "../../model/graph";
import type { CostEstimate } from "../../model/estimate/cost";
import type { EnergyEstimate } from "../../model/estimate/energy";
import type { Saving } from "../../model/estimate/savings";
import type { EdgeSiteInfo } from "../../model/readers/edge";
import type { CapacitySummary, GpuPoolInfo, NodePoolInfo } from "../../model/readers/pools";
import type { PolicyReport } from "../policy/report";
import type { Completeness, FileDiagnostic } from "./fileInput";
import type { ChangeReport } from "./whatChanges";

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
  readonly source: "mock-run" | "preview" | "state" | "events";
  /**
   * The file reviewed (`--from-state`, `--from-preview`, `--from-events`): what it is, how much of the
   * stack it shows, the engine's errors, and whether the project's stack config applied to it (only when
   * the file's project and stack are this project's). Added within schema version 1.
   */
  readonly input?: {
    readonly file: string;
    readonly kind: "state" | "preview" | "events";
    readonly format?: "export" | "checkpoint";
    readonly completeness: Completeness;
    readonly notes: readonly string[];
    readonly diagnostics: readonly FileDiagnostic[];
    readonly changeSummary?: Readonly<Record<string, number>>;
    /** The stack config file applied, or why none was. */
    readonly config: { readonly applied: boolean; readonly reason: string };
  };
  /**
   * What changes, per resource and per GPU pool (from a preview, an event log or `--base`), with the
   * GPU and cost delta by cause. Added within schema version 1.
   */
  readonly changes?: ChangeReport;
  /** Node pools without GPUs, counted apart from the GPU pools. Added within schema version 1. */
  readonly cpuPools?: readonly NodePoolInfo[];
  /** Resources the stack reads but does not own (`read` steps, `external` in a state). */
  readonly external?: ReadonlyArray<{
    readonly urn: string;
    readonly type: string;
    readonly name: string;
  }>;
  /** Old copies waiting to be deleted (`delete: true` in a state) and interrupted operations. */
  readonly pendingDeletion?: ReadonlyArray<{
    readonly urn: string;
    readonly type: string;
    readonly name: string;
  }>;
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
  /**
   * Energy and carbon a month per pool and edge site and in total (kWh at the meter, kg CO2e), with the
   * PUE and grid intensity used and their sources; each schedule's kWh and CO2e saving; per pool the
   * cheaper or cleaner region of the same cloud. Added within schema version 1.
   */
  readonly energy: EnergyEstimate;
  /**
   * What each schedule and each spot pool saves a month in USD, kWh and kg CO2e (spot: USD only).
   * Added within schema version 1.
   */
  readonly savings: readonly Saving[];
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
