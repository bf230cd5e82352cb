/**
 * Reads and validates a stack's config. Every problem is reported at once, each with the file and
 * line it comes from (when the stack file is at hand), the key path, what was found and what is allowed.
 *
 * Two sources give the same values: the Pulumi runtime's config map (what `pulumi up` hands the
 * program, secrets decrypted) and the stack file itself (what `hai review` reads offline, where
 * `secure:` values cannot be decrypted and stand in as {@link SECRET_PLACEHOLDER}).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { closest } from "fastest-levenshtein";
import { LineCounter, isMap, isScalar, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { validateGpuClusterArgs, type GpuClusterArgs } from "../../components/gpuCluster";
import { validateGpuNodePoolArgs, validateGpuNodePools } from "../../components/gpuNodePool";
import type { CostAllocation } from "../../components/tags";
import {
  formatPath,
  show,
  withPrefix,
  type KeyPath,
  type Problem,
} from "../../components/validation";
import { validateDisasterRecoveryConfig } from "./disasterRecovery";
import {
  CONFIG_NAMESPACE,
  clusterSchema,
  disasterRecoverySchema,
  gpuPoolSchema,
  stackConfigSchema,
  type ClusterConfig,
  type GpuPoolConfig,
  type StackConfig,
} from "./schema";
import { edgeAllowedKeys, validateEdgeConfig, type ParseAt } from "./edge";
import { budgetSchema, policyConfigSchema, waiverSchema } from "./policySchema";

/** Keys of the guardrail settings' objects, for "did you mean" hints. */
const GUARDRAIL_KEYS: Record<string, string[]> = {
  policy: Object.keys(policyConfigSchema.shape),
  waivers: Object.keys(waiverSchema.shape),
  budget: Object.keys(budgetSchema.shape),
};

/** What an offline run sees in place of a `secure:` value. It is never the secret. */
export const SECRET_PLACEHOLDER = "[secret]";

/** One config problem, located in the stack file when possible. */
export interface ConfigProblem {
  /** Stack file, relative to the working directory. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Full key path, `hybrid-ai:clusters[0].gpuPools[1].maxNodes`. */
  readonly key: string;
  readonly message: string;
}

/** Renders a problem as `stacks/Pulumi.dev.yaml:14:9: hybrid-ai:clusters[0].name must be ...`. */
export function formatConfigProblem(p: ConfigProblem): string {
  const where =
    p.file === undefined
      ? ""
      : `${p.file}${p.line === undefined ? "" : `:${p.line}:${p.column ?? 1}`}: `;
  return `${where}${p.key} ${p.message}`;
}

/**
 * A stack config with problems. A RunError, so `pulumi up` prints the message without a stack trace.
 */
export class StackConfigError extends pulumi.RunError {
  constructor(
    readonly stack: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `stack ${stack} has ${problems.length} config problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  ${formatConfigProblem(p)}`).join("\n"),
    );
    this.name = "StackConfigError";
  }
}

/** Finds where a key path lies in a stack file. */
export class ConfigLocator {
  constructor(
    readonly file: string | undefined,
    private readonly doc?: Document,
    private readonly lines?: LineCounter,
  ) {}

