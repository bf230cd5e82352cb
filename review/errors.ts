/** Errors the CLI turns into exit codes and messages, never stack traces. */
import { formatConfigProblem, type ConfigProblem } from "../stacks/config/problems";

/** Exit codes of `hai`. */
export const EXIT = {
  ok: 0,
  /** A mandatory guardrail is broken, or a rehearsal misses its target. */
  failed: 1,
  /** A config or usage error. */
  usage: 2,
  /** A bug in hai itself. */
  internal: 3,
} as const;

/** A mistake in how hai was called: unknown stack, missing file, bad flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A stack config with problems, each with file and line. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly file?: string,
  ) {
    super(
      `${file ?? "stack config"}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n` +
        problems.map((p) => `  ${formatConfigProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}
