import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file gets its own process: the Pulumi runtime keeps global state.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
