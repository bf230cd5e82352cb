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

/** Flags of `hai rehearse`. */
export interface RehearseFlags {
  readonly stack: string;
  readonly runbook?: string;
  readonly json?: string;
  readonly stacksDir?: string;
  readonly live?: boolean;
  readonly timeout?: string;
  readonly quiet?: boolean;
}

/** Where the command writes; tests pass their own. */
export interface RehearseIo extends Io {
  /** Live runs only: how to reach Pulumi; the Automation API by default. */
  readonly live?: Partial<LiveOptions>;
}

/** Runs `hai rehearse` and returns its exit code. */
export async function rehearseCommand(flags: RehearseFlags, io: RehearseIo): Promise<number> {
  const progress = flags.quiet ? undefined : (m: string) => io.stderr(`hai: ${m}\n`);
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
  const runbook = flags.runbook ?? path.join("rehearsals", `${flags.stack}.runbook.md`);
  writeReport(runbook, renderRunbook(final));
  io.stderr(`hai: wrote ${runbook}\n`);
  if (flags.json !== undefined) {
    writeReport(flags.json, renderRehearsalJson(final));
    io.stderr(`hai: wrote ${flags.json}\n`);
  }
  return final.ready ? EXIT.ok : EXIT.failed;
}
