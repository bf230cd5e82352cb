/**
 * A Pulumi file read into what a review needs: the stack's own resources (as they are, or as they will
 * be after the previewed change), what changes per resource, the resources the stack only reads,
 * those pending deletion, the diagnostics of a failed run, and whether the file shows the whole stack.
 *
 * States come from `pulumi stack export` or a local backend's checkpoint; previews from
 * `pulumi preview --json` (with or without `--show-sames` / `--show-replacement-steps`); event logs from
 * `--event-log` or `pulumi up --json`, folded by the CLI's own digest logic (./digest.ts).
 */
import type { CapturedResource } from "../../model/graph";
import { capProperties, stepPropertyChanges, type ChangeOp, type ResourceChange } from "./changes";
import { readPulumiDocument, wrongFlag, type FLAG_FOR, type StateDoc } from "./decode";
import { previewDigest, type PreviewDigest, type PreviewStep, type ResourceV3 } from "./digest";
import { decodeProperties, type DecodeNotes } from "./values";

export type FileKind = keyof typeof FLAG_FOR;

/** A diagnostic the engine reported (a failed preview has at least one error). */
export interface FileDiagnostic {
  readonly severity: string;
  readonly message: string;
  readonly urn?: string;
}

/**
 * How much of the stack the file shows:
 * - `complete`: every resource of the stack (a state, or a preview with `--show-sames`);
 * - `partial`: only what changes (a preview without `--show-sames`): per-resource checks and deltas
 *   hold, stack-wide totals cannot be judged;
 * - `failed`: the run stopped with an error; what it shows is not what would be deployed.
 */
export type Completeness = "complete" | "partial" | "failed";

