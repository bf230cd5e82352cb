import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, reviewOf } from "./support";

/** Runs stacks/index.ts as `pulumi up` would load it (see test/fixtures/run-entry.js). */
function runEntry(stack: string): {
  registered?: number;
  types?: string[];
  outputs?: string[];
  error?: string;
} {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "test", "fixtures", "run-entry.js"), stack],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  const last = r.stdout.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last);
}

describe("the program as the Pulumi CLI runs it", () => {
  it("compiles with Pulumi's ts-node and creates what hai review reports, from the CLI's config map", async () => {
    // Its own process, through Pulumi's loader: never the in-process CLI.
    const entry = runEntry("dev");
    expect(entry.error).toBeUndefined();
    expect(entry.outputs).toEqual(
      expect.arrayContaining(["environment", "clusters", "gpuCapacity"]),
    );
    const dev = await reviewOf("dev");
    expect(dev.code).toBe(0);
    const review = dev.json;
    expect(entry.registered).toBe(review.resources.length);
    expect([...(entry.types ?? [])].sort()).toEqual(
      review.resources.map((r: { type: string }) => r.type).sort(),
    );
  });
});
