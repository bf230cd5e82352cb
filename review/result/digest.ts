/**
 * Engine events (`pulumi up --json`, `--event-log <file>`: one `apitype.EngineEvent` per line) to the
 * document `pulumi preview --json` prints (`display.PreviewDigest`).
 *
 * A transcription of the CLI's own code, pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8:
 * `ShowPreviewDigest`, `getPreviewMetadataStep`, `stateForJSONOutput` and `MassageSecrets` in
 * pkg/backend/display/json.go; `shouldShow` and `isRootStack` in pkg/backend/display/display.go;
 * `IsReplacementStep` in pkg/resource/deploy/step.go; the JSON shapes in pkg/display/json.go
 * (`PreviewDigest`, `PreviewStep`, `PreviewDiagnostic`) and sdk/go/common/apitype/events.go. The
 * review reads event logs through it, so an event log and the preview printed from the same run are
 * reviewed alike; the preview fixtures in test/fixtures/real/preview are derived with it.
 */

/** A property value as the engine serialises it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObj = { [key: string]: Json };

/** `apitype.StepEventStateMetadata`: a resource's state in an event. */
export interface EventState {
  readonly type: string;
  readonly urn: string;
  readonly custom?: boolean;
  readonly delete?: boolean;
  readonly id: string;
  readonly parent: string;
  readonly protect?: boolean;
  readonly taint?: boolean;
  readonly external?: boolean;
  readonly retainOnDelete?: boolean;
  readonly inputs: JsonObj | null;
  readonly outputs: JsonObj | null;
  readonly provider: string;
  readonly initErrors?: string[];
}

/** `apitype.StepEventMetadata`. */
export interface StepEventMetadata {
  readonly op: string;
  readonly urn: string;
  readonly type: string;
  readonly old: EventState | null;
  readonly new: EventState | null;
  readonly keys?: string[];
  readonly diffs?: string[];
  /** `apitype.PropertyDiff` is keyed `diffKind` in events; the digest renames it `kind`. */
  readonly detailedDiff: Record<string, { diffKind: string; inputDiff?: boolean }> | null;
  readonly logical?: boolean;
  readonly provider: string;
}

/** `apitype.EngineEvent`: exactly one payload field is set. */
export interface EngineEvent {
  readonly sequence: number;
  readonly timestamp: number;
  readonly cancelEvent?: object;
  readonly stdoutEvent?: { message: string; color?: string };
  readonly diagnosticEvent?: {
    urn?: string;
    prefix?: string;
    message: string;
    color?: string;
    severity: string;
    ephemeral?: boolean;
  };
  readonly preludeEvent?: { config: Record<string, string> };
  readonly summaryEvent?: {
    maybeCorrupt: boolean;
    durationSeconds: number;
    resourceChanges: Record<string, number>;
    isPreview?: boolean;
    result?: string;
  };
  readonly resourcePreEvent?: { metadata: StepEventMetadata; planning?: boolean };
  readonly resOutputsEvent?: { metadata: StepEventMetadata; planning?: boolean };
  readonly resOpFailedEvent?: { metadata: StepEventMetadata; status: number; steps: number };
  readonly [other: string]: unknown;
}

/** `apitype.ResourceV3` as the digest carries it. */
export interface ResourceV3 {
  readonly urn: string;
  readonly custom: boolean;
  readonly delete?: boolean;
  readonly id?: string;
  readonly type: string;
  readonly inputs?: JsonObj;
  readonly outputs?: JsonObj;
  readonly parent?: string;
  readonly protect?: boolean;
  readonly taint?: boolean;
  readonly external?: boolean;
  readonly dependencies?: string[];
  readonly initErrors?: string[];
  readonly provider?: string;
  readonly retainOnDelete?: boolean;
}

/** `display.PreviewStep`. */
export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly provider?: string;
  readonly oldState?: ResourceV3;
  readonly newState?: ResourceV3;
  readonly diffReasons?: string[];
  readonly replaceReasons?: string[];
  readonly detailedDiff: Record<string, { kind: string; inputDiff: boolean }> | null;
}

