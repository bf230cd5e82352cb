/** Stack-file text checked as `hai` checks it: YAML first, then schema and rules, every problem at once. */
import * as path from "node:path";
import { readStackFile, type StackFile } from "../../stacks/config/parse";
import { formatConfigProblem, type ConfigProblem } from "../../stacks/config/problems";
import type { StackConfig } from "../../stacks/config/schema";
import { validateStackConfig } from "../../stacks/config/validate";
import { ROOT } from "./paths";

/** Where checked text pretends to live, relative to the project root as messages show it. */
export const TEST_STACK_FILE = "stacks/Pulumi.t.yaml";

/** What checking a stack file's text found. */
export interface ConfigCheck {
  /** The file as read: raw values, line locator, secret keys. */
  readonly file: StackFile;
  /** The file's own problems (YAML) when it has any, else the schema's and rules'. */
  readonly problems: readonly ConfigProblem[];
  /** The problems as `hai` prints them: `file:line:column: key message`. */
  readonly messages: string[];
  /** The validated config, when there was no problem. */
  readonly config?: StackConfig;
}

/** Checks `text` as the stack file `file` (its stack is the name between `Pulumi.` and `.yaml`). */
export function checkStackText(text: string, file = TEST_STACK_FILE): ConfigCheck {
  return check(file, text);
}

/** Checks an example stack's file, stacks/Pulumi.<stack>.yaml. */
export function checkStackFile(stack: string): ConfigCheck {
  return check(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`));
}

function check(file: string, text?: string): ConfigCheck {
  const stack = /Pulumi\.([^/]+)\.yaml$/.exec(file)?.[1] ?? "t";
  const read = readStackFile(file, stack, text);
  if (read.problems.length > 0) {
    return {
      file: read,
      problems: read.problems,
      messages: read.problems.map(formatConfigProblem),
    };
  }
  const checked = validateStackConfig(read.values, read.locator);
  return {
    file: read,
    problems: checked.problems,
    messages: checked.problems.map(formatConfigProblem),
    ...(checked.config !== undefined ? { config: checked.config } : {}),
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
