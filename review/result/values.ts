/**
 * Property values as Pulumi serialises them in states, previews and event logs, turned into plain
 * JSON that policies and readers can use: the special objects keyed by the signature key
 * `4dabf18193072939515e22adb298388d` (secrets, resource references, assets, archives, output values)
 * are replaced; unknown values (`04da6b54-...`) stay the sentinel CrossGuard passes for them.
 *
 * Signatures from pulumi/pulumi sdk/go/common/resource/sig/sig.go; the resource reference's
 * replacement (its ID for a custom resource, else its URN) is what the SDKs' `deserializeProperty`
 * returns when resources are not kept (sdk/nodejs/runtime/rpc.ts).
 */

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SIGNATURES = {
  secret: "1b47061264138c4ac30d75fd1eb44270",
  resourceReference: "5cf8f73096256a8f31e491e813e4eb8e",
  asset: "c44067f5952c0a294b673a41bacd8c17",
  archive: "0def7320c3a5731c473e5ecbe6d01bc7",
  outputValue: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
} as const;

/** What a secret reads as (the CLI's own `[secret]`). */
export const SECRET = "[secret]";
/** The value CrossGuard and the engine's JSON use for a value unknown until deploy. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Keys the Terraform bridge keeps for itself; not properties a user set. */
const BOOKKEEPING = new Set(["__defaults", "__meta"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** What decoding found besides the value. */
export interface DecodeNotes {
  /** Property paths whose values were secret. */
  readonly secretPaths: string[];
  /** Property paths whose values are unknown until deploy. */
  readonly unknownPaths: string[];
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") {
    return `${path}[${key}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}

/** Decodes one value; `path` names it in the notes. */
export function decodeValue(value: unknown, path: string, notes: DecodeNotes): unknown {
  if (value === UNKNOWN_VALUE) {
    notes.unknownPaths.push(path);
    return value;
  }
  if (value === SECRET) {
    notes.secretPaths.push(path);
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => decodeValue(v, join(path, i), notes));
  }
  if (!isObj(value)) {
    return value;
  }
  const sig = value[SIG_KEY];
  if (typeof sig === "string") {
    switch (sig) {
      case SIGNATURES.secret:
        notes.secretPaths.push(path);
        return SECRET;
      case SIGNATURES.resourceReference: {
        const id = value.id;
        if (typeof id === "string" && id !== "") {
          return id;
        }
        if (id === UNKNOWN_VALUE) {
          notes.unknownPaths.push(path);
          return UNKNOWN_VALUE;
        }
        return typeof value.urn === "string" ? value.urn : "";
      }
      case SIGNATURES.asset:
        return describeAsset("asset", value);
      case SIGNATURES.archive:
        return describeAsset("archive", value);
      case SIGNATURES.outputValue: {
        if (!("value" in value)) {
          notes.unknownPaths.push(path);
          return UNKNOWN_VALUE;
        }
        if (value.secret === true) {
          notes.secretPaths.push(path);
          return SECRET;
        }
        return decodeValue(value.value, path, notes);
      }
      default:
        return `[unknown value kind ${sig}]`;
    }
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (BOOKKEEPING.has(k)) {
      continue;
    }
    out[k] = decodeValue(v, join(path, k), notes);
  }
  return out;
}

/**
 * An asset or archive as a short description: its path or URI, or a hash prefix. Inline text is not
 * repeated (user data and scripts may hold credentials).
 */
function describeAsset(kind: "asset" | "archive", value: Obj): string {
  if (typeof value.path === "string" && value.path !== "") {
    return `[${kind} ${value.path}]`;
  }
  if (typeof value.uri === "string" && value.uri !== "") {
    return `[${kind} ${value.uri.replace(/\?.*$/, "")}]`;
  }
  if (typeof value.hash === "string" && value.hash !== "") {
    return `[${kind} sha256:${value.hash.slice(0, 12)}]`;
  }
  if (isObj(value.assets)) {
    return `[${kind} of ${Object.keys(value.assets).length} files]`;
  }
  return `[${kind}]`;
}

/** Decodes a property map. */
export function decodeProperties(
  value: unknown,
  notes: DecodeNotes = { secretPaths: [], unknownPaths: [] },
): Obj {
  return isObj(value) ? (decodeValue(value, "", notes) as Obj) : {};
}
