import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Child processes: the CLI runs in-process (test/support/hai.ts) and may chdir.
    pool: "forks",
    // One process per worker runs file after file, loading @pulumi/* and our sources once instead
    // of once per file (most of the suite's CPU before). Safe here: Pulumi runs are isolated (each
    // capture, and each in-process CLI call, gets a runtime state of its own), and shared results
    // (test/support reviewOf, captureStack) are frozen.
    isolate: false,
    // This project's CI and dev boxes have 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
