/**
 * `hai`: reviews stacks offline. Exit codes: 0 ran, 1 a mandatory guardrail broke, 2 a config or
 * usage error (with file:line messages), 3 a bug in hai.
 */
import { Command, CommanderError, Option } from "commander";
import { version } from "../package.json";
import { ConfigError, EXIT, UsageError } from "../review/errors";
import { processIo, type Io } from "./io";
import { policyConfigCommand } from "./policyConfig";
import { rehearseCommand, type RehearseFlags } from "./rehearse";
import { reviewCommand, type ReviewFlags } from "./review";

function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command("hai")
    .description("Review hybrid-ai stacks offline: resources, GPU capacity and monthly cost.")
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);

  program
    .command("review")
    .description(
      "run a stack's program under Pulumi's mock runtime and report what it would create",
    )
    .option(
      "-s, --stack <name>",
      "stack to review (stacks/Pulumi.<name>.yaml); required unless --from-preview/--from-state",
    )
    .option(
      "--json <file>",
      "also write the review as JSON (schema: review/schema/review.schema.json)",
    )
    .option("--markdown <file>", "also write a pull-request comment in Markdown")
    .option("--sarif <file>", "also write guardrail findings as SARIF 2.1.0")
    .option("--base <git-ref>", "review the stack at this commit too and report the change")
    .option(
      "--from-preview <file>",
      "review `pulumi preview --json --show-sames` output instead of a mock run",
    )
    .option("--from-state <file>", "review `pulumi stack export` output instead of a mock run")
    .option(
      "--link-base <url>",
      "prefix of config-line links in the Markdown (default: from GITHUB_* variables)",
    )
    .addOption(new Option("-q, --quiet", "no progress lines on stderr"))
    .action(async (flags: ReviewFlags) => setCode(await reviewCommand(flags, io)));

  program
    .command("rehearse")
    .description(
      "show what a failover would change and whether it meets the stack's RTO and RPO; write a runbook",
    )
    .requiredOption(
      "-s, --stack <name>",
      "stack with hybrid-ai:disasterRecovery (stacks/Pulumi.<name>.yaml)",
    )
    .option(
      "--runbook <file>",
      "where to write the Markdown runbook (default rehearsals/<stack>.runbook.md)",
    )
    .option("--json <file>", "also write the rehearsal as JSON")
    .option("--stacks-dir <dir>", "read the stack file from this folder instead of the project's")
    .option(
      "--live",
      "rehearsal stacks only: deploy, wait until healthy, measure, always destroy (needs the Pulumi CLI)",
    )
    .option(
      "--timeout <minutes>",
      "--live: give up waiting for the endpoint after this long (default 30)",
    )
    .addOption(new Option("-q, --quiet", "no progress lines on stderr"))
    .action(async (flags: RehearseFlags) => setCode(await rehearseCommand(flags, io)));

  program
    .command("policy-config")
    .description(
      "print the CrossGuard policy config of a stack, for `pulumi preview --policy-pack policies --policy-config FILE`",
    )
    .requiredOption("-s, --stack <name>", "stack whose hybrid-ai:policy settings to print")
    .action((flags: { stack: string }) => setCode(policyConfigCommand(flags.stack, io)));
  return program;
}

/** Runs the CLI and returns its exit code; never throws for a user's mistake. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof ConfigError || err instanceof UsageError) {
      io.stderr(`hai: ${err.message}\n`);
      return EXIT.usage;
    }
    const detail =
      err instanceof Error
        ? process.env.HAI_DEBUG
          ? (err.stack ?? err.message)
          : err.message
        : String(err);
    io.stderr(
      `hai: internal error: ${detail}\nThis is a bug in hai; run again with HAI_DEBUG=1 for a stack trace and report it.\n`,
    );
    return EXIT.internal;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