  /**
   * Locates a problem. `path` has no namespace (`["clusters", 0, "name"]`); `unknownKey` points at a
   * key's own line rather than its parent's. A path that does not exist points at its nearest parent.
   */
  locate(problem: Problem, unknownKey?: string): ConfigProblem {
    const key = fullKey(problem.path, unknownKey);
    const base = { file: this.file, key, message: problem.message };
    if (this.doc === undefined || this.lines === undefined) {
      return base;
    }
    if (problem.path.length === 0) {
      // A top-level key: written with or without the namespace.
      const config = this.doc.getIn(["config"], true) as Node | undefined;
      const keyNode =
        unknownKey !== undefined && config && isMap(config)
          ? (config.items.find(
              (item) =>
                isScalar(item.key) &&
                (item.key.value === unknownKey ||
                  item.key.value === `${CONFIG_NAMESPACE}:${unknownKey}`),
            )?.key as Node | undefined)
          : undefined;
      const offset = keyNode?.range?.[0] ?? config?.range?.[0];
      if (offset === undefined) {
        return base;
      }
      const pos = this.lines.linePos(offset);
      return { ...base, line: pos.line, column: pos.col };
    }
    const yamlPath = this.yamlPath(problem.path);
    for (let depth = yamlPath.length; depth >= 1; depth--) {
      const node = this.doc.getIn(yamlPath.slice(0, depth), true) as Node | undefined;
      if (node === undefined || node === null || node.range === undefined || node.range === null) {
        continue;
      }
      let offset = node.range[0];
      if (depth === yamlPath.length && unknownKey !== undefined && isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === unknownKey);
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) {
          offset = keyNode.range[0];
        }
      } else if (depth < yamlPath.length || !isScalar(node)) {
        // Point at the key of a block value, not the first line inside it.
        const parent = this.doc.getIn(yamlPath.slice(0, depth - 1), true) as Node | undefined;
        const last = yamlPath[depth - 1];
        if (parent && isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
          const keyNode = pair?.key as Node | undefined;
          if (keyNode?.range) {
            offset = keyNode.range[0];
          }
        }
      }
      const pos = this.lines.linePos(offset);
      return { ...base, line: pos.line, column: pos.col };
    }
    return base;
  }

  private yamlPath(path: KeyPath): Array<string | number> {
    const [first, ...rest] = path;
    const qualified = `${CONFIG_NAMESPACE}:${String(first)}`;
    const top =
      this.doc?.getIn(["config", qualified], true) !== undefined ? qualified : String(first);
    return ["config", top, ...rest];
  }
}

function fullKey(path: KeyPath, unknownKey?: string): string {
  const full = unknownKey === undefined ? path : [...path, unknownKey];
  if (full.length === 0) {
    return `${CONFIG_NAMESPACE}:`;
  }
  return `${CONFIG_NAMESPACE}:${formatPath(full)}`;
}

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
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locator = new ConfigLocator(shown, doc, lines);
  const problems: ConfigProblem[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      file: shown,
      line: pos.line,
      column: pos.col,
      key: "(yaml)",
      message: e.message.split("\n")[0],
    };
  });
  const empty = { stack, file: shown, values: {}, engineConfig: {}, secretKeys: [], locator };
  if (problems.length > 0) {
    return { ...empty, problems };
  }
  const root = doc.toJS() as unknown;
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
    const { value, secret } = replaceSecure(rawValue);
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
export function namespaceValues(engineConfig: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
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

function replaceSecure(value: unknown): { value: unknown; secret: boolean } {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "secure") {
      return { value: SECRET_PLACEHOLDER, secret: true };
    }
    let secret = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = replaceSecure(v);
      out[k] = r.value;
      secret ||= r.secret;
    }
    return { value: out, secret };
  }
  if (Array.isArray(value)) {
    let secret = false;
    const out = value.map((v) => {
      const r = replaceSecure(v);
      secret ||= r.secret;
      return r.value;
    });
    return { value: out, secret };
  }
  return { value, secret: false };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The result of validation: the typed config when there is no problem. */
export type ValidationResult =
  | { readonly config: StackConfig; readonly problems: readonly [] }
  | { readonly config?: undefined; readonly problems: readonly ConfigProblem[] };

/**
 * Validates a stack's config values (namespace stripped) and returns the typed config or every
 * problem, located by `locator`.
 */
