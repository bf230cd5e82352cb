/**
 * The review's guardrail findings as SARIF 2.1.0: one rule per policy, one result per finding, each
 * located on the stack config line that caused it (line 1 of the stack file when no line applies).
 * Waived findings carry an accepted suppression with the waiver's reason. GitHub code scanning shows
 * the results as annotations on the pull request.
 */
import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { ReviewResult } from "../result/model";
import type { PolicyRule, PolicyViolation } from "../policy/report";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's `security-severity` scores for the severities (critical >= 9, high >= 7, medium >= 4). */
const SECURITY_SEVERITY: Record<string, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

function level(enforcement: string): "error" | "warning" | "none" {
  return enforcement === "mandatory" ? "error" : enforcement === "advisory" ? "warning" : "none";
}

function rule(r: PolicyRule): ReportingDescriptor {
  return {
    id: r.name,
    name: r.name,
    shortDescription: { text: r.description },
    fullDescription: {
      text: `${r.description} Severity ${r.severity}; enforcement ${r.enforcement}.`,
    },
    help: { text: r.remediation, markdown: r.remediation },
    defaultConfiguration: { level: level(r.enforcement), enabled: r.enforcement !== "disabled" },
    // GitHub files rules with a security-severity as security alerts: only the security area has one.
    properties: {
      area: r.area,
      severity: r.severity,
      ...(r.area === "security" ? { "security-severity": SECURITY_SEVERITY[r.severity] } : {}),
      tags: r.area === "security" ? ["security", "guardrail"] : [r.area, "guardrail"],
    },
  };
}

function result(v: PolicyViolation, ruleIndex: number, stackFile: string): Result {
  const file = v.location.file ?? stackFile;
  const res: Result = {
    ruleId: v.policy,
    ruleIndex,
    level: level(v.enforcement),
    message: { text: `${v.message}. Fix: ${v.remediation}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(file.split("\\").join("/")) },
          region: { startLine: v.location.line ?? 1, startColumn: v.location.column ?? 1 },
        },
        logicalLocations:
          v.urn === undefined
            ? [{ fullyQualifiedName: v.location.key, kind: "member" }]
            : [{ name: v.resourceName, fullyQualifiedName: v.urn, kind: "resource" }],
      },
    ],
    partialFingerprints: {
      "haiFinding/v1": createHash("sha256")
        .update(`${v.policy}\u0000${v.urn ?? v.location.key}`)
        .digest("hex")
        .slice(0, 32),
    },
    properties: {
      severity: v.severity,
      area: v.area,
      enforcement: v.enforcement,
      configKey: v.location.key,
    },
  };
  if (v.status === "waived" && v.waiver !== undefined) {
    res.suppressions = [
      {
        kind: "external",
        status: "accepted",
        justification: `${v.waiver.reason} (until ${v.waiver.expires}${v.waiver.approvedBy ? `, approved by ${v.waiver.approvedBy}` : ""})`,
      },
    ];
  }
  return res;
}

/** The SARIF log of a review. */
export function renderSarif(review: ReviewResult): Log {
  const rules = review.policy?.rules ?? [];
  const index = new Map(rules.map((r, i) => [r.name, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "hai",
            semanticVersion: review.tool.version,
            version: review.tool.version,
            rules: rules.map(rule),
          },
        },
        automationDetails: { id: `hai-review/${review.stack}/` },
        results: (review.policy?.violations ?? []).map((v) =>
          result(v, index.get(v.policy) ?? -1, review.stackFile),
        ),
        properties: {
          stack: review.stack,
          environment: review.environment,
          verdict: review.policy?.verdict ?? "pass",
        },
      },
    ],
  };
}
