/**
 * The SDK floor through the same runner: the bench program run by Pulumi's own `cmd/run` against
 * hai's offline engine answering as in a review (same ids and outputs, so the program does the same
 * work) but recording nothing. With `--record FILE`, the engine streams the graph to FILE instead
 * (JSON Lines, memory flat at any size). Prints `{"registered": n}`.
 * Usage: node -r bin/ts-hook.js bench/engineFloor.ts <project dir> <stack> [--record FILE]
 */
import { findProject, stackConfigMap } from "../review/run/project";
import { runProgram } from "../review/engine/run";
import { DISCARD, JsonLinesSink } from "../review/engine/sink";

async function main(): Promise<void> {
  const [dir, stack, flag, file] = process.argv.slice(2);
  const project = findProject(dir);
  const { config, secretKeys } = stackConfigMap(project, stack);
  const file_ = flag === "--record" ? new JsonLinesSink(file) : undefined;
  const sink = file_ ?? DISCARD;
  const run = await runProgram({ project, stack, config, secretKeys, sink });
  file_?.close();
  process.stdout.write(JSON.stringify({ registered: run.registered }) + "\n");
}

main().catch((err: unknown) => {
  process.stderr.write(
    `engine floor failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exitCode = 1;
});
