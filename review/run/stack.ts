/**
 * The review engine: reads a project's stack config, runs its program as `pulumi preview` runs it
 * (Pulumi's own runtime in its own process, against hai's offline engine), and analyses the resources
 * it would create. Any Pulumi Node.js program: analyses read resource types and inputs. For our own
 * project (`hybrid-ai`), the stack config is checked first, with file:line messages.
 */
import { namespaceValues, readStackFile } from "../../stacks/config/parse";
import { validateStackConfig } from "../../stacks/config/validate";
import { CONFIG_NAMESPACE } from "../../stacks/config/schema/common";
import type { StackConfig } from "../../stacks/config/schema";
import { ConfigLocator } from "../../stacks/config/locate";
import type { Capture, CapturedResource } from "../../model/graph";
import { estimateCost } from "../../model/estimate/cost";
import { extractEdgeSites } from "../../model/readers/edge";
import { estimateStackEnergy } from "../../model/estimate/stackEnergy";
import { extractGpuPools, summariseCapacity } from "../../model/readers/pools";
import { ConfigError, UsageError } from "../errors";
import { REVIEW_SCHEMA_VERSION, countByType, type ReviewResult } from "../result/model";
import { findProject, stackConfigMap, stackFile, type Project } from "./project";
import { version } from "../../package.json";
import { guardrailPolicies } from "../../policies/registry";
import { runGuardrails } from "../policy/guardrails";
import { checkPolicyConfig } from "../policy/settings";
import { withCredentialsHidden } from "../redactCredentials";
import { runProgram } from "../engine/run";
import { EVERY_SITE_ENV } from "../../stacks/program";
import * as path from "node:path";

/** What to review. */
export interface ReviewOptions {
  readonly stack: string;
  /** @default - the project around the working directory */
  readonly project?: Project;
  /** Reports progress lines (to stderr in the CLI). */
  readonly progress?: (message: string) => void;
  /** Runtime config entries (`namespace:key` to string) that replace the stack file's, e.g. a failover. */
  readonly configOverrides?: Record<string, string>;
  /** `YYYY-MM-DD` waivers are checked against. @default - today in UTC */
  readonly today?: string;
  /**
   * Type-check the program's TypeScript as `pulumi up` does by default (slower).
   * @default false: Pulumi's loader transpiles only; compiler option errors still fail
   */
  readonly typeCheck?: boolean;
}

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
type Environment = (typeof ENVIRONMENTS)[number];

/** A stack run offline: what it created and the config it came from. */
export interface OfflineRun {
  readonly capture: Capture;
  /** The stack file as shown in messages. */
  readonly file: string;
  readonly environment: Environment;
  /** The project namespace's config values (namespace stripped), objects parsed. */
  readonly values: Record<string, unknown>;
  /** Our stack config, validated: only for our own project. */
  readonly config?: StackConfig;
  readonly locator: ConfigLocator;
}

/** Whether `project` is ours, whose stack config hai checks and maps to findings' lines. */
export function isOwnProject(project: Project): boolean {
  return project.name === CONFIG_NAMESPACE;
}

/**
 * Checks the stack's config (ours: every problem at once, as a {@link ConfigError}) and runs the
 * program against the offline engine. A program that does not compile or throws rejects with a
 * `ProgramError` carrying its own message.
 */
