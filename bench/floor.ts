/**
 * The raw SDK floor: the same stack program and the same cloud stand-ins under Pulumi's stock mock
 * monitor, drained the same way, with no review work (no capture, analysis or report).
 * Run by bench/run.js in the project folder of the generated stack.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { setMocks } from "@pulumi/pulumi/runtime/mocks";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { mockCall, mockState } from "../review/run/mocks";
import { waitForRPCs } from "../review/run/sdkInternals";
import { readStackFile } from "../stacks/config/parse";
import { hybridAiProgram } from "../stacks/program";

async function main(): Promise<void> {
  const stack = process.argv[2];
  const file = readStackFile(path.join(process.cwd(), "stacks", `Pulumi.${stack}.yaml`), stack);
  Error.stackTraceLimit = 0;
  await setMocks(
    { newResource: mockState, call: mockCall },
    "hybrid-ai",
    stack,
    false,
    "organization",
  );
  pulumi.runtime.setAllConfig(file.engineConfig, file.secretKeys);
  let registered = 0;
  await runInPulumiStack(async () => {
    const outputs = await hybridAiProgram({ drain: waitForRPCs });
    return outputs as unknown as Record<string, unknown>;
  });
  await waitForRPCs();
  // The stock monitor keeps every registered resource; count them to check both runs did the same work.
  const monitor = (
    pulumi.runtime as unknown as { getMonitor(): { resources: Map<string, unknown> } }
  ).getMonitor();
  registered = monitor.resources.size;
  process.stdout.write(JSON.stringify({ registered }) + "\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`floor failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
