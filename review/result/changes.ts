/**
 * What changes, per resource: the operation (create, update, replace, delete) and the changed
 * properties, old -> new. One shape for every input: a preview's steps, an event log, and two reviews
 * compared with `--base`.
 */

/** The operations a reviewer reads; `replace` covers the engine's replace, create-replacement and delete-replaced steps. */
export type ChangeOp = "create" | "update" | "replace" | "delete" | "import";

/** One changed property. */
export interface PropertyChange {
  /** Property path as Pulumi writes it: `scalingConfig.maxSize`, `instanceTypes[0]`. */
  readonly path: string;
  readonly kind: "add" | "update" | "delete";
  readonly old?: unknown;
  readonly new?: unknown;
  /** Whether this property forces the replacement. */
  readonly replaces?: boolean;
}

/** One resource that changes. */
export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly op: ChangeOp;
  /**
   * For a replacement: whether the new resource is created before the old one is deleted (the
   * default) or after (`deleteBeforeReplace`, or a provider that cannot run both).
   */
  readonly replaceOrder?: "create-before-delete" | "delete-before-create";
  /** Properties that force the replacement (the engine's `replaceReasons`). */
  readonly replaceReasons?: readonly string[];
  readonly properties: readonly PropertyChange[];
  /** More changed properties than listed. */
  readonly morePropertiesChanged?: number;
}

/** Properties listed per resource; the rest are counted. */
export const MAX_PROPERTIES = 20;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** JSON with keys sorted, so key order never counts as a change. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(",")}]`;
  }
  if (isObj(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") {
    return `${path}[${key}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}

/** Splits `a.b[0].c` into `["a", "b", 0, "c"]`; a quoted key (`tags["k.x"]`) stays whole. */
export function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      out.push(m[1]);
    } else if (m[2] !== undefined) {
      out.push(Number(m[2]));
    } else {
      out.push(JSON.parse(`"${m[3]}"`) as string);
    }
  }
  return out;
}

/** The value at a path, or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const key of parsePath(path)) {
    if (typeof key === "number") {
      v = Array.isArray(v) ? v[key] : undefined;
    } else {
      v = isObj(v) ? v[key] : undefined;
    }
    if (v === undefined) {
      return undefined;
    }
  }
  return v;
}

/** Leaf-level differences between two property maps, in path order. */
export function diffProperties(oldProps: Obj, newProps: Obj): PropertyChange[] {
  const out: PropertyChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (stableJson(a) === stableJson(b)) {
      return;
    }
    if (a === undefined) {
      out.push({ path, kind: "add", new: b });
    } else if (b === undefined) {
      out.push({ path, kind: "delete", old: a });
    } else if (isObj(a) && isObj(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        walk(a[k], b[k], join(path, k));
      }
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => walk(x, b[i], join(path, i)));
    } else {
      out.push({ path, kind: "update", old: a, new: b });
    }
  };
  walk(oldProps, newProps, "");
  return out;
}

/** The engine's detailed diff kinds (`add`, `update-replace`, ...) in our terms. */
function kindOf(engineKind: string): { kind: PropertyChange["kind"]; replaces: boolean } {
  const replaces = engineKind.endsWith("-replace");
  const base = engineKind.replace(/-replace$/, "");
  return { kind: base === "add" ? "add" : base === "delete" ? "delete" : "update", replaces };
}

/**
 * The changed properties of a step: the engine's detailed diff when it has one (paths and kinds as
 * the provider reported them), else the keys it named as different, else a comparison of the inputs.
 */
export function stepPropertyChanges(
  oldInputs: Obj,
  newInputs: Obj,
  detailedDiff: Record<string, { kind: string }> | null | undefined,
  diffReasons: readonly string[] = [],
  replaceReasons: readonly string[] = [],
): PropertyChange[] {
  const replacing = new Set(replaceReasons);
  if (detailedDiff && Object.keys(detailedDiff).length > 0) {
    return Object.entries(detailedDiff)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, d]) => {
        const { kind, replaces } = kindOf(d.kind);
        const top = String(parsePath(path)[0] ?? path);
        return {
          path,
          kind,
          ...(kind !== "add" ? { old: valueAt(oldInputs, path) } : {}),
          ...(kind !== "delete" ? { new: valueAt(newInputs, path) } : {}),
          ...(replaces || replacing.has(top) ? { replaces: true } : {}),
        };
      });
  }
  const all = diffProperties(oldInputs, newInputs);
  const keys = new Set([...diffReasons, ...replaceReasons]);
  const named =
    keys.size === 0 ? all : all.filter((c) => keys.has(String(parsePath(c.path)[0] ?? "")));
  return named.map((c) =>
    replacing.has(String(parsePath(c.path)[0] ?? "")) ? { ...c, replaces: true } : c,
  );
}

/** Keeps the first {@link MAX_PROPERTIES} property changes and counts the rest. */
export function capProperties(
  properties: readonly PropertyChange[],
): Pick<ResourceChange, "properties" | "morePropertiesChanged"> {
  return properties.length > MAX_PROPERTIES
    ? {
        properties: properties.slice(0, MAX_PROPERTIES),
        morePropertiesChanged: properties.length - MAX_PROPERTIES,
      }
    : { properties };
}

/** A value as one short line: `"t3.medium"`, `4`, `[secret]`, `{3 keys}`. */
export function showValue(v: unknown, max = 60): string {
  if (v === undefined) {
    return "(none)";
  }
  let s: string;
  if (typeof v === "string") {
    s = v === "[secret]" || v === "[redacted]" ? v : JSON.stringify(v);
  } else if (Array.isArray(v)) {
    s = JSON.stringify(v);
    if (s.length > max) {
      s = `[${v.length} items]`;
    }
  } else if (isObj(v)) {
    s = JSON.stringify(v);
    if (s.length > max) {
      s = `{${Object.keys(v).length} keys}`;
    }
  } else {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
