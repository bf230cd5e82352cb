/**
 * Property values as they cross Pulumi's gRPC protocol (a `google.protobuf.Struct` with the SDK's
 * signature objects for secrets, unknowns, resource references, assets and archives), read into the
 * plain values the review records, and mock outputs written back.
 *
 * The signatures are the protocol's, spelled as in @pulumi/pulumi `runtime/rpc` and the engine's
 * `resource/properties.go`; they are wire constants, so they are repeated here rather than loading the
 * SDK into the engine process.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { SECRET_MARKER, UNKNOWN } from "../../model/contracts";

/** Key of the signature of a special value. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** A property value read off the wire, secrets replaced by {@link SECRET_MARKER}. */
export interface ReadProperties {
  readonly value: Record<string, unknown>;
  /** Property paths (`kubeconfig`, `data.token`, `args[0]`) whose values were secret. */
  readonly secretPaths: string[];
  /** Property paths whose values were unknown (preview). */
  readonly unknownPaths: string[];
}

/** The plain JavaScript value of a Struct, with signature objects still in place. */
export function structToJs(struct: Struct | undefined): Record<string, unknown> {
  return struct === undefined ? {} : (struct.toJavaScript() as Record<string, unknown>);
}

/**
 * Reads wire properties into recorded ones: secrets become {@link SECRET_MARKER} (their paths kept),
 * unknowns stay {@link UNKNOWN} (their paths kept), resource references become the referenced
 * resource's id, or its URN when it has none (as the SDK reads a reference it cannot construct),
 * assets and archives become `{ path }`, `{ text }`, `{ uri }` or `{ assets }`.
 */
export function readProperties(raw: Record<string, unknown>): ReadProperties {
  const secretPaths: string[] = [];
  const unknownPaths: string[] = [];
  const value = read(raw, "", secretPaths, unknownPaths) as Record<string, unknown>;
  return { value, secretPaths, unknownPaths };
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function read(v: unknown, path: string, secrets: string[], unknowns: string[]): unknown {
  if (v === UNKNOWN) {
    unknowns.push(path);
    return UNKNOWN;
  }
  if (v === null || typeof v !== "object") {
    return v;
  }
  if (Array.isArray(v)) {
    return v.map((e, i) => read(e, `${path}[${i}]`, secrets, unknowns));
  }
  const obj = v as Record<string, unknown>;
  switch (obj[SIG_KEY]) {
    case undefined:
      break;
    case SECRET_SIG:
      secrets.push(path);
      return SECRET_MARKER;
    case OUTPUT_VALUE_SIG:
      if (obj.secret === true) {
        secrets.push(path);
        return SECRET_MARKER;
      }
      return "value" in obj
        ? read(obj.value, path, secrets, unknowns)
        : read(UNKNOWN, path, secrets, unknowns);
    case RESOURCE_SIG:
      return typeof obj.id === "string" && obj.id !== "" ? obj.id : obj.urn;
    case ASSET_SIG:
    case ARCHIVE_SIG:
      break;
    default:
      return obj;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (key !== SIG_KEY) {
      out[key] = read(obj[key], join(path, key), secrets, unknowns);
    }
  }
  return out;
}

/** A Struct of plain values, signature objects included; `undefined` members are left out, as the SDK does. */
export function jsToStruct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(dropUndefined(value) as never);
}

function dropUndefined(v: unknown): unknown {
  if (v === null || typeof v !== "object") {
    return v;
  }
  if (Array.isArray(v)) {
    return v.map((e) => (e === undefined ? null : dropUndefined(e)));
  }
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
    if (e !== undefined) {
      out[k] = dropUndefined(e);
    }
  }
  return out;
}

/**
 * Replaces secret values with {@link SECRET_MARKER} in place, recording their paths; nothing else
 * changes. For property values read from files (`pulumi preview --json`, `pulumi stack export`).
 */
export function redact(value: unknown, path: string, secretPaths: string[]): unknown {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      value[i] = redact(value[i], `${path}[${i}]`, secretPaths);
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  if (obj[SIG_KEY] === SECRET_SIG) {
    secretPaths.push(path);
    return SECRET_MARKER;
  }
  for (const key of Object.keys(obj)) {
    obj[key] = redact(obj[key], join(path, key), secretPaths);
  }
  return obj;
}
