import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file gets its own process: the Pulumi runtime keeps global state.
    pool: "forks",
    // End-to-end tests run programs with Pulumi's runtime in processes of their own; on a shared
    // 2-core machine one such run can take tens of seconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
