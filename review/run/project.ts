/**
 * Finds the Pulumi project and its stacks, as the Pulumi CLI reads them: Pulumi.yaml (name, runtime and its options, main,
 * stackConfigDir, project-level config) and `Pulumi.<stack>.yaml`, turned into what the CLI hands the
 * Node.js language host: where to run the program (`pwd`, entry point, as the engine's `getPwdMain`
 * computes them) and the config map (`namespace:key` to string, structured values as JSON, `secure:`
 * values as a placeholder, since hai never decrypts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isScalar, parseDocument, type Node } from "yaml";
import { isObject, replaceSecure } from "../../stacks/config/parse";
import { UsageError } from "../errors";

/** Pulumi.yaml, as far as running the program goes. */
export interface Project {
  /** Folder of Pulumi.yaml. */
  readonly root: string;
  readonly file: string;
  readonly name: string;
  readonly runtime: string;
  readonly runtimeOptions: Readonly<Record<string, unknown>>;
  /** `main` as written, relative to the root. */
  readonly main?: string;
  /** Folder of the `Pulumi.<stack>.yaml` files. */
  readonly stacksDir: string;
  /** Project-level config values (`namespace:key` to string) stack files may override. */
  readonly config: Readonly<Record<string, string>>;
}

/** The project whose Pulumi.yaml is in `start` or the nearest folder above it. */
export function findProject(start: string = process.cwd()): Project {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) {
        return parseProject(dir, file);
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new UsageError(
        `no Pulumi.yaml in ${path.resolve(start)} or any folder above it; run hai inside a Pulumi project or pass --cwd`,
      );
    }
    dir = parent;
  }
}

function parseProject(root: string, file: string): Project {
  const doc = parseDocument(fs.readFileSync(file, "utf8"), { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new UsageError(`${file}: ${doc.errors[0].message.split("\n")[0]}`);
  }
  const js = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof js.name !== "string" || js.name === "") {
    throw new UsageError(`${file}: \`name\` is missing; a Pulumi project needs a name`);
  }
  const runtime = js.runtime;
  const runtimeName =
    typeof runtime === "string"
      ? runtime
      : isObject(runtime) && typeof runtime.name === "string"
        ? runtime.name
        : undefined;
  if (runtimeName === undefined) {
    throw new UsageError(`${file}: \`runtime\` is missing; a Pulumi project needs a runtime`);
  }
  const options = isObject(runtime) && isObject(runtime.options) ? runtime.options : {};
  const config: Record<string, string> = {};
  if (isObject(js.config)) {
    for (const [key, spec] of Object.entries(js.config)) {
      // Project config is either a bare value or a declaration with a `default` (or `value`).
      const value = isObject(spec)
        ? "value" in spec
          ? spec.value
          : "default" in spec
            ? spec.default
            : undefined
        : spec;
      if (value !== undefined && value !== null) {
        config[namespaced(key, js.name)] = configString(value);
      }
    }
  }
  return {
    root,
    file,
    name: js.name,
    runtime: runtimeName,
    runtimeOptions: options,
    ...(typeof js.main === "string" && js.main !== "" ? { main: js.main } : {}),
    stacksDir: typeof js.stackConfigDir === "string" ? path.resolve(root, js.stackConfigDir) : root,
    config,
  };
}

/**
 * Where the language host runs the program: the program folder and the entry point in it, as the
 * engine's `getPwdMain` computes them from `main` (a file runs from its folder; a folder is the
 * program folder, its package.json `main` picked by Pulumi's runtime).
 */
export function programLocation(project: Project): { pwd: string; entry: string } {
  if (project.main === undefined) {
    return { pwd: project.root, entry: "." };
  }
  const main = path.resolve(project.root, project.main);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(main);
  } catch {
    throw new UsageError(
      `${project.file}: project 'main' could not be read: ${path.relative(process.cwd(), main) || main} does not exist`,
    );
  }
  return stat.isDirectory()
    ? { pwd: main, entry: "." }
    : { pwd: path.dirname(main), entry: path.basename(main) };
}

/** A stack's config as the Pulumi CLI hands it to a program. */
export interface StackConfigMap {
  readonly file: string;
  /** `namespace:key` to string; top-level scalars as written, structured values as JSON. */
  readonly config: Record<string, string>;
  /** Keys of `config` whose values are secret (`secure:`). */
  readonly secretKeys: string[];
}

/** Stack names that have a `Pulumi.<stack>.yaml` file. */
export function listStacks(project: Project): string[] {
  if (!fs.existsSync(project.stacksDir)) {
    return [];
  }
  return fs
    .readdirSync(project.stacksDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The stack file of `stack`, or a usage error naming the stacks there are. */
export function stackFile(project: Project, stack: string): string {
  for (const ext of ["yaml", "yml"]) {
    const file = path.join(project.stacksDir, `Pulumi.${stack}.${ext}`);
    if (fs.existsSync(file)) {
      return file;
    }
  }
  const known = listStacks(project);
  const file = path.join(project.stacksDir, `Pulumi.${stack}.yaml`);
  throw new UsageError(
    `no stack ${JSON.stringify(stack)}: ${path.relative(process.cwd(), file) || file} does not exist` +
      (known.length > 0 ? `; stacks: ${known.join(", ")}` : ""),
  );
}

/**
 * The config map of `stack`: project-level values overlaid by the stack file's. Keys without a
 * namespace belong to the project. A stack file with YAML errors is the caller's to report; here it
 * is a usage error.
 */
export function stackConfigMap(project: Project, stack: string): StackConfigMap {
  const file = stackFile(project, stack);
  const doc = parseDocument(fs.readFileSync(file, "utf8"), { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new UsageError(`${file}: ${doc.errors[0].message.split("\n")[0]}`);
  }
  const config: Record<string, string> = { ...project.config };
  const secretKeys: string[] = [];
  const node = isMap(doc.contents) ? doc.contents.get("config", true) : undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      const rawKey = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const key = namespaced(rawKey, project.name);
      const { value, secret } = stackValue(pair.value as Node | null);
      config[key] = value;
      if (secret) {
        secretKeys.push(key);
      }
    }
  }
  return { file, config, secretKeys };
}

function namespaced(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** A top-level value: a scalar as written (the CLI keeps `3.0` as "3.0"), anything else as JSON. */
function stackValue(node: Node | null): { value: string; secret: boolean } {
  if (node === null || node === undefined) {
    return { value: "", secret: false };
  }
  if (isScalar(node)) {
    if (node.value === null) {
      return { value: "", secret: false };
    }
    const plain = node.type === "PLAIN" && typeof node.source === "string";
    return { value: plain ? (node.source as string) : String(node.value), secret: false };
  }
  const { value, secret } = replaceSecure(node.toJSON());
  if (typeof value === "string") {
    return { value, secret };
  }
  return { value: JSON.stringify(value), secret };
}

function configString(value: unknown): string {
  return typeof value === "string"
    ? value
    : isObject(value) || Array.isArray(value)
      ? JSON.stringify(value)
      : String(value);
}
