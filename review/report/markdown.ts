/**
 * The review as a pull-request comment: a one-line verdict, the change against the base, guardrail
 * findings grouped by severity (policy, resource, message, fix, link to the config line), the cost
 * table. Long parts fold into <details>; the whole stays under GitHub's 65,536-character limit, with
 * a note when something had to be left out.
 */
import type { ReviewResult } from "../result/model";
import { SEVERITY_ORDER, type PolicyViolation } from "../policy/report";
import { range, signed, usd } from "./format";

/** GitHub's limit on a comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Marker that lets CI find and update its own comment. */
export const COMMENT_MARKER = "<!-- hai-review -->";

export interface MarkdownOptions {
  /**
   * Prefix of links to stack files, e.g. `https://github.com/acme/infra/blob/<sha>/`.
   * @default - from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA when set, else relative links
   */
  readonly linkBase?: string;
  /** @default {@link GITHUB_COMMENT_LIMIT} less 256 characters of headroom for markers CI adds */
  readonly limit?: number;
}

/** Escapes text for a Markdown table cell or list item. */
function esc(text: string): string {
  return text
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
}

function defaultLinkBase(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = process.env;
  return server && repo && sha ? `${server}/${repo}/blob/${sha}/` : undefined;
}

function configLink(v: PolicyViolation, linkBase: string | undefined): string {
  const { file, line, key } = v.location;
  if (file === undefined) {
    return `\`${esc(key)}\``;
  }
  const label = `${file}${line === undefined ? "" : `:${line}`}`;
  const href = `${linkBase ?? ""}${file}${line === undefined ? "" : `#L${line}`}`;
  return `[${esc(label)}](${href}) \`${esc(key)}\``;
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function capped<T>(
  items: readonly T[],
  max: number,
  render: (t: T) => string,
): { text: string; omitted: number } {
  const shown = items.slice(0, max);
  return { text: shown.map(render).join("\n"), omitted: items.length - shown.length };
}

function render(
  review: ReviewResult,
  opts: MarkdownOptions,
  max: number,
): { text: string; omitted: number } {
  const linkBase = opts.linkBase ?? defaultLinkBase();
  const report = review.policy;
  let omitted = 0;
  const out: string[] = [COMMENT_MARKER];
  const c = report?.counts ?? { mandatory: 0, advisory: 0, waived: 0 };
  const verdict =
    report?.verdict === "fail"
      ? `❌ **${review.stack}** breaks ${c.mandatory} mandatory guardrail${c.mandatory === 1 ? "" : "s"}`
      : `✅ **${review.stack}** passes its guardrails`;
  out.push(`### hai review: ${verdict} (${c.advisory} advisory, ${c.waived} waived)`);
  out.push(
    `<sub>${esc(review.stackFile)} · ${review.environment} · ${review.resources.length} resources · ` +
      `GPUs ${range(review.capacity.minGpus, review.capacity.maxGpus)} · ` +
      `${usd(review.cost.monthlyMinUsd)}-${usd(review.cost.monthlyMaxUsd)}/month · source: ${review.source} · hai ${review.tool.version}</sub>`,
  );

  const d = review.delta;
  if (d !== undefined) {
    out.push(
      "",
      `#### Change against \`${esc(d.base.ref)}\`${d.base.commit ? ` (${d.base.commit.slice(0, 12)})` : ""}`,
    );
    out.push("| | base | this change | delta |", "|---|---:|---:|---:|");
    out.push(
      `| GPUs at max | ${d.gpus.base.max} | ${d.gpus.head.max} | ${signed(d.gpus.head.max - d.gpus.base.max)} |`,
    );
    out.push(
      `| GPUs at min | ${d.gpus.base.min} | ${d.gpus.head.min} | ${signed(d.gpus.head.min - d.gpus.base.min)} |`,
    );
    out.push(
      `| Monthly cost at max | ${usd(d.monthlyUsd.base.max)} | ${usd(d.monthlyUsd.head.max)} | ${signed(d.monthlyUsd.head.max - d.monthlyUsd.base.max, usd)} |`,
    );
    out.push(
      `| Monthly cost at min | ${usd(d.monthlyUsd.base.min)} | ${usd(d.monthlyUsd.head.min)} | ${signed(d.monthlyUsd.head.min - d.monthlyUsd.base.min, usd)} |`,
    );
    out.push(
      `| Resources | | | +${d.resources.added.length} / -${d.resources.removed.length} / ~${d.resources.changed.length} |`,
    );
    out.push(`| Findings | | | ${d.findings.new.length} new, ${d.findings.fixed.length} fixed |`);
    for (const [label, list] of [
      ["added", d.resources.added],
      ["removed", d.resources.removed],
      ["changed", d.resources.changed],
    ] as const) {
      if (list.length > 0) {
        const body = capped(list, max, (u) => `- \`${esc(u)}\``);
        omitted += body.omitted;
        out.push("", details(`Resources ${label} (${list.length})`, body.text));
      }
    }
    for (const [label, list] of [
      ["New findings", d.findings.new],
      ["Fixed findings", d.findings.fixed],
    ] as const) {
      if (list.length > 0) {
        const body = capped(
          list,
          max,
          (f) =>
            `- \`${f.policy}\` ${f.resourceName ? `on \`${esc(f.resourceName)}\` ` : ""}— ${esc(f.message)}`,
        );
        omitted += body.omitted;
        out.push("", `**${label}** (${list.length})`, "", body.text);
      }
    }
  }

  if (report !== undefined) {
    const open = report.violations.filter((v) => v.status === "open");
    out.push("", "#### Guardrail findings");
    if (open.length === 0) {
      out.push("", "No open findings.");
    }
    for (const severity of SEVERITY_ORDER) {
      const group = open.filter((v) => v.severity === severity);
      if (group.length === 0) {
        continue;
      }
      const body = capped(group, max, (v) => {
        const level = v.enforcement === "mandatory" ? "**mandatory**" : "advisory";
        const on = v.resourceName ? ` on \`${esc(v.resourceName)}\`` : "";
        return `- ${level} \`${v.policy}\`${on}: ${esc(v.message)}\n  - Fix: ${esc(v.remediation)}\n  - Config: ${configLink(v, linkBase)}`;
      });
      omitted += body.omitted;
      const title = `${severity[0].toUpperCase()}${severity.slice(1)} (${group.length})`;
      out.push("", group.length > 5 ? details(title, body.text) : `**${title}**\n\n${body.text}`);
    }
    const waived = report.violations.filter((v) => v.status === "waived");
    if (waived.length > 0) {
      const body = capped(
        waived,
        max,
        (v) =>
          `- \`${v.policy}\` on \`${esc(v.resourceName ?? review.stack)}\`: ${esc(v.message)} — waived until ${v.waiver?.expires}: ${esc(v.waiver?.reason ?? "")}${v.waiver?.approvedBy ? ` (${esc(v.waiver.approvedBy)})` : ""}`,
      );
      omitted += body.omitted;
      out.push("", details(`Waived findings (${waived.length})`, body.text));
    }
  }

  const cost = review.cost;
  const rows = capped(
    cost.pools,
    max,
    (p) =>
      `| ${esc(p.pool)} | ${esc(p.instanceType)} | ${p.capacity} | ${p.usdPerNodeHour === undefined ? "unknown" : p.usdPerNodeHour.toFixed(4)} | ` +
      `${p.monthlyMinUsd === undefined ? "unpriced" : usd(p.monthlyMinUsd)} | ${p.monthlyMaxUsd === undefined ? "unpriced" : usd(p.monthlyMaxUsd)} |`,
  );
  omitted += rows.omitted;
  const table = [
    "| pool | instance type | capacity | $/node-hour | month at min | month at max |",
    "|---|---|---|---:|---:|---:|",
    rows.text,
    `| **total** | | | | **${usd(cost.monthlyMinUsd)}** | **${usd(cost.monthlyMaxUsd)}** |`,
  ].join("\n");
  const unpriced =
    cost.unpriced.length > 0
      ? `\n\n${cost.unpriced.length} pool(s) without a catalog price are not in the totals.`
      : "";
  const title = `Monthly cost estimate (${cost.hoursPerMonth} h/month, catalog prices)`;
  out.push(
    "",
    cost.pools.length > 10
      ? details(title, table + unpriced)
      : `#### ${title}\n\n${table}${unpriced}`,
  );
  return { text: out.join("\n") + "\n", omitted };
}

/** Renders the PR comment, within the character limit. */
export function renderMarkdown(review: ReviewResult, opts: MarkdownOptions = {}): string {
  const limit = opts.limit ?? GITHUB_COMMENT_LIMIT - 256;
  const note = (n: number) =>
    `\n> ⚠️ Truncated to fit GitHub's comment limit: ${n} item${n === 1 ? "" : "s"} not shown. The full review is in the JSON and SARIF reports.\n`;
  for (const max of [Infinity, 200, 50, 20, 5, 1, 0]) {
    const { text, omitted } = render(review, opts, max);
    const full = omitted > 0 ? text + note(omitted) : text;
    if (full.length <= limit) {
      return full;
    }
  }
  const tail = note(1);
  return render(review, opts, 0).text.slice(0, limit - tail.length - 1) + "\n" + tail;
}
