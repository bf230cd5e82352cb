/** `hai policy-config`: a stack's guardrail settings as the CrossGuard `--policy-config` file. */
import * as path from "node:path";
import { guardrailPolicies } from "../policies/registry";
import { ConfigError, EXIT } from "../review/errors";
import { checkPolicyConfig, crossGuardConfig } from "../review/policy/settings";
import { findProject, stackFile } from "../review/run/project";
import { readStackFile } from "../stacks/config/parse";
import { validateStackConfig } from "../stacks/config/validate";
import type { Io } from "./io";

/** `hai policy-config --stack X`: the stack's CrossGuard policy config as JSON on stdout. */
export function policyConfigCommand(stack: string, io: Io): number {
  const project = findProject();
  const file = readStackFile(stackFile(project, stack), stack);
  if (file.problems.length > 0) {
    throw new ConfigError(file.problems, file.file);
  }
  const checked = validateStackConfig(file.values, file.locator);
  if (checked.config === undefined) {
    throw new ConfigError(checked.problems, file.file);
  }
  const problems = checkPolicyConfig(file.values, file.locator, guardrailPolicies);
  if (problems.length > 0) {
    throw new ConfigError(problems, file.file);
  }
  io.stdout(JSON.stringify(crossGuardConfig(checked.config, guardrailPolicies), null, 2) + "\n");
  io.stderr(
    `hai: use it with: pulumi preview -s ${stack} --policy-pack ${path.relative(process.cwd(), path.join(project.root, "policies")) || "policies"} --policy-config <file>\n`,
  );
  return EXIT.ok;
}
