/**
 * The in-process reference: the bench program's function called directly under Pulumi's mock runtime
 * (`setMocks`, the same cloud stand-ins), no language host, no gRPC, nothing recorded. What hai's old
 * in-process capture ran on; kept as a reference figure.
 * Usage: node -r bin/ts-hook.js bench/inprocess.ts <resources>
 */
import * as pulumi from "@pulumi/pulumi";
import { setMocks } from "@pulumi/pulumi/runtime/mocks";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { mockCall, mockState } from "../review/engine/mocks";

async function main(): Promise<void> {
  const resources = process.argv[2];
  let registered = 0;
  await setMocks(
    {
      newResource: (args) => {
        registered++;
        return mockState(args);
      },
      call: mockCall,
    },
    "gpu-fleet",
    "bench",
    true,
    "organization",
  );
  pulumi.runtime.setAllConfig({ "gpu-fleet:resources": resources }, []);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the mocks are set
  const program = require("./fleet/index") as () => Promise<Record<string, unknown>>;
  await runInPulumiStack(program);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal, reference figure only
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
  process.stdout.write(JSON.stringify({ registered }) + "\n");
}

main().catch((err: unknown) => {
  process.stderr.write(
    `in-process run failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exitCode = 1;
});
