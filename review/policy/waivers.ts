/**
 * Waivers: a stack's reasoned, dated exceptions to a policy for some resources. A valid waiver turns
 * the findings it covers into `waived` (they never fail a review); an expired waiver waives nothing
 * and is itself a mandatory finding; a waiver that covers nothing is reported as an advisory finding,
 * so stale exceptions get cleaned up. CrossGuard has no such mechanism: waivers apply in `hai review`.
 */
import picomatch from "picomatch";
import type { ConfigLocator } from "../../stacks/config/locate";
import type { WaiverConfig } from "../../stacks/config/schema";
import type { PolicyRule, PolicyViolation } from "./report";

/** The findings waivers themselves produce, as rules. */
export const WAIVER_RULES: readonly PolicyRule[] = [
  {
    name: "policy-waiver-disallow-expired",
    area: "policy",
    severity: "high",
    enforcement: "mandatory",
    description: "Waivers are renewed or removed before they expire.",
    remediation:
      "Fix the finding the waiver covered and remove the waiver, or renew it with a new `expires` date and approval.",
  },
  {
    name: "policy-waiver-disallow-unused",
    area: "policy",
    severity: "low",
    enforcement: "advisory",
    description: "Every waiver covers at least one finding.",
    remediation:
      "Remove the waiver, or fix its `policy`/`resource` pattern (a resource name or URN glob).",
  },
] as const;

/** Whether a waiver's resource glob matches a finding (by resource name or URN; by stack name for stack-level findings). */
export function waiverMatches(waiver: WaiverConfig, v: PolicyViolation, stack: string): boolean {
  if (waiver.policy !== v.policy) {
    return false;
  }
  // URNs hold `/` in type tokens (`aws:eks/nodeGroup`); it is no path separator here, so `*` crosses it.
  const flat = (s: string) => s.split("/").join("\u2215");
  const isMatch = picomatch(flat(waiver.resource), { dot: true });
  const candidates = v.urn === undefined ? [stack] : [v.resourceName, v.urn];
  return candidates.some((c) => c !== undefined && (isMatch(flat(c)) || c === waiver.resource));
}

/** Today as `YYYY-MM-DD` in UTC. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Applies waivers to findings. `today` is `YYYY-MM-DD`; a waiver holds through its `expires` day.
 * Returns the findings with waived ones marked, plus the waivers' own findings.
 */
export function applyWaivers(
  violations: readonly PolicyViolation[],
  waivers: readonly WaiverConfig[],
  options: { readonly today: string; readonly stack: string; readonly locator: ConfigLocator },
): PolicyViolation[] {
  const out = violations.map((v) => ({ ...v }) as PolicyViolation & { status: "open" | "waived" });
  const [expiredRule, unusedRule] = WAIVER_RULES;
  const extra: PolicyViolation[] = [];
  waivers.forEach((w, index) => {
    const loc = options.locator.locate({ path: ["policy", "waivers", index], message: "" });
    const location = { file: loc.file, line: loc.line, column: loc.column, key: loc.key };
    const who = w.approvedBy === undefined ? "" : `, approved by ${w.approvedBy}`;
    if (w.expires < options.today) {
      extra.push({
        policy: expiredRule.name,
        area: expiredRule.area,
        severity: expiredRule.severity,
        enforcement: "mandatory",
        message: `waiver of ${w.policy} for ${w.resource} expired on ${w.expires} (reason: ${w.reason}${who})`,
        remediation: expiredRule.remediation,
        location,
        status: "open",
      });
      return;
    }
    let used = false;
    for (let i = 0; i < out.length; i++) {
      if (out[i].status === "open" && waiverMatches(w, out[i], options.stack)) {
        out[i] = { ...out[i], status: "waived", waiver: { ...w, index } };
        used = true;
      }
    }
    if (!used) {
      extra.push({
        policy: unusedRule.name,
        area: unusedRule.area,
        severity: unusedRule.severity,
        enforcement: "advisory",
        message: `waiver of ${w.policy} for ${w.resource} matches no finding`,
        remediation: unusedRule.remediation,
        location,
        status: "open",
      });
    }
  });
  return [...out, ...extra];
}
