/** Policies evaluated as Pulumi's CLI evaluates them (the analyzer handlers), and stack policies called directly. */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { EvaluatedResource } from "../../review/policy/evaluate";
import { evaluatePolicies, type Diagnostic } from "../../review/policy/evaluate";
import type { GuardrailPolicy } from "../../policies/types";

/** Evaluates policies through the analyzer handlers, with the stack's settings. */
export async function run(
  policies: GuardrailPolicy | GuardrailPolicy[],
  resources: EvaluatedResource[],
  settings: Record<string, unknown> = {},
): Promise<Diagnostic[]> {
  const list = Array.isArray(policies) ? policies : [policies];
  const config = Object.fromEntries(
    list.map((p) => [p.name, { environment: "prod", secretsRedacted: true, ...settings }]),
  );
  return evaluatePolicies({ resources, policies: list, config });
}

/** The messages of the findings. */
export async function messages(...args: Parameters<typeof run>): Promise<string[]> {
  return (await run(...args)).map((d) => d.message);
}

/** Runs a stack policy on `resources` (as {@link policyResource} builds them); returns its messages. */
export async function stackViolations(
  policy: unknown,
  resources: PolicyResource[],
): Promise<string[]> {
  const out: string[] = [];
  const args = {
    resources,
    stackTags: new Map(),
    getConfig: () => ({}),
    notApplicable: () => {
      throw new Error("n/a");
    },
  } as unknown as StackValidationArgs;
  await (policy as StackValidationPolicy).validateStack(args, (message) => out.push(message));
  return out;
}