export function validateStackConfig(
  values: Record<string, unknown>,
  locator: ConfigLocator,
  options: {
    /**
     * The stack file's own values, where `secure:` values read as {@link SECRET_PLACEHOLDER}: kubeconfigs
     * must be secure there. @default - `values` (what `hai review` reads offline)
     */
    readonly fileValues?: Record<string, unknown>;
  } = {},
): ValidationResult {
  const problems: ConfigProblem[] = [];
  const report = (prefix: KeyPath, issues: readonly z.core.$ZodIssue[], raw: unknown) => {
    for (const issue of issues) {
      problems.push(...issueToProblems(prefix, issue, raw, locator));
    }
  };

  const top = parseTolerant(stackConfigSchema, values);
  report([], top.issues, values);
  const rawClusters = Array.isArray(values.clusters) ? values.clusters : [];
  const clusters: ClusterConfig[] = [];
  const poolSchedules: Array<{ path: KeyPath; name: string }> = [];
  rawClusters.forEach((rawCluster, i) => {
    const prefix = ["clusters", i];
    const parsed = parseTolerant(clusterSchema, rawCluster);
    report(prefix, parsed.issues, rawCluster);
    if (parsed.data === undefined) {
      return;
    }
    const cluster = parsed.data;
    const parsedPools: Array<{ index: number; pool: GpuPoolConfig }> = [];
    cluster.gpuPools.forEach((rawPool, j) => {
      const poolPrefix = [...prefix, "gpuPools", j];
      const pool = parseTolerant(gpuPoolSchema, rawPool);
      report(poolPrefix, pool.issues, rawPool);
      if (pool.data === undefined) {
        return;
      }
      parsedPools.push({ index: j, pool: pool.data });
      if (pool.data.schedule !== undefined) {
        poolSchedules.push({ path: [...poolPrefix, "schedule"], name: pool.data.schedule });
      }
      if (cluster.cloud === "gcp" && pool.data.amiType !== undefined) {
        problems.push(
          locator.locate({
            path: [...poolPrefix, "amiType"],
            message: "applies to AWS only; GKE picks the node image",
          }),
        );
      }
    });
    const pools = parsedPools.map((p) => p.pool);
    const specs = pools.map((p) => ({ ...p, cloud: cluster.cloud, region: cluster.region }));
    const semantic: Problem[] = withPrefix(
      prefix,
      validateGpuClusterArgs(clusterArgs(cluster, placeholderCost)),
    );
    if (parsedPools.length === cluster.gpuPools.length) {
      semantic.push(...withPrefix([...prefix, "gpuPools"], validateGpuNodePools(specs)));
    } else {
      // Some pools did not parse: still check the others, one by one.
      parsedPools.forEach(({ index }, k) => {
        semantic.push(
          ...withPrefix([...prefix, "gpuPools", index], validateGpuNodePoolArgs(specs[k])),
        );
      });
    }
    problems.push(...semantic.map((p) => locator.locate(p)));
    clusters.push({ ...cluster, gpuPools: pools });
  });

  const seen = new Map<string, number>();
  clusters.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      problems.push(
        locator.locate({
          path: ["clusters", i, "name"],
          message: `repeats cluster name ${show(c.name)} (first used at clusters[${first}])`,
        }),
      );
    }
    seen.set(c.name, i);
  });

  const parseAt: ParseAt = (schema, raw, prefix) => {
    const parsed = parseTolerant(schema, raw);
    report(prefix, parsed.issues, raw);
    return parsed.data;
  };
  const fileSites = options.fileValues?.edgeSites ?? values.edgeSites;
  const isSecret = (i: number) => {
    const site = Array.isArray(fileSites)
      ? (fileSites[i] as Record<string, unknown> | undefined)
      : undefined;
    return site?.kubeconfig === SECRET_PLACEHOLDER;
  };
  const edge = validateEdgeConfig(values, parseAt, poolSchedules, isSecret);
  problems.push(...edge.problems.map((p) => locator.locate(p)));
  if (top.data?.disasterRecovery !== undefined) {
    const declared = rawClusters
      .map((c) => (isObject(c) && typeof c.name === "string" ? c.name : ""))
      .filter((n) => n !== "");
    problems.push(
      ...validateDisasterRecoveryConfig(
        top.data.disasterRecovery,
        clusters,
        declared,
        placeholderCost,
      ).map((p) => locator.locate(p)),
    );
  }

  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (problems.length > 0 || top.data === undefined) {
    return {
      problems:
        problems.length > 0
          ? problems
          : [locator.locate({ path: [], message: "is not a valid config" })],
    };
  }
  return {
    config: { ...top.data, clusters, schedules: edge.schedules, edgeSites: edge.edgeSites },
    problems: [],
  };
}

