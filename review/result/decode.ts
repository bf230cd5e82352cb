/**
 * Reads the files Pulumi writes, whatever the shell did to them: UTF-8 with or without a byte order
 * mark, UTF-16 (PowerShell's `>` writes UTF-16LE with a BOM), and tells which of Pulumi's documents
 * a file is, so a wrong flag gets a message that names the right one.
 */
import * as fs from "node:fs";
import { UsageError } from "../errors";
import { parseEventLines, type EngineEvent, type PreviewDigest } from "./digest";

/** The text of a file Pulumi wrote, decoded from UTF-8 or UTF-16 (with or without a BOM). */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString("utf8");
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString("utf16le");
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return swap16(bytes.subarray(2)).toString("utf16le");
  }
  // No BOM: JSON starts with an ASCII character, so a zero byte beside it tells UTF-16's order.
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) {
    return bytes.toString("utf16le");
  }
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) {
    return swap16(bytes).toString("utf16le");
  }
  return bytes.toString("utf8");
}

function swap16(b: Buffer): Buffer {
  const copy = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  return copy.swap16();
}

/** What a file holds, as far as the review is concerned. */
export type PulumiDocument =
  | { readonly kind: "state"; readonly format: "export" | "checkpoint"; readonly doc: StateDoc }
  | { readonly kind: "preview"; readonly doc: PreviewDigest }
  | { readonly kind: "events"; readonly events: EngineEvent[] };

/** The deployment of a state export or a checkpoint (`apitype.DeploymentV3`). */
export interface StateDoc {
  /** The stack name a checkpoint records (`checkpoint.stack`), when it does. */
  readonly stack?: string;
  readonly config?: Record<string, unknown>;
  readonly resources: ReadonlyArray<Record<string, unknown>>;
  readonly pendingOperations: ReadonlyArray<Record<string, unknown>>;
  readonly version: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

const HOW = {
  state:
    "`pulumi stack export --file <f>` or a local backend's .pulumi/stacks/<project>/<stack>.json",
  preview: "`pulumi preview --json > <f>`",
  events: "`pulumi preview --event-log <f>` or `pulumi up --json > <f>`",
} as const;

/** Which flag reads a document of this kind. */
export const FLAG_FOR = {
  state: "--from-state",
  preview: "--from-preview",
  events: "--from-events",
} as const;

/** The bytes of a file, or a usage error saying why it cannot be read. */
function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a folder, not a file"
          : `cannot be read (${code ?? (err as Error).message})`;
    throw new UsageError(`${file} ${why}`);
  }
}

/** A JSON file in any of the encodings {@link decodeText} reads; a usage error when it is not JSON. */
export function readPulumiJson(file: string): unknown {
  const text = decodeText(readBytes(file));
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON (${(err as Error).message})`);
  }
}

/** Reads and classifies a Pulumi document; anything else is a usage error saying what was expected. */
export function readPulumiDocument(file: string): PulumiDocument {
  const bytes = readBytes(file);
  const text = decodeText(bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // An event log is one JSON object per line.
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length > 1) {
      try {
        const events = parseEventLines(text);
        if (events.every((e) => isObj(e) && typeof e.sequence === "number")) {
          return { kind: "events", events };
        }
      } catch {
        // fall through to the JSON error
      }
    }
    throw new UsageError(
      `${file} is not JSON (${(err as Error).message}); expected the output of ${HOW.state}, ${HOW.preview} or ${HOW.events}`,
    );
  }
  if (isObj(doc) && typeof doc.sequence === "number") {
    return { kind: "events", events: [doc as unknown as EngineEvent] };
  }
  if (Array.isArray(doc) && doc.every((e) => isObj(e) && typeof e.sequence === "number")) {
    return { kind: "events", events: doc as EngineEvent[] };
  }
  if (isObj(doc) && (Array.isArray(doc.steps) || isObj(doc.changeSummary) || isDigestShape(doc))) {
    return { kind: "preview", doc: doc as PreviewDigest };
  }
  if (isObj(doc)) {
    const version = typeof doc.version === "number" ? doc.version : 0;
    // `pulumi stack export`: { version, deployment: DeploymentV3 }
    if (isObj(doc.deployment)) {
      return { kind: "state", format: "export", doc: stateDoc(doc.deployment, version) };
    }
    // A local backend's checkpoint: { version, checkpoint: { stack, config, latest: DeploymentV3 } }
    if (isObj(doc.checkpoint)) {
      const cp = doc.checkpoint;
      const latest = isObj(cp.latest) ? cp.latest : { resources: [] };
      return {
        kind: "state",
        format: "checkpoint",
        doc: {
          ...stateDoc(latest, version),
          stack: typeof cp.stack === "string" && cp.stack !== "" ? cp.stack : undefined,
          config: isObj(cp.config) ? cp.config : undefined,
        },
      };
    }
  }
  throw new UsageError(
    `${file} is not a Pulumi state, preview or event log: expected the output of ${HOW.state}, ${HOW.preview} or ${HOW.events}`,
  );
}

/** A digest of a preview with no steps at all still has a summary or diagnostics. */
function isDigestShape(doc: Obj): boolean {
  return (
    Array.isArray(doc.diagnostics) &&
    !("deployment" in doc) &&
    !("checkpoint" in doc) &&
    !("resources" in doc)
  );
}

function stateDoc(deployment: Obj, version: number): StateDoc {
  if (version > 3 && !Array.isArray(deployment.resources)) {
    throw new UsageError(`state version ${version} is newer than hai reads (3)`);
  }
  return {
    resources: (Array.isArray(deployment.resources) ? deployment.resources : []).filter(isObj),
    pendingOperations: (Array.isArray(deployment.pending_operations)
      ? deployment.pending_operations
      : []
    ).filter(isObj),
    version,
  };
}

/** The usage error for a document read with the wrong flag. */
export function wrongFlag(
  file: string,
  used: keyof typeof FLAG_FOR,
  found: PulumiDocument,
): UsageError {
  const what =
    found.kind === "state"
      ? found.format === "checkpoint"
        ? "a local-backend checkpoint"
        : "a `pulumi stack export` state"
      : found.kind === "preview"
        ? "a `pulumi preview --json` document"
        : "an engine event log";
  return new UsageError(
    `${file} is ${what}, not what ${FLAG_FOR[used]} reads; review it with ${FLAG_FOR[found.kind]} ${file}`,
  );
}
