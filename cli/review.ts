/**
 * `hai review`: a stack's program run against the offline engine (our project, or another Node.js
 * Pulumi project with `--cwd`), or a real Pulumi file (`--from-state`, `--from-preview`,
 * `--from-events`), reported on the terminal and as JSON, Markdown and SARIF. Everything a user can get
 * wrong is checked before the review runs (stack name, files to read and write, the `--base` ref); no
 * report carries a credential from the input; `-` writes a report to stdout.
 */
import * as fs from "node:fs";
import { Interrupted, resolveBase, reviewAtRef, type ResolvedBase } from "../review/result/base";
import { computeDelta } from "../review/result/delta";
import { ConfigError, EXIT, UsageError } from "../review/errors";
import { reviewFile, type FileKind } from "../review/result/fromFile";
import type { ReviewResult } from "../review/result/model";
import { findProject, type Project } from "../review/run/project";
import { streamJson } from "../review/report/json";
import { renderTerminal } from "../review/report/terminal";
import type { Io } from "./io";
import { renderConfigErrorMarkdown, renderMarkdown } from "../review/report/markdown";
import { renderSarif } from "../review/report/sarif";
import { STDOUT, checkWritable, writeOutput } from "../review/report/output";
import { detectTerminal, type Terminal } from "../review/report/tty";
import { scrubCredentials } from "../review/result/scrub";
import { buildChangeReport, diffResources } from "../review/result/whatChanges";
import type { CapturedResource } from "../model/graph";

/** Flags of `hai review`. */
export interface ReviewFlags {
  readonly stack?: string;
  /** The Pulumi project to review. @default - the one around the working directory */
  readonly cwd?: string;
  /** Type-check the program's TypeScript as `pulumi up` does. */
  readonly typeCheck?: boolean;
  readonly json?: string;
  readonly markdown?: string;
  readonly sarif?: string;
  readonly base?: string;
  readonly fromPreview?: string;
  readonly fromState?: string;
  readonly fromEvents?: string;
  readonly linkBase?: string;
  readonly policyExceptions?: readonly string[];
  readonly quiet?: boolean;
}

/** A stack name hai accepts: Pulumi's own characters, no path parts. */
const PLAIN_STACK = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Refuses a stack name that could reach outside the project (`../x`, `/etc/x`, `a/b`). */
export function checkStackName(stack: string): void {
  if (!PLAIN_STACK.test(stack) || stack.includes("..")) {
    throw new UsageError(
      `--stack ${JSON.stringify(stack)} is not a plain stack name (letters, digits, ".", "_" and "-"; no "/" or "..")`,
    );
  }
}

function fileInput(flags: ReviewFlags): { kind: FileKind; file: string } | undefined {
  const given = (
    [
      ["preview", flags.fromPreview],
      ["state", flags.fromState],
      ["events", flags.fromEvents],
    ] as const
  ).filter(([, f]) => f !== undefined);
  if (given.length > 1) {
    throw new UsageError("give one of --from-preview, --from-state and --from-events");
  }
  return given.length === 0 ? undefined : { kind: given[0][0], file: given[0][1]! };
}

/** Checks every flag before any work: names, exclusive options, the project, outputs, the base ref. */
function preflight(flags: ReviewFlags): {
  input?: { kind: FileKind; file: string };
  project?: Project;
  base?: ResolvedBase;
} {
  const input = fileInput(flags);
  if (input === undefined && flags.stack === undefined) {
    throw new UsageError(
      "--stack <name> is required (or --from-state/--from-preview/--from-events <file>)",
    );
  }
  if (flags.stack !== undefined) {
    checkStackName(flags.stack);
  }
  if (input !== undefined && flags.base !== undefined) {
    throw new UsageError(
      "--base compares mock runs of two commits; a preview or event log already says what changes",
    );
  }
  const outputs = [flags.json, flags.markdown, flags.sarif].filter(
    (f): f is string => f !== undefined,
  );
  if (outputs.filter((f) => f === STDOUT).length > 1) {
    throw new UsageError("only one of --json, --markdown and --sarif can write to stdout (-)");
  }
  for (const f of outputs) {
    checkWritable(f);
  }
  const project =
    input === undefined || flags.cwd !== undefined ? findCwdProject(flags.cwd) : undefined;
  const base =
    flags.base === undefined ? undefined : resolveBase(flags.base, (project ?? findProject()).root);
  return {
    ...(input ? { input } : {}),
    ...(project ? { project } : {}),
    ...(base ? { base } : {}),
  };
}