const placeholderCost: CostAllocation = {
  owner: "-",
  costCenter: "-",
  environment: "dev",
  stack: "-",
};

/** Maps a cluster's config to {@link GpuClusterArgs}. */
export function clusterArgs(
  cluster: Omit<ClusterConfig, "gpuPools">,
  costAllocation: CostAllocation,
): GpuClusterArgs {
  return {
    cloud: cluster.cloud,
    region: cluster.region,
    costAllocation,
    existingClusterName: cluster.existingClusterName,
    create: cluster.create,
    subnetIds: cluster.subnetIds,
    nodeRoleArn: cluster.nodeRoleArn,
    project: cluster.project,
    nodeServiceAccountEmail: cluster.nodeServiceAccountEmail,
  };
}

/**
 * Parses with a strict schema; when the only issues are unknown keys or bad enum values of optional
 * keys, parses again without them so the other checks still run and every problem is reported at once.
 */
function parseTolerant<T>(
  schema: z.ZodType<T>,
  raw: unknown,
): { data?: T; issues: readonly z.core.$ZodIssue[] } {
  const first = schema.safeParse(raw);
  if (first.success) {
    return { data: first.data, issues: [] };
  }
  const issues = first.error.issues;
  const removable = issues.every(
    (i) => i.code === "unrecognized_keys" || i.code === "invalid_value",
  );
  if (!removable || !isObject(raw)) {
    return { issues };
  }
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const issue of issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const target = issue.code === "unrecognized_keys" ? issue.path : issue.path.slice(0, -1);
    const holder = getAt(copy, target);
    if (!isObject(holder)) {
      continue;
    }
    for (const k of keys) {
      delete holder[k];
    }
    if (issue.code === "invalid_value") {
      delete holder[String(issue.path[issue.path.length - 1])];
    }
  }
  const second = schema.safeParse(copy);
  return { data: second.success ? second.data : undefined, issues };
}

function getAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") {
      return undefined;
    }
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

function issueToProblems(
  prefix: KeyPath,
  issue: z.core.$ZodIssue,
  raw: unknown,
  locator: ConfigLocator,
): ConfigProblem[] {
  const path: KeyPath = [
    ...prefix,
    ...issue.path.map((p) => (typeof p === "number" ? p : String(p))),
  ];
  const found = getAt(raw, issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(prefix, issue.path);
      return issue.keys.map((k) => {
        const hint =
          allowed.length > 0
            ? `; did you mean ${show(closest(k, allowed))}? Allowed: ${allowed.join(", ")}`
            : "";
        return locator.locate({ path, message: `is not a known key${hint}` }, k);
      });
    }
    case "invalid_type": {
      const message =
        found === undefined
          ? `is required (${describeExpected(issue.expected)})`
          : `must be ${describeExpected(issue.expected)} (got ${show(found)})`;
      return [locator.locate({ path, message })];
    }
    case "invalid_value":
      return [
        locator.locate({
          path,
          message: `must be one of ${issue.values.map(String).join(", ")} (got ${show(found)})`,
        }),
      ];
    case "too_small":
      return [
        locator.locate({
          path,
          message: sizeMessage("at least", issue.origin, issue.minimum, found, issue.inclusive),
        }),
      ];
    case "too_big":
      return [
        locator.locate({
          path,
          message: sizeMessage("at most", issue.origin, issue.maximum, found, issue.inclusive),
        }),
      ];
    case "invalid_format": {
      const what =
        issue.format === "regex"
          ? issue.message
          : `must be a valid ${issue.format === "cidrv4" ? "IPv4 CIDR like 10.0.0.0/8" : issue.format === "date" ? "date like 2027-03-31" : issue.format}`;
      return [locator.locate({ path, message: `${what} (got ${show(found)})` })];
    }
    default:
      return [
        locator.locate({
          path,
          message: `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)} (got ${show(found)})`,
        }),
      ];
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "int":
      return "a whole number";
    case "number":
      return "a number";
    case "string":
      return "a string";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a map of keys";
    default:
      return expected;
  }
}

