/**
 * Per-stack guardrail settings: checks `hybrid-ai:policy` against the policy registry (names, and
 * settings against each policy's config schema) and turns a stack's config into CrossGuard policy
 * config, the JSON `pulumi preview --policy-config` takes and `hai review` evaluates with.
 */
import Ajv from "ajv";
import { closest } from "fastest-levenshtein";
import type { ConfigLocator } from "../../stacks/config/locate";
import type { ConfigProblem } from "../../stacks/config/problems";
import type { StackConfig } from "../../stacks/config/schema";
import type { GuardrailPolicy } from "../../policies/types";

/** Policy names the stack config refers to that do not exist, and settings its schema rejects. */
export function checkPolicyConfig(
  values: Record<string, unknown>,
  locator: ConfigLocator,
  policies: readonly GuardrailPolicy[],
): ConfigProblem[] {
  const names = policies.map((p) => p.name);
  const problems: ConfigProblem[] = [];
  const policy = values.policy;
  if (policy === null || typeof policy !== "object") {
    return problems;
  }
  const unknown = (name: string) =>
    `names no policy ${JSON.stringify(name)}; did you mean ${JSON.stringify(closest(name, names))}?`;
  const { enforcement, settings, waivers } = policy as Record<string, unknown>;
  for (const key of Object.keys(asRecord(enforcement))) {
    if (!names.includes(key)) {
      problems.push(
        locator.locate({ path: ["policy", "enforcement"], message: unknown(key) }, key),
      );
    }
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const [key, value] of Object.entries(asRecord(settings))) {
    const p = policies.find((x) => x.name === key);
    if (p === undefined) {
      problems.push(locator.locate({ path: ["policy", "settings"], message: unknown(key) }, key));
      continue;
    }
    const schema = {
      type: "object",
      properties: p.configSchema?.properties ?? {},
      additionalProperties: false,
    };
    const validate = ajv.compile(schema);
    if (!validate(value)) {
      for (const e of validate.errors ?? []) {
        const extra =
          e.keyword === "additionalProperties"
            ? String((e.params as { additionalProperty: string }).additionalProperty)
            : undefined;
        const where = e.instancePath.split("/").filter(Boolean);
        const allowed = Object.keys(p.configSchema?.properties ?? {}).join(", ");
        const message =
          extra !== undefined
            ? `is not a setting of ${key} (settings: ${allowed})`
            : `${e.message ?? "is invalid"}`;
        problems.push(
          locator.locate({ path: ["policy", "settings", key, ...where], message }, extra),
        );
      }
    }
  }
  if (Array.isArray(waivers)) {
    waivers.forEach((w, i) => {
      const name = asRecord(w).policy;
      if (typeof name === "string" && !names.includes(name)) {
        problems.push(
          locator.locate({ path: ["policy", "waivers", i, "policy"], message: unknown(name) }),
        );
      }
    });
  }
  return problems;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** CrossGuard config of one policy: an enforcement level and settings. */
export type PolicyConfigEntry = { enforcementLevel?: string } & Record<string, unknown>;

/** The settings a stack config gives each policy (policy settings, budget, allowed regions, environment). */
export function crossGuardConfig(
  config: Pick<StackConfig, "environment" | "policy" | "budget" | "allowedRegions">,
  policies: readonly GuardrailPolicy[],
  options: { readonly secretsRedacted?: boolean } = {},
): Record<string, PolicyConfigEntry> {
  const out: Record<string, PolicyConfigEntry> = {};
  for (const p of policies) {
    // Always explicit, so the CLI and hai agree whatever default the CLI would assume.
    const entry: PolicyConfigEntry = {
      enforcementLevel: config.policy?.enforcement?.[p.name] ?? p.enforcementLevel ?? "advisory",
      environment: config.environment,
    };
    if (p.name === "cost-stack-limit-monthly-budget" && config.budget !== undefined) {
      entry.monthlyUsd = config.budget.monthlyUsd;
    }
    if (p.name === "security-region-enforce-allowed" && config.allowedRegions !== undefined) {
      entry.allowedRegions = [...config.allowedRegions];
    }
    Object.assign(entry, config.policy?.settings?.[p.name] ?? {});
    if (options.secretsRedacted) {
      entry.secretsRedacted = true;
    }
    out[p.name] = entry;
  }
  return out;
}