/** The project of `--cwd` (a folder that must exist), else the one around the working directory. */
function findCwdProject(cwd: string | undefined): Project {
  if (cwd !== undefined && !fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--cwd ${cwd}: no such folder`);
  }
  return findProject(cwd);
}

/** Adds what changes against the base to a mock-run review. */
function withBase(
  head: ReviewResult,
  base: ResolvedBase,
  project: Project,
  progress?: (m: string) => void,
): ReviewResult {
  const at = reviewAtRef(base, head.stack, project.root, progress);
  // The base comes from that commit's JSON report, credentials scrubbed: both sides are compared as
  // the reports show them, or every resource with a hidden value would count as changed.
  const was = scrubCredentials(at.review);
  const before = was.resources as readonly CapturedResource[];
  const after = scrubCredentials(head);
  return {
    ...head,
    delta: computeDelta(was, after, { ref: base.ref, commit: at.commit }),
    changes: buildChangeReport({
      source: "base",
      before,
      after: after.resources,
      changes: diffResources(before, after.resources),
    }),
  };
}

/** The engine, loaded on use (it pulls in the cloud SDKs). */
function loadEngine(): typeof import("../review/run/stack") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load; import() is ESM under nodenext
  return require("../review/run/stack") as typeof import("../review/run/stack");
}

/** Runs `hai review` and returns its exit code. */
export async function reviewCommand(
  flags: ReviewFlags,
  io: Io,
  term: Terminal = detectTerminal(),
): Promise<number> {
  const progress = flags.quiet ? undefined : (m: string) => io.stderr(`hai: ${m}\n`);
  const { input, project, base } = preflight(flags);
  let result: ReviewResult;
  try {
    if (input !== undefined) {
      result = await reviewFile({
        kind: input.kind,
        file: input.file,
        stack: flags.stack,
        progress,
        policyExceptions: flags.policyExceptions,
        ...(project ? { project } : {}),
      });
    } else {
      // Loaded on use: the engine pulls in the cloud SDKs, which `--help` does not need.
      const { reviewStack } = loadEngine();
      const head = await reviewStack({
        stack: flags.stack!,
        progress,
        typeCheck: flags.typeCheck,
        ...(project ? { project } : {}),
      });
      result =
        base === undefined || project === undefined
          ? head
          : withBase(head, base, project, progress);
    }
  } catch (err) {
    // A config error still updates the PR comment, so a green comment never sits under a red check.
    if (err instanceof ConfigError && flags.markdown !== undefined) {
      writeOutput(
        flags.markdown,
        (w) => w(renderConfigErrorMarkdown(flags.stack ?? "stack", err)),
        io.stdout,
      );
      if (flags.markdown !== STDOUT) {
        io.stderr(`hai: wrote ${flags.markdown} (the config error)\n`);
      }
    }
    if (err instanceof Interrupted) {
      io.stderr(`hai: ${err.message}\n`);
      return 130;
    }
    throw err;
  }
  // Nothing secret leaves: every report is built from the scrubbed review.
  const shown = scrubCredentials(result);
  const toStdout = [flags.json, flags.markdown, flags.sarif].includes(STDOUT);
  const terminal = renderTerminal(shown, term);
  if (toStdout) {
    if (!flags.quiet) {
      io.stderr(terminal);
    }
  } else {
    io.stdout(terminal);
  }
  const wrote = (file: string) => {
    if (file !== STDOUT) {
      io.stderr(`hai: wrote ${file}\n`);
    }
  };
  if (flags.json !== undefined) {
    writeOutput(flags.json, (w) => streamJson(shown, w), io.stdout);
    wrote(flags.json);
  }
  if (flags.markdown !== undefined) {
    const md = renderMarkdown(shown, { linkBase: flags.linkBase });
    writeOutput(flags.markdown, (w) => w(md), io.stdout);
    wrote(flags.markdown);
  }
  if (flags.sarif !== undefined) {
    const sarif = JSON.stringify(renderSarif(shown), null, 2) + "\n";
    writeOutput(flags.sarif, (w) => w(sarif), io.stdout);
    wrote(flags.sarif);
  }
  const verdict = shown.policy?.verdict;
  return verdict === "fail" || verdict === "incomplete" ? EXIT.failed : EXIT.ok;
}
