/** The error of a program that did not run to the end under the offline engine. */

/**
 * A Pulumi program that did not compile, threw, or had its config rejected. The message is the
 * program's own (compiler diagnostics, its error text and position); the CLI exits 2 with it.
 */
export class ProgramError extends Error {
  constructor(
    message: string,
    /** The messages the program logged at error level, as they came. */
    readonly diagnostics: readonly string[] = [],
  ) {
    super(message);
    this.name = "ProgramError";
  }
}