export interface FileInput {
  readonly kind: FileKind;
  /** `export` or `checkpoint` for a state. */
  readonly format?: "export" | "checkpoint";
  readonly project: string;
  readonly stack: string;
  /** The run's config (`namespace:key` → value, secrets blinded), from a preview or event log. */
  readonly config: Record<string, string>;
  /** The stack's own resources: as they are (state) or as they will be (preview, event log). */
  readonly resources: CapturedResource[];
  /** The same resources before the change, for those the file shows (previews and event logs). */
  readonly before: CapturedResource[];
  /** Resources the stack reads but does not own (`read` steps, `external` state entries). */
  readonly external: CapturedResource[];
  /** Old copies the engine still has to delete (`delete: true` in a state). */
  readonly pendingDeletion: CapturedResource[];
  /** Operations a state records as started and never finished (`pending_operations`). */
  readonly pendingOperations: ReadonlyArray<{ readonly type: string; readonly urn: string }>;
  /** What changes, per resource, in URN order (empty for a state). */
  readonly changes: ResourceChange[];
  readonly diagnostics: FileDiagnostic[];
  readonly completeness: Completeness;
  /** The engine's count per operation, when the file has one. */
  readonly changeSummary?: Record<string, number>;
  /** Why the file is partial or failed, one sentence each. */
  readonly notes: string[];
  /** Stack outputs as the file has them (decoded; credentials are hidden later, with the rest). */
  readonly outputs: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` */
export function parseUrn(
  urn: string,
): { stack: string; project: string; type: string; name: string } | undefined {
  const m = /^urn:pulumi:([^:]*)::([^:]*)::(.*?)::(.*)$/s.exec(urn);
  if (!m) {
    return undefined;
  }
  const types = m[3].split("$");
  return { stack: m[1], project: m[2], type: types[types.length - 1], name: m[4] };
}

/** A state or digest resource as a captured resource; component outputs kept for stack policies. */
export function toCaptured(raw: ResourceV3 | Obj): CapturedResource | undefined {
  const r = raw as Obj;
  if (typeof r.urn !== "string" || typeof r.type !== "string") {
    return undefined;
  }
  const notes: DecodeNotes = { secretPaths: [], unknownPaths: [] };
  const inputs = decodeProperties(r.inputs, notes);
  const outputs = decodeProperties(r.outputs, { secretPaths: [], unknownPaths: [] });
  const custom = r.custom === true;
  return {
    urn: r.urn,
    type: r.type,
    name: parseUrn(r.urn)?.name ?? r.urn,
    custom,
    parent: typeof r.parent === "string" && r.parent !== "" ? r.parent : undefined,
    provider: typeof r.provider === "string" && r.provider !== "" ? r.provider : undefined,
    // A state resource read or imported may have no inputs: its outputs say what it is.
    inputs: Object.keys(inputs).length > 0 ? inputs : outputs,
    secretPaths: notes.secretPaths,
    dependencies: Array.isArray(r.dependencies)
      ? r.dependencies.filter((d): d is string => typeof d === "string")
      : [],
    protect: r.protect === true,
    // Kept for custom resources too: what the provider filled in (a GKE pool's zones, a launch
    // template's ID) is in the outputs only. Reports leave custom resources' outputs out.
    outputs,
  };
}

/** Reads a file given with `--from-state`, `--from-preview` or `--from-events`. */
export function readFileInput(kind: FileKind, file: string): FileInput {
  const doc = readPulumiDocument(file);
  if (doc.kind !== kind) {
    throw wrongFlag(file, kind, doc);
  }
  if (doc.kind === "state") {
    return fromState(doc.doc, doc.format);
  }
  if (doc.kind === "preview") {
    return fromDigest("preview", doc.doc);
  }
  // The CLI shows what `pulumi preview --json --show-sames --show-replacement-steps` would.
  const digest = previewDigest(doc.events, { showSames: true, showReplacementSteps: true });
  const failed = doc.events.some(
    (e) => e.summaryEvent?.result === "failed" || e.resOpFailedEvent !== undefined,
  );
  const started = new Set(
    doc.events.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata.urn] : [])),
  );
  const finished = new Set(
    doc.events.flatMap((e) => [
      ...(e.resOutputsEvent ? [e.resOutputsEvent.metadata.urn] : []),
      ...(e.resOpFailedEvent ? [e.resOpFailedEvent.metadata.urn] : []),
    ]),
  );
  const unfinished = [...started].filter((u) => !finished.has(u));
  const cancelled =
    doc.events.some((e) => e.cancelEvent !== undefined) &&
    !doc.events.some((e) => e.summaryEvent !== undefined);
  const summarised = doc.events.some((e) => e.summaryEvent !== undefined);
  const input = fromDigest("events", digest, summarised);
  const notes = [...input.notes];
  if (failed && input.completeness !== "failed") {
    notes.unshift("the run failed: a resource operation did not complete");
  }
  if (cancelled) {
    notes.unshift("the run was cancelled before its summary");
  }
  if (unfinished.length > 0) {
    notes.unshift(
      `the run was interrupted: ${unfinished.length} step(s) started and never finished (${unfinished.map((u) => parseUrn(u)?.name ?? u).join(", ")})`,
    );
  }
  return failed || cancelled || unfinished.length > 0
    ? { ...input, completeness: "failed", notes }
    : input;
}

function identity(resources: readonly { urn: string }[]): { stack: string; project: string } {
  const root = resources.find((r) => parseUrn(r.urn)?.type === ROOT_STACK_TYPE) ?? resources[0];
  const parsed = root === undefined ? undefined : parseUrn(root.urn);
  return { stack: parsed?.stack ?? "unknown", project: parsed?.project ?? "unknown" };
}

function fromState(doc: StateDoc, format: "export" | "checkpoint"): FileInput {
  const own: CapturedResource[] = [];
  const external: CapturedResource[] = [];
  const pendingDeletion: CapturedResource[] = [];
  let outputs: Record<string, unknown> = {};
  for (const raw of doc.resources) {
    const r = toCaptured(raw);
    if (r === undefined) {
      continue;
    }
    if (r.type === ROOT_STACK_TYPE) {
      outputs = r.outputs ?? {};
    }
    if (raw.delete === true) {
      pendingDeletion.push(r);
    } else if (raw.external === true) {
      external.push(r);
    } else {
      own.push(r);
    }
  }
  const id = identity(doc.resources as Array<{ urn: string }>);
  const stack = doc.stack !== undefined ? (doc.stack.split("/").pop() ?? id.stack) : id.stack;
  const pendingOperations = doc.pendingOperations
    .map((p) => ({
      type: typeof p.type === "string" ? p.type : "unknown",
      urn: isObj(p.resource) && typeof p.resource.urn === "string" ? p.resource.urn : "",
    }))
    .filter((p) => p.urn !== "");
  const notes: string[] = [];
  if (pendingOperations.length > 0) {
    notes.push(
      `${pendingOperations.length} operation(s) were interrupted (pending_operations); the cloud may hold resources the state does not`,
    );
  }
  return {
    kind: "state",
    format,
    project: id.project,
    stack,
    config: {},
    resources: own,
    before: [],
    external,
    pendingDeletion,
    pendingOperations,
    changes: [],
    diagnostics: [],
    completeness: "complete",
    notes,
    outputs,
  };
}

const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced"]);

/** Folds a digest's steps by URN: one change per resource, replacements counted once. */
function fromDigest(
  kind: "preview" | "events",
  digest: PreviewDigest,
  summarised = digest.changeSummary !== undefined,
): FileInput {
  const steps = digest.steps ?? [];
  const byUrn = new Map<string, PreviewStep[]>();
  for (const s of steps) {
    const list = byUrn.get(s.urn) ?? [];
    list.push(s);
    byUrn.set(s.urn, list);
  }
  const resources: CapturedResource[] = [];
  const before: CapturedResource[] = [];
  const external: CapturedResource[] = [];
  const pendingDeletion: CapturedResource[] = [];
  const changes: ResourceChange[] = [];
  let outputs: Record<string, unknown> = {};
  let shownSames = 0;

  for (const [urn, list] of byUrn) {
    const ops = list.map((s) => s.op);
    const newState = [...list].reverse().find((s) => s.newState !== undefined)?.newState;
    const oldState = list.find((s) => s.oldState !== undefined)?.oldState;
    const after = newState === undefined ? undefined : toCaptured(newState);
    const prior = oldState === undefined ? undefined : toCaptured(oldState);
    if (prior !== undefined && !ops.every((o) => o === "read" || o === "read-replacement")) {
      if (oldState?.delete === true && !ops.some((o) => REPLACE_OPS.has(o))) {
        pendingDeletion.push(prior);
      } else if (oldState?.external !== true) {
        before.push(prior);
      }
    }
    if (ops.includes("read") || ops.includes("read-replacement") || newState?.external === true) {
      if (after !== undefined) {
        external.push(after);
      }
      continue;
    }
    if (ops.every((o) => o === "same")) {
      shownSames += 1;
    }
    if (after !== undefined && !ops.includes("delete") && !ops.includes("discard")) {
      // A component's outputs are registered after its children: a preview shows them in the old state.
      const withOutputs =
        !after.custom &&
        Object.keys(after.outputs ?? {}).length === 0 &&
        prior?.outputs !== undefined &&
        Object.keys(prior.outputs).length > 0
          ? { ...after, outputs: prior.outputs }
          : after;
      resources.push(withOutputs);
      if (after.type === ROOT_STACK_TYPE) {
        outputs = withOutputs.outputs ?? {};
      }
    }
    const change = changeOf(urn, list, prior, after);
    if (change !== undefined) {
      changes.push(change);
    }
  }

  const diagnostics: FileDiagnostic[] = (digest.diagnostics ?? [])
    .filter((d) => d.severity === "error" || d.severity === "warning")
    .map((d) => ({
      severity: d.severity ?? "info",
      message: (d.message ?? "").trim(),
      ...(d.urn ? { urn: d.urn } : {}),
    }));
  const id = identity([
    ...steps.map((s) => ({ urn: s.urn })),
    ...diagnostics.filter((d) => d.urn).map((d) => ({ urn: d.urn! })),
  ]);
  const notes: string[] = [];
  let completeness: Completeness = "complete";
  if (diagnostics.some((d) => d.severity === "error")) {
    completeness = "failed";
    notes.push("the preview failed: the engine reported an error, so not every change is shown");
  } else {
    // `same` in the change summary counts every unchanged resource, the root stack included.
    const sames = digest.changeSummary?.same ?? 0;
    if (sames > shownSames) {
      completeness = "partial";
      notes.push(
        `the file shows ${changes.length} changed resource(s) but not the ${sames - shownSames} unchanged one(s) (run \`pulumi preview --json --show-sames\`): stack-wide totals cannot be judged`,
      );
    } else if (!summarised) {
      completeness = "partial";
      notes.push(
        "the file has no change summary: hai cannot tell whether unchanged resources were left out",
      );
    }
  }
  if (digest.maybeCorrupt) {
    notes.push("the engine flagged the state as possibly corrupt (maybeCorrupt)");
  }
  return {
    kind,
    project: id.project,
    stack: id.stack,
    config: digest.config ?? {},
    resources,
    before,
    external,
    pendingDeletion,
    pendingOperations: [],
    changes: changes.sort((a, b) => a.urn.localeCompare(b.urn)),
    diagnostics,
    completeness,
    ...(digest.changeSummary !== undefined ? { changeSummary: digest.changeSummary } : {}),
    notes,
    outputs,
  };
}

