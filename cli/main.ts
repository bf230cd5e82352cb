/**
 * `hai`: reviews stacks offline. Exit codes: 0 ran, 1 a mandatory guardrail broke, 2 a config or
 * usage error (with file:line messages), 3 a bug in hai.
 */
import { Command, CommanderError, Option } from "commander";
import { version } from "../package.json";
import { ConfigError, EXIT, UsageError } from "../review/errors";
import { ProgramError } from "../review/engine/errors";
import { processIo, type Io } from "./io";
import type { RehearseFlags } from "./rehearse";
import type { ReviewFlags } from "./review";
import type { RolloutFlags } from "./rollout";
import type { SizeFlags } from "./size";

/*
 * Each command's module loads when the command runs: most of them read stack config and some run
 * programs with the cloud SDKs, none of which `hai --help` or another command needs.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loads; import() is ESM under nodenext */
const commands = {
  review: () => require("./review") as typeof import("./review"),
  rehearse: () => require("./rehearse") as typeof import("./rehearse"),
  rollout: () => require("./rollout") as typeof import("./rollout"),
  size: () => require("./size") as typeof import("./size"),
  policyConfig: () => require("./policyConfig") as typeof import("./policyConfig"),
};
/* eslint-enable @typescript-eslint/no-require-imports */

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
      "review a stack: run its Pulumi program as `pulumi preview` does against an offline engine, or read a real state, preview or event log",
    )
    .option(
      "-s, --stack <name>",
      "stack to review (Pulumi.<name>.yaml in the project's stack folder); optional with --from-*: the file names its stack",
    )
    .option(
      "--cwd <dir>",
      "the Pulumi project to review (default: the one around the working directory)",
    )
    .option(
      "--type-check",
      "type-check the program's TypeScript as `pulumi up` does by default (slower; compiler option errors fail either way)",
    )
    .option(
      "--json <file>",
      "also write the review as JSON (schema: review/schema/review.schema.json); - for stdout",
    )
    .option("--markdown <file>", "also write a pull-request comment in Markdown; - for stdout")
    .option("--sarif <file>", "also write guardrail findings as SARIF 2.1.0; - for stdout")
    .option("--base <git-ref>", "review the stack at this commit too and report what changes")
    .option(
      "--from-preview <file>",
      "review `pulumi preview --json` output (add --show-sames for stack-wide checks)",
    )
    .option(
      "--from-state <file>",
      "review `pulumi stack export` output or a local backend's checkpoint",
    )
    .option(
      "--from-events <file>",
      "review an engine event log (`--event-log <file>`, `pulumi up --json`)",
    )
    .option(
      "--policy-exceptions <file...>",
      "Pulumi policy exceptions (`pulumi policy exception list --output json`) to apply beside the stack's waivers",
    )
    .option(
      "--link-base <url>",
      "prefix of config-line links in the Markdown (default: from GITHUB_* variables)",
    )
    .addOption(new Option("-q, --quiet", "no progress lines on stderr"))
    .addHelpText(
      "after",
      `
Examples:
  $ hai review --stack prod
  $ hai review --stack prod --base origin/main --markdown pr.md --sarif review.sarif
  $ hai review --cwd ../team-app --stack dev      # another team's Pulumi Node.js project
  $ pulumi preview -s prod --json --show-sames > preview.json && hai review --from-preview preview.json
  $ pulumi stack export -s prod --file state.json && hai review --from-state state.json --json -
  $ pulumi up -s prod --event-log events.json; hai review --from-events events.json

Exit codes:
  0  reviewed; no mandatory guardrail broke
  1  a mandatory guardrail broke, or the reviewed run failed (verdict incomplete)
  2  a config or usage error (a file:line message), a program that does not compile or throws,
     or a path that cannot be written
  3  a bug in hai (run again with HAI_DEBUG=1 and report it)

Terminal: tables fit the terminal (or COLUMNS); colour on a TTY unless NO_COLOR is set.`,
    )
    .action(async (flags: ReviewFlags) =>
      setCode(await commands.review().reviewCommand(flags, io)),
    );

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
    .option("-y, --yes", "--live: create the paid resources without asking")
    .addOption(new Option("-q, --quiet", "no progress lines on stderr"))
    .addHelpText(
      "after",
      `
Examples:
  $ hai rehearse --stack prod                      # plan, checks, RTO/RPO, rehearsals/prod.runbook.md
  $ hai rehearse --stack dr-rehearsal --live --yes # game day: up, measure, always destroy

Exit codes: 0 ready, 1 not ready, 2 config or usage error (or --live cannot start), 3 a bug in hai.`,
    )
    .action(async (flags: RehearseFlags) =>
      setCode(await commands.rehearse().rehearseCommand(flags, io)),
    );

  const rollout = program
    .command("rollout")
    .description(
      "roll model revisions out across an edge fleet in waves, one Pulumi stack per site group",
    );
  rollout
    .command("plan")
    .description("print the waves offline: which sites, in what order, which models change")
    .requiredOption(
      "-s, --stack <name>",
      "fleet stack with hybrid-ai:edgeSites (stacks/Pulumi.<name>.yaml)",
    )
    .option(
      "--base <git-ref>",
      "compare with the fleet file at this commit (default: every site is new)",
    )
    .option("--json <file>", "also write the plan as JSON")
    .option("--stacks-dir <dir>", "read the stack file from this folder instead of the project's")
    .action((flags: RolloutFlags) => setCode(commands.rollout().rolloutPlanCommand(flags, io)));
  rollout
    .command("run")
    .description(
      "update the group stacks wave by wave, soak, read the gates, roll back on failure (needs the Pulumi CLI)",
    )
    .requiredOption(
      "-s, --stack <name>",
      "fleet stack with hybrid-ai:edgeSites and hybrid-ai:rollout",
    )
    .option("--parallel <n>", "group stacks updated at once (default 10)")
    .option("--retry", "roll out again a target an earlier run rolled back")
    .option("--json <file>", "also write the run as JSON")
    .option("--stacks-dir <dir>", "read the stack file from this folder instead of the project's")
    .addOption(new Option("-q, --quiet", "no progress lines on stderr"))
    .action(async (flags: RolloutFlags) =>
      setCode(await commands.rollout().rolloutRunCommand(flags, io)),
    );

  program
    .command("size")
    .description(
      "GPU memory a model needs (weights, KV cache, runtime) and every shape, plan, node or edge box that holds it, cheapest first",
    )
    .option("-m, --model <name>", "a known model: llama-3.1-8b, llama-3.1-70b, mixtral-8x7b, ...")
    .option("--params <billions>", "parameters in billions, for a model not in the table")
    .option("--layers <n>", "transformer layers (KV cache); with --params")
    .option("--kv-heads <n>", "key/value heads per layer; with --params")
    .option("--head-dim <n>", "head dimension; with --params")
    .option("-p, --precision <p>", "weights: bf16, fp16, fp8, int8, int4, fp32 (default bf16)")
    .option("--kv-precision <p>", "KV cache precision (default 16-bit)")
    .option("-c, --context <tokens>", "context length per request, e.g. 8192 or 8k (default 8k)")
    .option("-n, --concurrency <n>", "requests served at once at full context (default 1)")
    .option("-s, --stack <name>", "also consider the on-prem pools of this stack, with their cost")
    .option("--limit <n>", "rows of the table (default 15; --json has all)")
    .option("--json", "print the result as JSON")
    .action((flags: SizeFlags) => setCode(commands.size().sizeCommand(flags, io)));

  program
    .command("policy-config")
    .description(
      "print the CrossGuard policy config of a stack, for `pulumi preview --policy-pack policies --policy-config FILE`",
    )
    .requiredOption("-s, --stack <name>", "stack whose hybrid-ai:policy settings to print")
    .option("--cwd <dir>", "the project (default: the one around the working directory)")
    .action((flags: { stack: string; cwd?: string }) =>
      setCode(commands.policyConfig().policyConfigCommand(flags.stack, io, flags.cwd)),
    );
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
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof ProgramError) {
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