function sizeMessage(
  bound: "at least" | "at most",
  origin: string,
  limit: number | bigint,
  found: unknown,
  inclusive = true,
): string {
  const strict = bound === "at least" ? "more than" : "fewer than";
  switch (origin) {
    case "array":
      return `must list ${inclusive ? bound : strict} ${limit} item${Number(limit) === 1 ? "" : "s"} (got ${Array.isArray(found) ? found.length : show(found)})`;
    case "string":
      return Number(limit) === 1 && bound === "at least" && inclusive
        ? "must not be empty"
        : `must have ${inclusive ? bound : strict} ${limit} characters (got ${show(found)})`;
    default:
      return `must be ${bound === "at least" ? ">" : "<"}${inclusive ? "=" : ""} ${limit} (got ${show(found)})`;
  }
}

/** Keys allowed in the object at `prefix + path`, for "did you mean" hints. */
function allowedKeys(prefix: KeyPath, issuePath: readonly PropertyKey[]): string[] {
  const edge = edgeAllowedKeys([
    ...prefix,
    ...issuePath.map((p) => (typeof p === "number" ? p : String(p))),
  ]);
  if (edge !== undefined) {
    return edge;
  }
  const depth = [...prefix, ...issuePath].filter((p) => typeof p === "string");
  const last = depth[depth.length - 1];
  if (depth.length === 0) {
    return Object.keys(stackConfigSchema.shape);
  }
  if (last === "gpuPools") {
    return Object.keys(gpuPoolSchema.shape);
  }
  if (last === "create") {
    return Object.keys(clusterSchema.shape.create.unwrap().shape);
  }
  if (last === "disasterRecovery") {
    return Object.keys(disasterRecoverySchema.shape);
  }
  if (last === "dns" && depth[0] === "disasterRecovery") {
    return Object.keys(disasterRecoverySchema.shape.dns.shape);
  }
  if (last === "clusters") {
    return Object.keys(clusterSchema.shape);
  }
  const guardrailKeys = GUARDRAIL_KEYS[String(last)];
  if (guardrailKeys !== undefined) {
    return guardrailKeys;
  }
  return [];
}

/** Sites with their kubeconfigs read as secret placeholders. */
function asPlaceholders(sites: unknown): unknown {
  return Array.isArray(sites)
    ? sites.map((s) => (isObject(s) ? { ...s, kubeconfig: SECRET_PLACEHOLDER } : s))
    : sites;
}

/**
 * Loads and validates the config of the running Pulumi program (`pulumi up`, or `hai review` after it
 * fed the runtime). Lines are located in `stacks/Pulumi.<stack>.yaml` when that file exists.
 */
export function loadStackConfig(stacksDir: string): StackConfig {
  const stack = pulumi.getStack();
  const values = namespaceValues(pulumi.runtime.allConfig());
  const file = stackFilePath(stacksDir, stack);
  const read = fs.existsSync(file) ? readStackFile(file, stack) : undefined;
  const locator = read?.locator ?? new ConfigLocator(undefined);
  // Without a stack file (config from the environment) there is nothing to check secrecy against.
  const fileValues = read?.values ?? { edgeSites: asPlaceholders(values.edgeSites) };
  const result = validateStackConfig(values, locator, { fileValues });
  if (result.config === undefined) {
    throw new StackConfigError(stack, result.problems);
  }
  return result.config;
}