export async function runStackOffline(options: ReviewOptions): Promise<OfflineRun> {
  const { project, map, engineConfig, own, shown } = prepareStack(options);
  const values = own?.values ?? namespaceValues(engineConfig, project.name);
  options.progress?.(
    `running ${project.name}'s program for stack ${options.stack} with Pulumi's runtime against the offline engine`,
  );
  const started = Date.now();
  const run = await runProgram({
    project,
    stack: options.stack,
    config: engineConfig,
    secretKeys: map.secretKeys,
    typeCheck: options.typeCheck,
    // Our program shows every edge site of a fleet, those its group stacks deploy too (stacks/index.ts).
    ...(own !== undefined ? { env: { [EVERY_SITE_ENV]: "true" } } : {}),
    onProgress: options.progress && ((n) => options.progress?.(`... ${n} resources registered`)),
  });
  options.progress?.(
    `captured ${run.resources.length} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    capture: {
      project: run.project,
      stack: run.stack,
      resources: run.resources,
      outputs: run.outputs,
    },
    file: shown,
    environment: own?.config.environment ?? environmentOf(values, options.stack, run.resources),
    values,
    ...(own !== undefined ? { config: own.config } : {}),
    locator: own?.locator ?? new ConfigLocator(shown),
  };
}

/**
 * The stack's config, checked as {@link runStackOffline} checks it (ours: every problem at once, as
 * a {@link ConfigError}), without running the program: `config` only for our own project.
 */
export function checkStackConfig(
  options: Pick<ReviewOptions, "stack" | "project" | "configOverrides">,
): { config?: StackConfig; file: string } {
  const { own, shown } = prepareStack(options);
  return { ...(own !== undefined ? { config: own.config } : {}), file: shown };
}

/** The project, its stack's config map as the CLI hands it over, and our config checked. */
function prepareStack(options: Pick<ReviewOptions, "stack" | "project" | "configOverrides">) {
  const project = options.project ?? findProject();
  if (project.runtime !== "nodejs") {
    throw new UsageError(
      `${project.file}: runtime ${project.runtime}: hai runs Node.js programs (runtime nodejs) only; review a preview with --from-preview instead`,
    );
  }
  const map = stackConfigMap(project, options.stack);
  const engineConfig = { ...map.config, ...options.configOverrides };
  const own = isOwnProject(project)
    ? checkOwnConfig(project, options.stack, engineConfig)
    : undefined;
  const shown = path.relative(process.cwd(), map.file) || map.file;
  return { project, map, engineConfig, own, shown };
}

/** Our stack config, checked as today: YAML, schema and rules, policy settings; file:line each. */
function checkOwnConfig(project: Project, stack: string, engineConfig: Record<string, string>) {
  const file = readStackFile(stackFile(project, stack), stack);
  if (file.problems.length > 0) {
    throw new ConfigError(file.problems, file.file);
  }
  const checked = validateStackConfig(namespaceValues(engineConfig), file.locator);
  if (checked.config === undefined) {
    throw new ConfigError(checked.problems, file.file);
  }
  const policyProblems = checkPolicyConfig(file.values, file.locator, guardrailPolicies);
  if (policyProblems.length > 0) {
    throw new ConfigError(policyProblems, file.file);
  }
  return { config: checked.config, values: file.values, locator: file.locator };
}

/**
 * The environment of another project's stack: its `<project>:environment` config, else the stack's
 * name, else the `environment` tag or label most of its resources carry; `dev` when nothing says.
 */
function environmentOf(
  values: Record<string, unknown>,
  stack: string,
  resources: readonly CapturedResource[],
): Environment {
  const known = (v: unknown): v is Environment => ENVIRONMENTS.includes(v as Environment);
  if (known(values.environment)) {
    return values.environment;
  }
  if (known(stack)) {
    return stack;
  }
  const counts = new Map<Environment, number>();
  for (const r of resources) {
    for (const key of ["tags", "labels", "resourceLabels"]) {
      const bag = r.inputs[key];
      const env =
        bag !== null && typeof bag === "object"
          ? (bag as Record<string, unknown>).environment
          : undefined;
      if (known(env)) {
        counts.set(env, (counts.get(env) ?? 0) + 1);
      }
    }
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top?.[0] ?? "dev";
}

/** Reviews a stack: resources, GPU capacity and monthly cost, guardrails. */
export async function reviewStack(options: ReviewOptions): Promise<ReviewResult> {
  const run = await runStackOffline(options);
  const { capture } = run;
  const pools = extractGpuPools(capture.resources);
  const policy = await runGuardrails({
    resources: capture.resources,
    stack: capture.stack,
    values: run.values,
    config: run.config ?? { environment: run.environment },
    locator: run.locator,
    today: options.today,
    packVersion: version,
    configLines: run.config !== undefined,
  });
  const c = policy.counts;
  options.progress?.(
    `checked ${policy.rules.filter((r) => r.area !== "policy").length} guardrail policies: ${c.mandatory} mandatory, ${c.advisory} advisory, ${c.waived} waived`,
  );
  const edgeSites = extractEdgeSites(capture.resources);
  return {
    schemaVersion: REVIEW_SCHEMA_VERSION,
    tool: { name: "hai", version },
    project: capture.project,
    stack: capture.stack,
    stackFile: run.file,
    environment: run.environment,
    source: "mock-run",
    generatedAt: new Date().toISOString(),
    // A credential given in plain text is a finding; the report must not repeat it.
    resources: withCredentialsHidden(capture.resources.map(reported)),
    resourceCounts: countByType(capture.resources),
    gpuPools: pools,
    capacity: summariseCapacity(pools),
    cost: estimateCost(pools),
    edgeSites,
    ...estimateStackEnergy(pools, edgeSites, capture.outputs, run.config?.sites),
    outputs: capture.outputs,
    policy,
  };
}

/**
 * A resource as the review reports it: the engine's bookkeeping (mock ids, per-property dependencies,
 * registration options) stays with the engine; the report keeps its documented fields.
 */
function reported(r: CapturedResource): CapturedResource {
  const out = { ...r };
  delete out.id;
  delete out.propertyDependencies;
  delete out.options;
  return out;
}
