/**
 * Problems found in component args or stack config. Validators gather every problem and the caller
 * throws once, so a user fixes everything in one pass.
 */

/** A key path inside the validated value: `["gpuPools", 1, "maxNodes"]`. */
export type KeyPath = ReadonlyArray<string | number>;

/** One problem: where it is and what is wrong, with what was found and what is allowed. */
export interface Problem {
  readonly path: KeyPath;
  /** Reads after the path: `must be >= minNodes (got 2 < 4)`. */
  readonly message: string;
}

/** Renders a key path the way a user writes it: `gpuPools[1].maxNodes`. */
export function formatPath(path: KeyPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") {
      out += `[${part}]`;
    } else {
      out += out === "" ? part : `.${part}`;
    }
  }
  return out;
}

/** Prefixes every problem's path, for validators that run on a part of a larger value. */
export function withPrefix(prefix: KeyPath, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ path: [...prefix, ...p.path], message: p.message }));
}

/** Quotes a found value for a message, short enough to read: `"g6.3xlarge"`, `4`, `[a, b]`. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return "nothing";
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Thrown by a component whose args break its rules; lists every problem. */
export class ValidationError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: readonly Problem[],
  ) {
    super(
      `${subject} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${formatPath(p.path)} ${p.message}`).join("\n"),
    );
    this.name = "ValidationError";
  }
}

/** Throws a ValidationError when there are problems. */
export function throwIfProblems(subject: string, problems: readonly Problem[]): void {
  if (problems.length > 0) {
    throw new ValidationError(subject, problems);
  }
}
