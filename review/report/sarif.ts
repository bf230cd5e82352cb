/**
 * The review's guardrail findings as SARIF 2.1.0: one rule per policy, one result per finding, each
 * located on the stack config line that caused it (line 1 of the stack file when no line applies).
 * Waived findings carry an accepted suppression with the waiver's reason. GitHub code scanning shows
 * the results as annotations on the pull request.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
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

/** The repository's top folder (holding `.git`), or the working directory outside one. */
function sourceRoot(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return cwd;
    }
  }
}

/**
 * A file as code scanning locates it: relative to the repository root (hai may run in a subfolder),
 * never absolute; a file outside the repository keeps only its name.
 */
export function sarifUri(file: string, cwd: string = process.cwd()): string {
  const root = sourceRoot(cwd);
  let rel = path.relative(root, path.resolve(cwd, file));
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    rel = path.basename(file);
  }
  return encodeURI(rel.split(path.sep).join("/"));
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
          artifactLocation: { uri: sarifUri(file), uriBaseId: "%SRCROOT%" },
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
        invocations: [
          {
            // A failed preview or update: what it shows is not what would be deployed.
            executionSuccessful: review.policy?.verdict !== "incomplete",
            toolExecutionNotifications: [
              ...(review.input?.notes ?? []).map((n) => ({
                level: "warning" as const,
                message: { text: n },
              })),
              ...(review.changes?.warnings ?? []).map((w) => ({
                level: "warning" as const,
                message: { text: w },
              })),
              ...(review.policy?.notJudged ?? []).map((n) => ({
                level: "note" as const,
                message: { text: `not judged: ${n.policy} (${n.reason})` },
              })),
            ],
          },
        ],
        results: (review.policy?.violations ?? []).map((v) =>
          result(v, index.get(v.policy) ?? -1, review.stackFile),
        ),
        properties: {
          stack: review.stack,
          environment: review.environment,
          verdict: review.policy?.verdict ?? "pass",
          ...(review.changes !== undefined
            ? {
                changes: review.changes.counts,
                gpusDeltaAtMax: review.changes.gpusDelta.max,
                monthlyUsdDeltaAtMax: review.changes.monthlyUsdDelta.max,
              }
            : {}),
        },
      },
    ],
  };
}
