/**
 * Reviews a real preview or state instead of a mock run: `pulumi preview --json` output (steps, each
 * with a `newState` resource: urn, type, custom, parent, provider, inputs, outputs) or `pulumi stack
 * export` output (`deployment.resources[]` with the same fields). Secrets (the `4dabf18193072939515e22adb298388d`
 * signature objects, encrypted or with --show-secrets) are redacted to `[secret]` before anything
 * reads them. The stack's config file, when found, gives settings, waivers and config lines.
 */
import * as fs from "node:fs";
import { redact, type CapturedResource } from "../run/capture";
import { estimateCost } from "../../model/estimate/cost";
import { extractEdgeSites } from "../../model/readers/edge";
import { extractGpuPools, summariseCapacity } from "../../model/readers/pools";
import { ConfigError, UsageError } from "../errors";
import { REVIEW_SCHEMA_VERSION, countByType, type ReviewResult } from "./model";
import { findProject, type Project } from "../run/project";
import { runGuardrails } from "../policy/guardrails";
import { checkPolicyConfig } from "../policy/settings";
import { guardrailPolicies } from "../../policies/registry";
import { ConfigLocator } from "../../stacks/config/locate";
import { readStackFile, stackFilePath } from "../../stacks/config/parse";
import { validateStackConfig } from "../../stacks/config/validate";
import type { StackConfig } from "../../stacks/config/schema";
import { version } from "../../package.json";
import { withCredentialsHidden } from "../redactCredentials";

export type FileKind = "preview" | "state";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function toResource(raw: Obj): CapturedResource | undefined {
  if (typeof raw.urn !== "string" || typeof raw.type !== "string") {
    return undefined;
  }
  const secretPaths: string[] = [];
  const inputs = redact(isObj(raw.inputs) ? raw.inputs : {}, "", secretPaths) as Obj;
  const outputs = redact(isObj(raw.outputs) ? raw.outputs : {}, "", []) as Obj;
  return {
    urn: raw.urn,
    type: raw.type,
    name: raw.urn.split("::").pop() ?? raw.urn,
    custom: raw.custom === true,
    parent: typeof raw.parent === "string" && raw.parent !== "" ? raw.parent : undefined,
    provider: typeof raw.provider === "string" && raw.provider !== "" ? raw.provider : undefined,
    inputs: Object.keys(inputs).length > 0 ? inputs : outputs,
    secretPaths,
    dependencies: Array.isArray(raw.dependencies)
      ? raw.dependencies.filter((d): d is string => typeof d === "string")
      : [],
    protect: raw.protect === true,
    outputs: raw.custom === true ? undefined : outputs,
  };
}

/** Reads the resources of a preview or state file; a file of the wrong shape is a usage error naming it. */
export function readResourceFile(
  kind: FileKind,
  file: string,
  warn?: (message: string) => void,
): CapturedResource[] {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    const why =
      (err as NodeJS.ErrnoException).code === "ENOENT"
        ? "does not exist"
        : `is not JSON (${(err as Error).message})`;
    throw new UsageError(`${file} ${why}`);
  }
  let raws: unknown[];
  if (kind === "preview") {
    if (!isObj(doc) || !Array.isArray(doc.steps)) {
      throw new UsageError(
        `${file} is not \`pulumi preview --json\` output: it has no \`steps\` list`,
      );
    }
    // A deleted resource has no new state: it will not exist after the update.
    const steps = doc.steps.filter(isObj);
    raws = steps.map((s) => s.newState);
    if (!steps.some((s) => s.op === "same")) {
      warn?.(
        `${file} lists no unchanged resources: stack-wide checks (budget, GPUs per stack) see only the changed ones; ` +
          "run `pulumi preview --json --show-sames` for a full review",
      );
    }
  } else {
    const deployment = isObj(doc) ? doc.deployment : undefined;
    if (!isObj(deployment) || !Array.isArray(deployment.resources)) {
      throw new UsageError(
        `${file} is not \`pulumi stack export\` output: it has no \`deployment.resources\` list`,
      );
    }
    raws = deployment.resources;
  }
  const resources = raws
    .filter(isObj)
    .map(toResource)
    .filter((r): r is CapturedResource => r !== undefined);
  return resources;
}

/** `urn:pulumi:<stack>::<project>::...` → stack and project. */
function stackOf(resources: readonly CapturedResource[]): { stack: string; project: string } {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0]?.urn ?? "");
  return { stack: m?.[1] ?? "unknown", project: m?.[2] ?? "unknown" };
}

export interface FileReviewOptions {
  readonly kind: FileKind;
  readonly file: string;
  /** @default - the stack named in the resources' URNs */
  readonly stack?: string;
  readonly project?: Project;
  readonly today?: string;
  readonly progress?: (message: string) => void;
}

/** Reviews a preview or state file with the same policies and cost estimate as a mock run. */
export async function reviewFile(options: FileReviewOptions): Promise<ReviewResult> {
  const resources = readResourceFile(options.kind, options.file, options.progress);
  const found = stackOf(resources);
  const stack = options.stack ?? found.stack;
  let project: Project | undefined = options.project;
  if (project === undefined) {
    try {
      project = findProject();
    } catch {
      project = undefined;
    }
  }
  const path = project === undefined ? undefined : stackFilePath(project.stacksDir, stack);
  let values: Obj = {};
  let locator = new ConfigLocator(undefined);
  let config: Pick<StackConfig, "environment" | "policy" | "budget" | "allowedRegions"> | undefined;
  let stackFile = options.file;
  if (path !== undefined && fs.existsSync(path)) {
    const sf = readStackFile(path, stack);
    const checked = validateStackConfig(sf.values, sf.locator);
    if (sf.problems.length > 0 || checked.config === undefined) {
      throw new ConfigError(sf.problems.length > 0 ? sf.problems : checked.problems, sf.file);
    }
    const problems = checkPolicyConfig(sf.values, sf.locator, guardrailPolicies);
    if (problems.length > 0) {
      throw new ConfigError(problems, sf.file);
    }
    values = sf.values;
    locator = sf.locator;
    config = checked.config;
    stackFile = sf.file;
  }
  const environment = config?.environment ?? environmentFromTags(resources) ?? "unknown";
  const pools = extractGpuPools(resources);
  const policy = await runGuardrails({
    resources,
    stack,
    values,
    config: config ?? { environment: environment as StackConfig["environment"] },
    locator,
    today: options.today,
    packVersion: version,
  });
  // A credential given in plain text is a finding; the report must not repeat it.
  const shown = withCredentialsHidden(resources);
  return {
    schemaVersion: REVIEW_SCHEMA_VERSION,
    tool: { name: "hai", version },
    project: project?.name ?? found.project,
    stack,
    stackFile,
    environment,
    source: options.kind,
    generatedAt: new Date().toISOString(),
    resources: shown,
    resourceCounts: countByType(resources),
    gpuPools: pools,
    capacity: summariseCapacity(pools),
    cost: estimateCost(pools),
    edgeSites: extractEdgeSites(resources),
    outputs: {},
    policy,
  };
}

function environmentFromTags(resources: readonly CapturedResource[]): string | undefined {
  for (const r of resources) {
    const tags = r.inputs.tags;
    if (isObj(tags) && typeof tags.environment === "string") {
      return tags.environment;
    }
  }
  return undefined;
}
