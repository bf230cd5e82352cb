/** Test helpers: run a small program or a whole stack under the mock runtime and query what it made. */
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { captureProgram, type Capture, type CapturedResource } from "../review/run/capture";

export const ROOT = path.resolve(__dirname, "..");

/** Runs `program` as stack `stack` of project hybrid-ai with the given config. */
export function capture(
  program: () => unknown,
  config: Record<string, string> = {},
  stack = "test",
): Promise<Capture> {
  return captureProgram({
    project: "hybrid-ai",
    stack,
    config,
    program: async () => {
      await program();
      return {};
    },
  });
}

/** Resources of one type. */
export function ofType(c: Capture, type: string): CapturedResource[] {
  return c.resources.filter((r) => r.type === type);
}

/** The one resource with this name, failing loudly when there is not exactly one. */
export function named(c: Capture, name: string, type?: string): CapturedResource {
  const found = c.resources.filter(
    (r) => r.name === name && (type === undefined || r.type === type),
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one resource named ${name}${type ? ` of ${type}` : ""}, found ${found.length}`,
    );
  }
  return found[0];
}

/** Runs the `hai` CLI as a user would, from `cwd`. */
export function hai(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "hai.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, HAI_DEBUG: "" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