/** `display.PreviewDiagnostic` (severity as the JSON carries it: "error", "warning", "info", ...). */
export interface PreviewDiagnostic {
  readonly urn?: string;
  readonly message?: string;
  readonly severity?: string;
}

/** `display.PreviewDigest`: what `pulumi preview --json` prints. */
export interface PreviewDigest {
  readonly config?: Record<string, string>;
  readonly steps?: PreviewStep[];
  readonly diagnostics?: PreviewDiagnostic[];
  /** Nanoseconds (a Go `time.Duration`). */
  readonly duration?: number;
  readonly changeSummary?: Record<string, number>;
  readonly maybeCorrupt?: boolean;
}

/** The flags of `pulumi preview` that change the digest. */
export interface DigestOptions {
  /** `--show-sames` @default false */
  readonly showSames?: boolean;
  /** `--show-replacement-steps` @default false */
  readonly showReplacementSteps?: boolean;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** `deploy.IsReplacementStep`. */
export const REPLACEMENT_OPS: ReadonlySet<string> = new Set([
  "replace",
  "create-replacement",
  "delete-replaced",
  "read-replacement",
  "discard-replaced",
  "remove-pending-replace",
  "import-replacement",
]);

/** The qualified type of a URN (`urn:pulumi:stack::project::parent$type::name` → `type`). */
function qualifiedType(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4) {
    return "";
  }
  const types = parts[2].split("$");
  return types[types.length - 1];
}

/** `isRootURN`. */
function isRootUrn(urn: string): boolean {
  return urn !== "" && qualifiedType(urn) === ROOT_STACK_TYPE;
}

/** `shouldShow` for JSON output (`opts.JSONDisplay` is true). */
export function shouldShow(m: StepEventMetadata, options: DigestOptions): boolean {
  if (m.op === "same") {
    if ((m.old?.protect ?? false) !== (m.new?.protect ?? false)) {
      return true;
    }
    return options.showSames === true;
  }
  if (!options.showReplacementSteps && !m.logical && REPLACEMENT_OPS.has(m.op)) {
    return false;
  }
  return true;
}

/** `massagePropertyValue` with showSecrets false: a secret becomes the string "[secret]". */
function massage(v: Json): Json {
  if (Array.isArray(v)) {
    return v.map(massage);
  }
  if (v !== null && typeof v === "object") {
    if (v[SIG_KEY] === SECRET_SIG) {
      return "[secret]";
    }
    const out: JsonObj = {};
    for (const [k, e] of Object.entries(v)) {
      out[k] = massage(e);
    }
    return out;
  }
  return v;
}

/** `stateForJSONOutput` then `stack.SerializeResource`: empty fields left out, as `omitempty` does. */
function serialize(s: EventState): ResourceV3 {
  const inputs = massage(s.inputs ?? {}) as JsonObj;
  const outputs = massage(s.outputs ?? {}) as JsonObj;
  const r: Record<string, unknown> = { urn: s.urn, custom: s.custom === true };
  if (s.delete) {
    r.delete = true;
  }
  if (s.id) {
    r.id = s.id;
  }
  r.type = s.type;
  if (Object.keys(inputs).length > 0) {
    r.inputs = inputs;
  }
  if (Object.keys(outputs).length > 0) {
    r.outputs = outputs;
  }
  if (s.parent) {
    r.parent = s.parent;
  }
  if (s.protect) {
    r.protect = true;
  }
  if (s.taint) {
    r.taint = true;
  }
  if (s.external) {
    r.external = true;
  }
  if (s.initErrors && s.initErrors.length > 0) {
    r.initErrors = s.initErrors;
  }
  if (s.provider) {
    r.provider = s.provider;
  }
  if (s.retainOnDelete) {
    r.retainOnDelete = true;
  }
  return r as unknown as ResourceV3;
}

