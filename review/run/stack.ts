/**
 * The review engine: reads a stack's config, runs the real stack program under the mock runtime,
 * and analyses the resources it would create.
 */
import { ValidationError, formatPath } from "../../model/validation";
import { hybridAiProgram } from "../../stacks/program";
import { StackConfigError } from "../../stacks/config/problems";
import { namespaceValues, readStackFile } from "../../stacks/config/parse";
import { validateStackConfig } from "../../stacks/config/validate";
import type { StackConfig } from "../../stacks/config/schema";
import { captureProgram, type Capture } from "./capture";
import { estimateCost } from "../../model/estimate/cost";
import { extractEdgeSites } from "../../model/readers/edge";
import { extractGpuPools, summariseCapacity } from "../../model/readers/pools";
import { ConfigError } from "../errors";
import { REVIEW_SCHEMA_VERSION, countByType, type ReviewResult } from "../result/model";
import { findProject, stackFile, type Project } from "./project";
import { version } from "../../package.json";
import { guardrailPolicies } from "../../policies/registry";
import { runGuardrails } from "../policy/guardrails";
import { checkPolicyConfig } from "../policy/settings";
import { withCredentialsHidden } from "../redactCredentials";
import type { ConfigLocator } from "../../stacks/config/locate";

/** What to review. */
export interface ReviewOptions {
  readonly stack: string;
  /** @default - the project around the working directory */
  readonly project?: Project;
  /**
   * Whether the run shares its process with others (tests); the CLI's one-shot run says false.
   * @default true
   */
  readonly isolated?: boolean;
  /** Reports progress lines (to stderr in the CLI). */
  readonly progress?: (message: string) => void;
  /** Runtime config entries (`namespace:key` to string) that replace the stack file's, e.g. a failover. */
  readonly configOverrides?: Record<string, string>;
  /** `YYYY-MM-DD` waivers are checked against. @default - today in UTC */
  readonly today?: string;
}

/** A stack run offline: what it created and the config it came from. */
export interface OfflineRun {
  readonly capture: Capture;
  readonly file: string;
  readonly environment: string;
  /** Raw config values (namespace stripped), the validated config and its line locator. */
  readonly values: Record<string, unknown>;
  readonly config: StackConfig;
  readonly locator: ConfigLocator;
}

/**
 * Validates the stack's config (every problem at once, as a {@link ConfigError}) and runs the stack
 * program under the mock runtime.
 */
export async function runStackOffline(options: ReviewOptions): Promise<OfflineRun> {
  const project = options.project ?? findProject();
  const path = stackFile(project, options.stack);
  const file = readStackFile(path, options.stack);
  if (file.problems.length > 0) {
    throw new ConfigError(file.problems, file.file);
  }
  const engineConfig = { ...file.engineConfig, ...options.configOverrides };
  const checked = validateStackConfig(namespaceValues(engineConfig), file.locator);
  if (checked.config === undefined) {
    throw new ConfigError(checked.problems, file.file);
  }
  const policyProblems = checkPolicyConfig(file.values, file.locator, guardrailPolicies);
  if (policyProblems.length > 0) {
    throw new ConfigError(policyProblems, file.file);
  }
  options.progress?.(`running the ${options.stack} stack program under the mock runtime`);
  try {
    const capture = await captureProgram({
      project: project.name,
      stack: options.stack,
      config: engineConfig,
      secretKeys: file.secretKeys,
      isolated: options.isolated,
      onProgress: options.progress && ((n) => options.progress?.(`... ${n} resources registered`)),
      program: (drain) => hybridAiProgram({ drain }) as unknown as Promise<Record<string, unknown>>,
    });
    return {
      capture,
      file: file.file,
      environment: checked.config.environment,
      values: file.values,
      config: checked.config,
      locator: file.locator,
    };
  } catch (err) {
    if (err instanceof StackConfigError) {
      throw new ConfigError(err.problems, file.file);
    }
    if (err instanceof ValidationError) {
      // A component refused args the config check let through: still the user's config.
      throw new ConfigError(
        err.problems.map((p) => ({
          file: file.file,
          key: `${err.subject}: ${formatPath(p.path)}`,
          message: p.message,
        })),
        file.file,
      );
    }
    throw err;
  }
}

/** Reviews a stack: resources, GPU capacity and monthly cost. */
export async function reviewStack(options: ReviewOptions): Promise<ReviewResult> {
  const started = Date.now();
  const { capture, file, environment, values, config, locator } = await runStackOffline(options);
  const pools = extractGpuPools(capture.resources);
  options.progress?.(
    `captured ${capture.resources.length} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const policy = await runGuardrails({
    resources: capture.resources,
    stack: capture.stack,
    values,
    config,
    locator,
    today: options.today,
    packVersion: version,
  });
  const c = policy.counts;
  options.progress?.(
    `checked ${policy.rules.filter((r) => r.area !== "policy").length} guardrail policies: ${c.mandatory} mandatory, ${c.advisory} advisory, ${c.waived} waived`,
  );
  return {
    schemaVersion: REVIEW_SCHEMA_VERSION,
    tool: { name: "hai", version },
    project: capture.project,
    stack: capture.stack,
    stackFile: file,
    environment,
    source: "mock-run",
    generatedAt: new Date().toISOString(),
    // A credential given in plain text is a finding; the report must not repeat it.
    resources: withCredentialsHidden(capture.resources),
    resourceCounts: countByType(capture.resources),
    gpuPools: pools,
    capacity: summariseCapacity(pools),
    cost: estimateCost(pools),
    edgeSites: extractEdgeSites(capture.resources),
    outputs: capture.outputs,
    policy,
  };
}
