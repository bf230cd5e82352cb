/** The `hai rehearse` command: offline failover rehearsal, or a live game day with `--live`. */
import * as path from "node:path";
import { EXIT, UsageError } from "../review/errors";
import { findProject, type Project } from "../review/run/project";
import { writeReport } from "../review/report/json";
import { rehearseLive, type LiveOptions } from "../review/rehearse/live";
import { rehearseStack } from "../review/rehearse/rehearse";
import {
  renderRehearsalJson,
  renderRehearsalTerminal,
  renderRunbook,
} from "../review/rehearse/report";
import type { Io } from "./io";
import { checkStackName } from "./review";
import { checkWritable } from "../review/report/output";
import { askYesNo, checkLivePrerequisites } from "../review/rehearse/prerequisites";

/** Flags of `hai rehearse`. */
export interface RehearseFlags {
  readonly stack: string;
  readonly runbook?: string;
  readonly json?: string;
  readonly stacksDir?: string;
  readonly live?: boolean;
  readonly timeout?: string;
  readonly quiet?: boolean;
  readonly yes?: boolean;
}

/** Where the command writes; tests pass their own. */
export interface RehearseIo extends Io {
  /** Live runs only: how to reach Pulumi; the Automation API by default. */
  readonly live?: Partial<LiveOptions>;
  /** Live runs only: the prerequisite check; the real one by default. */
  readonly prerequisites?: typeof checkLivePrerequisites;
  /** Live runs only: asks before paid resources; a terminal question by default. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Whether stdin is a terminal (to ask at all). @default process.stdin.isTTY */
  readonly interactive?: boolean;
}

/** Runs `hai rehearse` and returns its exit code. */
export async function rehearseCommand(flags: RehearseFlags, io: RehearseIo): Promise<number> {
  const progress = flags.quiet ? undefined : (m: string) => io.stderr(`hai: ${m}\n`);
  checkStackName(flags.stack);
  const runbook = flags.runbook ?? path.join("rehearsals", `${flags.stack}.runbook.md`);
  for (const f of [runbook, flags.json]) {
    if (f !== undefined) {
      checkWritable(f);
    }
  }
  let project: Project = findProject();
  if (flags.stacksDir !== undefined) {
    project = { ...project, stacksDir: path.resolve(flags.stacksDir) };
  }
  const result = await rehearseStack({ stack: flags.stack, project, progress });
  let final = result;
  if (flags.live) {
    if (!result.dr.rehearsal) {
      throw new UsageError(
        `--live stands a stack up and destroys it: only a rehearsal stack may run live (${flags.stack} has no disasterRecovery.rehearsal: true)`,
      );
    }
    const timeoutMinutes = flags.timeout === undefined ? undefined : Number(flags.timeout);
    if (timeoutMinutes !== undefined && !(timeoutMinutes > 0)) {
      throw new UsageError(
        `--timeout must be a number of minutes > 0 (got ${JSON.stringify(flags.timeout)})`,
      );
    }
    // Everything a game day needs, checked before anything is created.
    if (io.live?.openStack === undefined) {
      const pre = (io.prerequisites ?? checkLivePrerequisites)({
        clouds: [result.dr.secondary.cloud],
        projectDir: project.root,
      });
      if (pre.problems.length > 0) {
        throw new UsageError(
          `--live cannot start:\n${pre.problems.map((p) => `  - ${p}`).join("\n")}`,
        );
      }
      progress?.(`ready: ${pre.found.join(", ")}`);
    }
    if (!flags.yes) {
      const question = `--live creates paid resources in ${result.dr.secondary.cloud} ${result.dr.secondary.region} (stack ${flags.stack}) and destroys them afterwards. Go on?`;
      const interactive = io.interactive ?? process.stdin.isTTY === true;
      if (!interactive) {
        throw new UsageError(`${question} Not on a terminal: pass --yes to go on`);
      }
      if (!(await (io.confirm ?? askYesNo)(question))) {
        throw new UsageError("--live cancelled: nothing was created");
      }
    }
    const live = await rehearseLive(result, {
      projectDir: project.root,
      timeoutMs: timeoutMinutes === undefined ? undefined : timeoutMinutes * 60_000,
      progress,
      ...io.live,
    });
    const rtoMissed =
      live.measuredRtoSeconds !== undefined && live.measuredRtoSeconds > result.rto.targetSeconds;
    const reasons = [
      ...result.reasons,
      ...(live.error !== undefined ? [`live rehearsal: ${live.error}`] : []),
      ...(rtoMissed
        ? [`live rehearsal: the measured RTO exceeds the ${result.dr.rtoMinutes}-minute target`]
        : []),
    ];
    final = { ...result, live, reasons, ready: reasons.length === 0 };
  }
  io.stdout(renderRehearsalTerminal(final));
  writeReport(runbook, renderRunbook(final));
  io.stderr(`hai: wrote ${runbook}\n`);
  if (flags.json !== undefined) {
    writeReport(flags.json, renderRehearsalJson(final));
    io.stderr(`hai: wrote ${flags.json}\n`);
  }
  return final.ready ? EXIT.ok : EXIT.failed;
}
