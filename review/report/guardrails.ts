/** The guardrail section of the terminal report, and the delta section when `--base` was given. */
import type { ReviewResult } from "../result/model";
import { usd, signed } from "./format";

function where(v: { location: { file?: string; line?: number; key: string } }): string {
  const file =
    v.location.file === undefined
      ? ""
      : `${v.location.file}${v.location.line === undefined ? "" : `:${v.location.line}`} `;
  return `${file}${v.location.key}`;
}

/** Guardrail findings for a terminal, open ones first, with their fix and config line. */
export function renderGuardrailsTerminal(review: ReviewResult): string {
  const report = review.policy;
  if (report === undefined) {
    return "";
  }
  const policies = report.rules.filter((r) => r.area !== "policy").length;
  const out: string[] = ["", `Guardrails (${report.pack.name}, ${policies} policies)`];
  if (report.violations.length === 0) {
    out.push("  no findings");
  }
  for (const v of report.violations) {
    const tag =
      v.status === "waived" ? "WAIVED" : v.enforcement === "mandatory" ? "MANDATORY" : "advisory";
    out.push(`  ${tag} [${v.severity}] ${v.policy}: ${v.message}`);
    out.push(`      at ${where(v)}`);
    if (v.status === "waived" && v.waiver !== undefined) {
      out.push(`      waived until ${v.waiver.expires}: ${v.waiver.reason}`);
    } else {
      out.push(`      fix: ${v.remediation}`);
    }
  }
  const c = report.counts;
  out.push(
    `Verdict: ${report.verdict === "fail" ? "FAIL" : "pass"} (${c.mandatory} mandatory, ${c.advisory} advisory, ${c.waived} waived)`,
  );
  return out.join("\n") + "\n";
}

/** The change against the base ref. */
export function renderDeltaTerminal(review: ReviewResult): string {
  const d = review.delta;
  if (d === undefined) {
    return "";
  }
  const out = [
    "",
    `Change against ${d.base.ref}${d.base.commit ? ` (${d.base.commit.slice(0, 12)})` : ""}`,
  ];
  out.push(
    `  resources: +${d.resources.added.length} added, -${d.resources.removed.length} removed, ~${d.resources.changed.length} changed`,
  );
  for (const [sign, list] of [
    ["+", d.resources.added],
    ["-", d.resources.removed],
    ["~", d.resources.changed],
  ] as const) {
    for (const urn of list) {
      out.push(`    ${sign} ${urn}`);
    }
  }
  out.push(
    `  GPUs at max: ${d.gpus.base.max} -> ${d.gpus.head.max} (${signed(d.gpus.head.max - d.gpus.base.max)})`,
  );
  out.push(
    `  monthly cost at max: ${usd(d.monthlyUsd.base.max)} -> ${usd(d.monthlyUsd.head.max)} (${signed(d.monthlyUsd.head.max - d.monthlyUsd.base.max, usd)})`,
  );
  out.push(`  findings: ${d.findings.new.length} new, ${d.findings.fixed.length} fixed`);
  for (const f of d.findings.new) {
    out.push(`    new ${f.policy}: ${f.message}`);
  }
  for (const f of d.findings.fixed) {
    out.push(`    fixed ${f.policy}: ${f.message}`);
  }
  return out.join("\n") + "\n";
}
