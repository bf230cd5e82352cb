/**
 * Offline validation of custom resources against their CRD's OpenAPI v3 schema (fixtures in
 * test/fixtures/crds, see SOURCE.md): types, required fields, enums, patterns, and, like
 * `kubectl apply --validate=strict`, unknown fields (an object schema without
 * `x-kubernetes-preserve-unknown-fields` or `additionalProperties` admits only its properties).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

const DIR = path.join(__dirname, "..", "fixtures", "crds");

interface CrdFixture {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly openAPIV3Schema: Record<string, unknown>;
}

/** Closes every object schema that lists properties, as strict field validation does. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(strict);
  }
  if (schema === null || typeof schema !== "object") {
    return schema;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] =
      k === "properties"
        ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strict(s)]))
        : strict(v);
  }
  if (
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    out["x-kubernetes-preserve-unknown-fields"] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** CRD patterns are Go (RE2) expressions: a `(?i)` group is JavaScript's `i` flag. */
const goRegExp = (pattern: string, flags: string): RegExp =>
  pattern.includes("(?i)")
    ? new RegExp(pattern.replaceAll("(?i)", ""), `${flags}i`)
    : new RegExp(pattern, flags);
goRegExp.code = "goRegExp";

const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp } });
ajv.addFormat("int-or-string", true);
ajv.addFormat("int32", true);
ajv.addFormat("int64", true);
ajv.addFormat("byte", true);
ajv.addFormat("date-time", true);
ajv.addFormat("duration", true);
ajv.addFormat("uri", true);
const validators = new Map<string, ValidateFunction>();

function validatorFor(apiVersion: string, kind: string): ValidateFunction {
  const key = `${apiVersion}/${kind}`;
  const known = validators.get(key);
  if (known) {
    return known;
  }
  for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith(".json"))) {
    const crd = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as CrdFixture;
    if (`${crd.group}/${crd.version}` === apiVersion && crd.kind === kind) {
      const schema = strict(crd.openAPIV3Schema) as Record<string, unknown>;
      // metadata is ObjectMeta, which the CRD leaves open.
      const validate = ajv.compile(schema);
      validators.set(key, validate);
      return validate;
    }
  }
  throw new Error(`no CRD fixture for ${key} in ${DIR}`);
}

/** Problems of a custom resource against its CRD schema (`[]` when valid), as `path message` lines. */
export function crdProblems(object: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly [key: string]: unknown;
}): string[] {
  const validate = validatorFor(object.apiVersion, object.kind);
  if (validate(object)) {
    return [];
  }
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || "/"} ${e.message ?? "invalid"}${e.params && "additionalProperty" in e.params ? `: ${String(e.params.additionalProperty)}` : ""}`,
  );
}
