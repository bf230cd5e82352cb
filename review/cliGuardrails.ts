/**
 * The guardrail parts of the CLI: `--markdown`, `--sarif`, `--base`, `--from-preview`,
 * `--from-state` of `hai review`, and `hai policy-config`.
 */
import * as path from "node:path";
import { guardrailPolicies } from "../policies/registry";
import { readStackFile, validateStackConfig } from "../stacks/config/load";
import { reviewAtRef } from "./base";
import { computeDelta } from "./delta";
import { ConfigError, EXIT, UsageError } from "./errors";
import { reviewFile } from "./fromFile";
import type { ReviewResult } from "./model";
import { checkPolicyConfig, crossGuardConfig } from "./policy/settings";
import { findProject, stackFile } from "./project";
import { writeReport } from "./report/json";
import { renderMarkdown } from "./report/markdown";
import { renderSarif } from "./report/sarif";

export interface ExtraFlags {
  readonly stack?: string;
  readonly markdown?: string;
  readonly sarif?: string;
  readonly base?: string;
  readonly fromPreview?: string;
  readonly fromState?: string;
  readonly linkBase?: string;
}

interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** What the review command does beyond a plain mock run. */
export function reviewExtras(flags: ExtraFlags, progress?: (m: string) => void) {
  if (flags.fromPreview !== undefined && flags.fromState !== undefined) {
    throw new UsageError("give --from-preview or --from-state, not both");
  }
  const fromFile = flags.fromPreview ?? flags.fromState;
  if (fromFile === undefined && flags.stack === undefined) {
    throw new UsageError("--stack <name> is required (or --from-preview/--from-state <file>)");
  }
  if (fromFile !== undefined && flags.base !== undefined) {
    throw new UsageError(
      "--base compares mock runs of two commits; it does not combine with --from-preview/--from-state",
    );
  }
  return {
    async review(mockRun: (stack: string) => Promise<ReviewResult>): Promise<ReviewResult> {
      if (fromFile !== undefined) {
        return reviewFile({
          kind: flags.fromPreview !== undefined ? "preview" : "state",
          file: fromFile,
          stack: flags.stack,
          progress,
        });
      }
      const head = await mockRun(flags.stack!);
      if (flags.base === undefined) {
        return head;
      }
      const project = findProject();
      const base = reviewAtRef(flags.base, flags.stack!, project.root, progress);
      return {
        ...head,
        delta: computeDelta(base.review, head, { ref: flags.base, commit: base.commit }),
      };
    },
    write(result: ReviewResult, io: Io): void {
      if (flags.markdown !== undefined) {
        writeReport(flags.markdown, renderMarkdown(result, { linkBase: flags.linkBase }));
        io.stderr(`hai: wrote ${flags.markdown}\n`);
      }
      if (flags.sarif !== undefined) {
        writeReport(flags.sarif, JSON.stringify(renderSarif(result), null, 2) + "\n");
        io.stderr(`hai: wrote ${flags.sarif}\n`);
      }
    },
  };
}

/** `hai policy-config --stack X`: the stack's CrossGuard policy config as JSON on stdout. */
export function policyConfigCommand(stack: string, io: Io): number {
  const project = findProject();
  const file = readStackFile(stackFile(project, stack), stack);
  if (file.problems.length > 0) {
    throw new ConfigError(file.problems, file.file);
  }
  const checked = validateStackConfig(file.values, file.locator);
  if (checked.config === undefined) {
    throw new ConfigError(checked.problems, file.file);
  }
  const problems = checkPolicyConfig(file.values, file.locator, guardrailPolicies);
  if (problems.length > 0) {
    throw new ConfigError(problems, file.file);
  }
  io.stdout(JSON.stringify(crossGuardConfig(checked.config, guardrailPolicies), null, 2) + "\n");
  io.stderr(
    `hai: use it with: pulumi preview -s ${stack} --policy-pack ${path.relative(process.cwd(), path.join(project.root, "policies")) || "policies"} --policy-config <file>\n`,
  );
  return EXIT.ok;
}
