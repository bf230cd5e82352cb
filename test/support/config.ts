/** Stack-file text checked as `hai` checks it: YAML first, then schema and rules, every problem at once. */
import { readStackFile } from "../../stacks/config/parse";
import { formatConfigProblem, type ConfigProblem } from "../../stacks/config/problems";
import type { StackConfig } from "../../stacks/config/schema";
import { validateStackConfig } from "../../stacks/config/validate";

/** Where checked text pretends to live, relative to the project root as messages show it. */
export const TEST_STACK_FILE = "stacks/Pulumi.t.yaml";

/** What checking a stack file's text found. */
export interface ConfigCheck {
  /** The file's own problems (YAML) when it has any, else the schema's and rules'. */
  readonly problems: readonly ConfigProblem[];
  /** The problems as `hai` prints them: `file:line:column: key message`. */
  readonly messages: string[];
  /** The validated config, when there was no problem. */
  readonly config?: StackConfig;
  /** Keys given as `secure:` values. */
  readonly secretKeys: readonly string[];
}

/** Checks `text` as the stack file `file` (its stack is the name between `Pulumi.` and `.yaml`). */
export function checkStackText(text: string, file = TEST_STACK_FILE): ConfigCheck {
  const stack = /Pulumi\.([^/]+)\.yaml$/.exec(file)?.[1] ?? "t";
  const read = readStackFile(file, stack, text);
  if (read.problems.length > 0) {
    return {
      problems: read.problems,
      messages: read.problems.map(formatConfigProblem),
      secretKeys: read.secretKeys,
    };
  }
  const checked = validateStackConfig(read.values, read.locator);
  return {
    problems: checked.problems,
    messages: checked.problems.map(formatConfigProblem),
    ...(checked.config !== undefined ? { config: checked.config } : {}),
    secretKeys: read.secretKeys,
  };
}

/** The problems of a stack file's text. */
export function configProblems(text: string, file = TEST_STACK_FILE): readonly ConfigProblem[] {
  return checkStackText(text, file).problems;
}

/** The problems of a stack file's text, as `hai` prints them. */
export function configMessages(text: string, file = TEST_STACK_FILE): string[] {
  return checkStackText(text, file).messages;
}