/** The change of one URN from its steps, or undefined when it does not change. */
function changeOf(
  urn: string,
  steps: readonly PreviewStep[],
  prior: CapturedResource | undefined,
  after: CapturedResource | undefined,
): ResourceChange | undefined {
  const ops = steps.map((s) => s.op);
  let op: ChangeOp | undefined;
  if (ops.includes("replace") || ops.includes("create-replacement")) {
    op = "replace";
  } else if (ops.includes("delete-replaced")) {
    // Only the old copy of an earlier replacement goes.
    op = "delete";
  } else if (ops.includes("create")) {
    op = "create";
  } else if (ops.includes("delete")) {
    op = "delete";
  } else if (ops.includes("update")) {
    op = "update";
  } else if (ops.includes("import")) {
    op = "import";
  }
  if (op === undefined) {
    return undefined;
  }
  const r = after ?? prior;
  const parsed = parseUrn(urn);
  const main =
    steps.find((s) => s.op === "replace" || s.op === "update") ??
    steps.find((s) => s.detailedDiff !== null) ??
    steps[0];
  const replaceReasons = [...new Set(steps.flatMap((s) => s.replaceReasons ?? []))];
  const oldInputs = prior?.inputs ?? {};
  const newInputs = after?.inputs ?? {};
  const properties =
    op === "create" || op === "import"
      ? []
      : op === "delete"
        ? []
        : stepPropertyChanges(
            oldInputs,
            newInputs,
            main.detailedDiff,
            main.diffReasons ?? [],
            replaceReasons,
          );
  // The engine lists delete-replaced before create-replacement when it must delete first.
  const iDelete = ops.indexOf("delete-replaced");
  const iCreate = ops.indexOf("create-replacement");
  const replaceOrder =
    op === "replace" && iDelete >= 0 && iCreate >= 0
      ? iDelete < iCreate
        ? "delete-before-create"
        : "create-before-delete"
      : undefined;
  return {
    urn,
    type: r?.type ?? parsed?.type ?? "unknown",
    name: parsed?.name ?? urn,
    op,
    ...(replaceOrder ? { replaceOrder } : {}),
    ...(replaceReasons.length > 0 ? { replaceReasons } : {}),
    ...capProperties(properties),
  };
}