/** `getPreviewMetadataStep`. */
function previewStep(m: StepEventMetadata): PreviewStep {
  let detailedDiff: PreviewStep["detailedDiff"] = null;
  if (m.detailedDiff) {
    detailedDiff = {};
    for (const [k, v] of Object.entries(m.detailedDiff)) {
      detailedDiff[k] = { kind: v.diffKind, inputDiff: v.inputDiff === true };
    }
  }
  const step: Record<string, unknown> = { op: m.op, urn: m.urn };
  if (m.provider) {
    step.provider = m.provider;
  }
  if (m.old) {
    step.oldState = serialize(m.old);
  }
  if (m.new) {
    step.newState = serialize(m.new);
  }
  if (m.diffs && m.diffs.length > 0) {
    step.diffReasons = m.diffs;
  }
  if (m.keys && m.keys.length > 0) {
    step.replaceReasons = m.keys;
  }
  step.detailedDiff = detailedDiff;
  return step as unknown as PreviewStep;
}

/** `colors.Never.Colorize`: removes the `<{%...%}>` colour directives. */
export function uncolorize(s: string): string {
  return s.replace(/<\{%[^%]*%\}>/g, "");
}

/** `ShowPreviewDigest`: folds an event stream into the digest `pulumi preview --json` prints. */
export function previewDigest(
  events: readonly EngineEvent[],
  options: DigestOptions = {},
): PreviewDigest {
  const seen = new Map<string, StepEventMetadata>();
  const digest: {
    config?: Record<string, string>;
    steps?: PreviewStep[];
    diagnostics?: PreviewDiagnostic[];
    duration?: number;
    changeSummary?: Record<string, number>;
    maybeCorrupt?: boolean;
  } = {};
  for (const e of events) {
    if (e.cancelEvent !== undefined) {
      break;
    }
    if (e.preludeEvent !== undefined) {
      digest.config = e.preludeEvent.config;
    } else if (e.diagnosticEvent !== undefined) {
      const p = e.diagnosticEvent;
      if (!p.ephemeral && p.severity !== "debug") {
        const d: Record<string, string> = {};
        if (p.urn) {
          d.urn = p.urn;
        }
        d.message = uncolorize((p.prefix ?? "") + p.message);
        d.severity = p.severity;
        (digest.diagnostics ??= []).push(d);
      }
    } else if (e.stdoutEvent !== undefined) {
      (digest.diagnostics ??= []).push({
        message: uncolorize(e.stdoutEvent.message),
        severity: "info",
      });
    } else if (e.resourcePreEvent !== undefined) {
      const m = e.resourcePreEvent.metadata;
      if (shouldShow(m, options) || isRootUrn(m.urn)) {
        seen.set(m.urn, m);
        (digest.steps ??= []).push(previewStep(m));
      }
    } else if (e.resOutputsEvent !== undefined) {
      // Refresh outputs replace the step (they arrive rewritten as updates or deletes).
      const m = e.resOutputsEvent.metadata;
      if (shouldShow(m, options) || isRootUrn(m.urn)) {
        const refresh = seen.get(m.urn)?.op === "refresh";
        if (refresh && ((m.op === "update" && m.detailedDiff !== null) || m.op === "delete")) {
          const step = previewStep(m);
          digest.steps = (digest.steps ?? []).map((s) => (s.urn === m.urn ? step : s));
        }
      }
    } else if (e.summaryEvent !== undefined) {
      digest.duration = Math.round(e.summaryEvent.durationSeconds * 1e9);
      digest.changeSummary = e.summaryEvent.resourceChanges;
      digest.maybeCorrupt = e.summaryEvent.maybeCorrupt;
    }
    // Operation failures, policy, progress, debugging and error events do not enter the digest.
  }
  // `omitempty`: an empty map, a zero duration and false are left out.
  const out: Record<string, unknown> = {};
  if (digest.config && Object.keys(digest.config).length > 0) {
    out.config = digest.config;
  }
  if (digest.steps && digest.steps.length > 0) {
    out.steps = digest.steps;
  }
  if (digest.diagnostics && digest.diagnostics.length > 0) {
    out.diagnostics = digest.diagnostics;
  }
  if (digest.duration) {
    out.duration = digest.duration;
  }
  if (digest.changeSummary && Object.keys(digest.changeSummary).length > 0) {
    out.changeSummary = digest.changeSummary;
  }
  if (digest.maybeCorrupt) {
    out.maybeCorrupt = true;
  }
  return out as PreviewDigest;
}

/** The events of an event log or `--json` stream: one JSON object per line. */
export function parseEventLines(text: string): EngineEvent[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as EngineEvent);
}
