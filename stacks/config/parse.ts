/**
 * Reads a stack file as the Pulumi CLI hands it to a program: the project namespace's keys, top-level
 * scalars as strings and structured values as JSON, `secure:` values replaced by
 * {@link SECRET_PLACEHOLDER} (offline nothing is decrypted).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readYamlLikePulumi } from "./yamlRead";
import { SECRET_MARKER } from "../../model/contracts";
import { ConfigLocator } from "./locate";
import type { ConfigProblem } from "./problems";
import { CONFIG_NAMESPACE } from "./schema/common";

/** What an offline run sees in place of a `secure:` value. It is never the secret. */
export const SECRET_PLACEHOLDER = SECRET_MARKER;

/** A stack file read offline. */
export interface StackFile {
  /** The stack name, from the file name `Pulumi.<stack>.yaml`. */
  readonly stack: string;
  /** Path as shown in messages (relative to the working directory). */
  readonly file: string;
  /** Keys of the project namespace without it; top-level scalars as strings, as `pulumi up` gives them. */
  readonly values: Record<string, unknown>;
  /** The whole config map as the Pulumi runtime holds it (`namespace:key` to string). */
  readonly engineConfig: Record<string, string>;
  /** Keys of `engineConfig` whose values are secret. */
  readonly secretKeys: string[];
  readonly locator: ConfigLocator;
  /** Problems of the file itself: YAML syntax, a missing `config:` map. */
  readonly problems: ConfigProblem[];
}

/** The stack file of `stack` in the project's stack folder. */
export function stackFilePath(stacksDir: string, stack: string): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Stack files already read in this process, by path; reused while the file is unchanged. */
const readFiles = new Map<string, { stamp: string; read: StackFile }>();

/**
 * Reads a stack file without decrypting anything. Syntax problems come back in `problems`. The
 * review engine and the program it runs both read the file: the second read reuses the first while
 * the file is unchanged.
 */
export function readStackFile(file: string, stack: string, text?: string): StackFile {
  if (text !== undefined) {
    return parseStackFile(file, stack, text);
  }
  const stat = fs.statSync(file);
  const stamp = `${stack}:${stat.mtimeMs}:${stat.size}:${process.cwd()}`;
  const cached = readFiles.get(file);
  if (cached?.stamp === stamp) {
    return cached.read;
  }
  const read = parseStackFile(file, stack, fs.readFileSync(file, "utf8"));
  readFiles.set(file, { stamp, read });
  return read;
}

function parseStackFile(file: string, stack: string, text: string): StackFile {
  const shown = path.relative(process.cwd(), file) || file;
  // Read as the Pulumi CLI reads it: aliases, merge keys, and a bound on alias expansion.
  const read = readYamlLikePulumi(text);
  const { doc, lines } = read;
  const locator = new ConfigLocator(shown, doc, lines);
  const problems: ConfigProblem[] = read.problems.map((p) => ({
    file: shown,
    line: p.line,
    column: p.column,
    key: "(yaml)",
    message: p.message,
  }));
  const empty = { stack, file: shown, values: {}, engineConfig: {}, secretKeys: [], locator };
  if (problems.length > 0) {
    return { ...empty, problems };
  }
  const root = read.value;
  const config = isObject(root) ? root.config : undefined;
  if (!isObject(config)) {
    const missing = {
      file: shown,
      line: 1,
      column: 1,
      key: "config",
      message: "is missing: a stack file holds its settings under `config:`",
    };
    return { ...empty, problems: [missing] };
  }
  const engineConfig: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(config)) {
    const key = rawKey.includes(":") ? rawKey : `${CONFIG_NAMESPACE}:${rawKey}`;
    const { value, secret, mixed } = replaceSecure(rawValue);
    if (mixed) {
      const shortKey = key.startsWith(`${CONFIG_NAMESPACE}:`)
        ? key.slice(CONFIG_NAMESPACE.length + 1)
        : key;
      problems.push(
        locator.locate({
          path: [shortKey],
          message:
            "has a `secure:` value with other keys beside it; Pulumi reads a secret only from a map holding `secure:` alone: move the other keys out (the value is treated as secret meanwhile)",
        }),
      );
    }
    engineConfig[key] =
      typeof value === "string"
        ? value
        : isObject(value) || Array.isArray(value)
          ? JSON.stringify(value)
          : String(value);
    if (secret) {
      secretKeys.push(key);
    }
  }
  return {
    stack,
    file: shown,
    values: namespaceValues(engineConfig),
    engineConfig,
    secretKeys,
    locator,
    problems,
  };
}

/** The project namespace's values out of a runtime config map, objects parsed. */
export function namespaceValues(
  engineConfig: Record<string, string>,
  namespace: string = CONFIG_NAMESPACE,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const prefix = `${namespace}:`;
  for (const [key, raw] of Object.entries(engineConfig)) {
    if (!key.startsWith(prefix)) {
      continue;
    }
    values[key.slice(prefix.length)] = parseStructured(raw);
  }
  return values;
}

function parseStructured(raw: string): unknown {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * `{ secure: ... }` leaves become {@link SECRET_PLACEHOLDER}; says whether there was one and whether
 * a `secure` key had siblings (Pulumi does not read that as a secret).
 */
export function replaceSecure(value: unknown): { value: unknown; secret: boolean; mixed: boolean } {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.includes("secure")) {
      // Alone, it is a Pulumi secret; with siblings Pulumi does not read it as one, but whatever
      // it holds is kept out of every message all the same.
      return { value: SECRET_PLACEHOLDER, secret: true, mixed: keys.length > 1 };
    }
    let secret = false;
    let mixed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = replaceSecure(v);
      out[k] = r.value;
      secret ||= r.secret;
      mixed ||= r.mixed;
    }
    return { value: out, secret, mixed };
  }
  if (Array.isArray(value)) {
    let secret = false;
    let mixed = false;
    const out = value.map((v) => {
      const r = replaceSecure(v);
      secret ||= r.secret;
      mixed ||= r.mixed;
      return r.value;
    });
    return { value: out, secret, mixed };
  }
  return { value, secret: false, mixed: false };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
