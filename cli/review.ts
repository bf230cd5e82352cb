/**
 * The guardrail parts of the CLI: `--markdown`, `--sarif`, `--base`, `--from-preview`,
 * `--from-state` of `hai review`, and `hai policy-config`.
 */
import { reviewAtRef } from "../review/result/base";
import { computeDelta } from "../review/result/delta";
import { EXIT, UsageError } from "../review/errors";
import { reviewFile } from "../review/result/fromFile";
import type { ReviewResult } from "../review/result/model";
import { findProject } from "../review/run/project";
import { writeJsonReport, writeReport } from "../review/report/json";
import { renderTerminal } from "../review/report/terminal";
import type { Io } from "./io";
import { renderMarkdown } from "../review/report/markdown";
import { renderSarif } from "../review/report/sarif";

interface ExtraFlags {
  readonly stack?: string;
  readonly markdown?: string;
  readonly sarif?: string;
  readonly base?: string;
  readonly fromPreview?: string;
  readonly fromState?: string;
  readonly linkBase?: string;
}

/** What the review command does beyond a plain mock run. */
function reviewExtras(flags: ExtraFlags, progress?: (m: string) => void) {
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

/** Flags of `hai review`. */
export interface ReviewFlags extends ExtraFlags {
  readonly stack?: string;
  readonly json?: string;
  readonly quiet?: boolean;
}

/** Runs `hai review` and returns its exit code. */
export async function reviewCommand(flags: ReviewFlags, io: Io): Promise<number> {
  const progress = flags.quiet ? undefined : (m: string) => io.stderr(`hai: ${m}\n`);
  // Loaded on use: the engine pulls in the cloud SDKs, which `--help` does not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load; import() is ESM under nodenext
  const { reviewStack } = require("../review/run/stack") as typeof import("../review/run/stack");
  const extras = reviewExtras(flags, progress);
  const result = await extras.review(async (stack) =>
    reviewStack({ stack, progress, isolated: false }),
  );
  io.stdout(renderTerminal(result));
  if (flags.json !== undefined) {
    writeJsonReport(flags.json, result);
    io.stderr(`hai: wrote ${flags.json}\n`);
  }
  extras.write(result, io);
  return result.policy?.verdict === "fail" ? EXIT.failed : EXIT.ok;
}
