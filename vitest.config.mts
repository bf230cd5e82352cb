import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Program runs are kept for the length of one `npm test` (HAI_RUN_CACHE).
    globalSetup: ["test/support/globalSetup.ts"],
    // Child processes: the CLI runs in-process (test/support/hai.ts) and may chdir.
    pool: "forks",
    // One process per worker runs file after file, loading @pulumi/* and our sources once instead
    // of once per file. Safe here: `hai review` runs programs in child processes of their own
    // (review/engine), component unit tests get a runtime state of their own per capture
    // (test/support/capture.ts), and shared results (test/support reviewOf) are frozen.
    isolate: false,
    // This project's CI and dev boxes have 2 cores.
    maxWorkers: 2,
    // End-to-end tests run programs with Pulumi's runtime in processes of their own; on a shared
    // 2-core machine one such run can take tens of seconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
