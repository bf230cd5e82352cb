/**
 * Reviews a real Pulumi file instead of a mock run: a state (`pulumi stack export`, a local backend's
 * checkpoint), a preview (`pulumi preview --json`) or an event log (`--event-log`, `pulumi up --json`),
 * read by ./fileInput.ts. The project and stack come from the file; this project's stack config (settings,
 * waivers, config lines) applies only when both are this project's. A preview that shows only the
 * changes is judged per resource, its stack-wide policies marked not judged; a failed run's verdict is
 * `incomplete`.
 */
import * as fs from "node:fs";
import type { CapturedResource } from "../../model/graph";
import { estimateCost } from "../../model/estimate/cost";
import { extractEdgeSites } from "../../model/readers/edge";
import { estimateStackEnergy } from "../../model/estimate/stackEnergy";
import { extractNodePools, summariseCapacity } from "../../model/readers/pools";
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
import { readPulumiExceptions } from "../policy/pulumiExceptions";
import { PACK_NAME } from "../policy/evaluate";
import { readFileInput, type FileKind, type FileInput } from "./fileInput";
import { buildChangeReport } from "./whatChanges";

export type { FileKind };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export interface FileReviewOptions {
  readonly kind: FileKind;
  readonly file: string;
  /** Must match the stack the file records, when given. */
  readonly stack?: string;
  readonly project?: Project;
  readonly today?: string;
  readonly progress?: (message: string) => void;
  /** Files of Pulumi policy exceptions to read beside the stack's waivers. */
  readonly policyExceptions?: readonly string[];
}

/** `aws:region` / `gcp:region` of default providers, from the run's config. */
function defaultRegionsOf(input: FileInput): Partial<Record<"aws" | "gcp", string>> {
  const out: Partial<Record<"aws" | "gcp", string>> = {};
  for (const cloud of ["aws", "gcp"] as const) {
    const v = input.config[`${cloud}:region`];
    if (typeof v === "string" && v !== "" && v !== "[secret]") {
      out[cloud] = v;
    }
  }
  return out;
}

/** Reviews a state, preview or event log with the same policies and cost estimate as a mock run. */
export async function reviewFile(options: FileReviewOptions): Promise<ReviewResult> {
  const input = readFileInput(options.kind, options.file);
  for (const n of input.notes) {
    options.progress?.(n);
  }
  const stack = input.stack;
  if (options.stack !== undefined && options.stack !== stack) {
    throw new UsageError(
      `${options.file} is stack ${stack} of project ${input.project}, not stack ${options.stack}`,
    );
  }
  let project: Project | undefined = options.project;
  if (project === undefined) {
    try {
      project = findProject();
    } catch {
      project = undefined;
    }
  }
  // Our stack config applies only to our project's stack of that name.
  let configNote: { applied: boolean; reason: string };
  const path = project === undefined ? undefined : stackFilePath(project.stacksDir, stack);
  let values: Obj = {};
  let locator = new ConfigLocator(undefined);
  let config:
    Pick<StackConfig, "environment" | "policy" | "budget" | "allowedRegions" | "sites"> | undefined;
  let stackFile = options.file;
  if (project === undefined) {
    configNote = { applied: false, reason: "no Pulumi project around the working directory" };
  } else if (project.name !== input.project) {
    configNote = {
      applied: false,
      reason: `the file is project ${input.project}, not this project (${project.name})`,
    };
  } else if (path === undefined || !fs.existsSync(path)) {
    configNote = { applied: false, reason: `this project has no stack file for ${stack}` };
  } else {
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
    configNote = { applied: true, reason: `${sf.file} (project ${project.name}, stack ${stack})` };
  }
  const resources = input.resources;
  const regions = defaultRegionsOf(input);
  const nodePools = extractNodePools(resources, regions);
  const pools = nodePools.filter((p) => p.accelerated);
  const environment = config?.environment ?? environmentFromTags(resources) ?? "unknown";
  const extraWaivers = (options.policyExceptions ?? []).flatMap((f) =>
    readPulumiExceptions(f, PACK_NAME),
  );
  const policy = await runGuardrails({
    resources,
    stack,
    values,
    config: config ?? { environment: environment as StackConfig["environment"] },
    locator,
    today: options.today,
    packVersion: version,
    extraWaivers,
    ...(input.completeness === "partial"
      ? {
          skipStackPolicies:
            "the file shows only the changed resources (no --show-sames): stack-wide totals would be invented",
        }
      : {}),
    ...(input.completeness === "failed" ? { incomplete: input.notes[0] ?? "the run failed" } : {}),
  });
  const edgeSites = extractEdgeSites(resources);
  const changes =
    options.kind === "state"
      ? undefined
      : buildChangeReport({
          source: options.kind,
          before: input.before,
          after: resources,
          changes: input.changes,
          defaultRegions: regions,
        });
  const brief = (r: CapturedResource) => ({ urn: r.urn, type: r.type, name: r.name });
  return {
    schemaVersion: REVIEW_SCHEMA_VERSION,
    tool: { name: "hai", version },
    project: input.project,
    stack,
    stackFile,
    environment,
    source: options.kind,
    input: {
      file: options.file,
      kind: input.kind,
      ...(input.format ? { format: input.format } : {}),
      completeness: input.completeness,
      notes: input.notes,
      diagnostics: input.diagnostics,
      ...(input.changeSummary ? { changeSummary: input.changeSummary } : {}),
      config: configNote,
    },
    generatedAt: new Date().toISOString(),
    // Custom resources' outputs stay out of the report (the provider's view, not what was asked for).
    resources: resources.map((r) => (r.custom ? { ...r, outputs: undefined } : r)),
    resourceCounts: countByType(resources),
    gpuPools: pools,
    cpuPools: nodePools.filter((p) => !p.accelerated),
    capacity: summariseCapacity(pools),
    cost: estimateCost(pools),
    edgeSites,
    // The file's stack outputs give edge sites' schedules; without them a site runs around the clock.
    ...estimateStackEnergy(pools, edgeSites, input.outputs, config?.sites),
    outputs: input.outputs,
    policy,
    ...(changes ? { changes } : {}),
    ...(input.external.length > 0 ? { external: input.external.map(brief) } : {}),
    ...(input.pendingDeletion.length > 0
      ? { pendingDeletion: input.pendingDeletion.map(brief) }
      : {}),
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
