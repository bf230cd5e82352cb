/**
 * The guardrail step of a review: evaluates the policies on the resources with the stack's settings,
 * locates each finding on the stack config line that caused it, applies waivers and decides the
 * verdict.
 */
import type { ConfigLocator } from "../../stacks/config/locate";
import type { StackConfig } from "../../stacks/config/schema";
import { guardrailPolicies } from "../../policies/registry";
import type { GuardrailPolicy } from "../../policies/types";
import { Provenance } from "../provenance";
import { PACK_NAME, evaluatePolicies, type EvaluatedResource } from "./evaluate";
import { sortViolations, type PolicyReport, type PolicyRule, type PolicyViolation } from "./report";
import { crossGuardConfig } from "./settings";
import { WAIVER_RULES, applyWaivers, todayUtc } from "./waivers";

export interface GuardrailOptions {
  readonly resources: readonly EvaluatedResource[];
  readonly stack: string;
  /** Raw stack config values (namespace stripped), for provenance. */
  readonly values: Record<string, unknown>;
  /** The validated stack config (settings, waivers, environment). */
  readonly config: Pick<StackConfig, "environment" | "policy" | "budget" | "allowedRegions">;
  readonly locator: ConfigLocator;
  /** `YYYY-MM-DD`; waivers expire after it. @default - today in UTC */
  readonly today?: string;
  /** @default - every policy in policies/registry.ts */
  readonly policies?: readonly GuardrailPolicy[];
  readonly packVersion?: string;
}

/** Runs the guardrails and returns the report section. */
export async function runGuardrails(options: GuardrailOptions): Promise<PolicyReport> {
  const policies = options.policies ?? guardrailPolicies;
  const config = crossGuardConfig(options.config, policies, { secretsRedacted: true });
  const diagnostics = await evaluatePolicies({
    resources: options.resources,
    policies,
    config,
    packVersion: options.packVersion,
  });
  const byUrn = new Map(options.resources.map((r) => [r.urn, r]));
  const provenance = new Provenance(options.values, options.resources, options.stack);
  const byName = new Map(policies.map((p) => [p.name, p]));

  const found: PolicyViolation[] = diagnostics.map((d) => {
    const p = byName.get(d.policy);
    const r = d.urn === undefined ? undefined : byUrn.get(d.urn);
    const loc = options.locator.locate({ path: provenance.keyFor(d.policy, d.urn), message: "" });
    return {
      policy: d.policy,
      area: p?.area ?? "unknown",
      severity: p?.severity ?? "medium",
      enforcement: d.enforcement,
      message: d.message,
      remediation: p?.remediation ?? "",
      urn: d.urn,
      resourceName: r?.name,
      resourceType: r?.type,
      location: { file: loc.file, line: loc.line, column: loc.column, key: loc.key },
      status: "open",
    };
  });
  const violations = sortViolations(
    applyWaivers(found, options.config.policy?.waivers ?? [], {
      today: options.today ?? todayUtc(),
      stack: options.stack,
      locator: options.locator,
    }),
  );
  const rules: PolicyRule[] = [
    ...policies.map((p) => ({
      name: p.name,
      area: p.area,
      severity: p.severity,
      enforcement: ((config[p.name]?.enforcementLevel as string | undefined) ??
        p.enforcementLevel ??
        "advisory") as PolicyRule["enforcement"],
      description: p.description,
      remediation: p.remediation,
    })),
    ...WAIVER_RULES,
  ];
  const open = violations.filter((v) => v.status === "open");
  const counts = {
    mandatory: open.filter((v) => v.enforcement === "mandatory").length,
    advisory: open.filter((v) => v.enforcement === "advisory").length,
    waived: violations.length - open.length,
  };
  return {
    pack: { name: PACK_NAME, version: options.packVersion ?? "0.1.0" },
    rules,
    violations,
    counts,
    verdict: counts.mandatory > 0 ? "fail" : "pass",
  };
}
