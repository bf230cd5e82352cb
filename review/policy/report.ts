/** Guardrail findings as every report (terminal, Markdown, SARIF, JSON) reads them. */
import type { Severity } from "../../policies/types";
import type { WaiverConfig } from "../../stacks/config/schema";

/** Where in the stack config a finding points. */
export interface ConfigLocation {
  /** Stack file, relative to the working directory. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Full key path, `hybrid-ai:clusters[0].gpuPools[1].zones`; `hybrid-ai:` when none applies. */
  readonly key: string;
}

/** A policy as the reports describe it (SARIF rules, Markdown headings). */
export interface PolicyRule {
  readonly name: string;
  readonly area: string;
  readonly severity: Severity;
  /** Enforcement level in effect for this stack. */
  readonly enforcement: "advisory" | "mandatory" | "disabled";
  readonly description: string;
  readonly remediation: string;
}

/** One finding. */
export interface PolicyViolation {
  readonly policy: string;
  readonly area: string;
  readonly severity: Severity;
  readonly enforcement: "advisory" | "mandatory";
  readonly message: string;
  readonly remediation: string;
  /** The resource, when the finding is about one. */
  readonly urn?: string;
  readonly resourceName?: string;
  readonly resourceType?: string;
  readonly location: ConfigLocation;
  /** `waived` when a valid waiver covers it; waived findings never fail a review. */
  readonly status: "open" | "waived";
  readonly waiver?: WaiverConfig & { readonly index: number };
}

/** The guardrail section of a review. */
export interface PolicyReport {
  readonly pack: { readonly name: string; readonly version: string };
  readonly rules: readonly PolicyRule[];
  /** Open findings first (mandatory, then by severity), then waived ones. */
  readonly violations: readonly PolicyViolation[];
  readonly counts: {
    readonly mandatory: number;
    readonly advisory: number;
    readonly waived: number;
  };
  /** `fail` when a mandatory finding is open. */
  readonly verdict: "pass" | "fail";
}

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low"];

/** Sorts findings: open before waived, mandatory before advisory, by severity, policy, resource. */
export function sortViolations(vs: PolicyViolation[]): PolicyViolation[] {
  const rank = (v: PolicyViolation) =>
    (v.status === "waived" ? 100 : 0) +
    (v.enforcement === "mandatory" ? 0 : 10) +
    SEVERITY_ORDER.indexOf(v.severity);
  return vs.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.policy.localeCompare(b.policy) ||
      (a.resourceName ?? "").localeCompare(b.resourceName ?? ""),
  );
}
