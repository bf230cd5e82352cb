/**
 * "What changes", as the terminal and the pull-request comment show it first: the run's state when it
 * failed or shows only part of the stack, warnings for replaced and deleted GPU pools, every resource
 * that changes with its properties old -> new, and the GPU and cost delta per pool with its cause.
 */
import type { ResourceChange } from "../result/changes";
import { showValue } from "../result/changes";
import type { ChangeReport, PoolChange } from "../result/whatChanges";
import { range, signed, usd } from "./format";

/** Where the input stands, as the reports state it before anything else. */
export interface InputState {
  readonly completeness: "complete" | "partial" | "failed";
  readonly notes: readonly string[];
  readonly diagnostics: ReadonlyArray<{ severity: string; message: string; urn?: string }>;
}

const OP_SIGN: Record<string, string> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  import: "=",
};

/** `path: old -> new` for one property. */
export function propertyLine(p: ResourceChange["properties"][number]): string {
  const forced = p.replaces ? " (forces replacement)" : "";
  if (p.kind === "add") {
    return `${p.path}: + ${showValue(p.new)}${forced}`;
  }
  if (p.kind === "delete") {
    return `${p.path}: - ${showValue(p.old)}${forced}`;
  }
  return `${p.path}: ${showValue(p.old)} -> ${showValue(p.new)}${forced}`;
}

function countsLine(c: ChangeReport): string {
  const parts = (["create", "update", "replace", "delete", "import"] as const)
    .filter((op) => c.counts[op] > 0)
    .map((op) => `${c.counts[op]} to ${op}`);
  return parts.length === 0 ? "no resource changes" : parts.join(", ");
}

/** The money and GPU delta of one pool, e.g. `+4 GPUs at max, +$3,200/month at max`. */
function poolDelta(p: PoolChange): string {
  const gpus = `${signed(p.gpusDelta.max)} GPUs at max`;
  const cost =
    p.monthlyUsdDelta === undefined
      ? "cost unknown (no catalog price)"
      : `${signed(p.monthlyUsdDelta.max, usd)}/month at max`;
  return `${gpus}, ${cost}`;
}

function nodes(s: PoolChange["before"]): string {
  return s === undefined ? "-" : `${range(s.minNodes, s.maxNodes)} x ${s.instanceType}`;
}

/** Terminal lines: input state, warnings, changes, pool deltas. */
export function renderChangesTerminal(
  changes: ChangeReport | undefined,
  input: InputState | undefined,
  width: number,
): string[] {
  const out: string[] = [];
  if (input !== undefined && input.completeness === "failed") {
    out.push("", "THE RUN FAILED: this review is incomplete");
    for (const d of input.diagnostics.filter((x) => x.severity === "error")) {
      out.push(`  ${cut(d.message, width - 2)}`);
    }
  }
  for (const n of input?.notes ?? []) {
    out.push(`note: ${n}`);
  }
  if (changes === undefined) {
    return out;
  }
  out.push("", `What changes: ${countsLine(changes)}`);
  for (const w of changes.warnings) {
    out.push(`  WARNING ${w}`);
  }
  for (const r of changes.resources.slice(0, 60)) {
    out.push(
      `  ${OP_SIGN[r.op].padEnd(2)} ${r.op.padEnd(7)} ${cut(`${r.type} ${r.name}`, width - 13)}`,
    );
    for (const p of r.properties.slice(0, 8)) {
      out.push(`        ${cut(propertyLine(p), width - 8)}`);
    }
    const more = r.properties.length - 8 + (r.morePropertiesChanged ?? 0);
    if (more > 0) {
      out.push(`        ... ${more} more properties (see --json)`);
    }
  }
  if (changes.resources.length > 60) {
    out.push(`  ... and ${changes.resources.length - 60} more resources (see --json)`);
  }
  if (changes.pools.length > 0) {
    out.push("", "GPU and cost change by pool");
    for (const p of changes.pools) {
      out.push(
        `  ${cut(`${p.pool}: ${p.cause}`, width - 2)}`,
        `      ${nodes(p.before)} -> ${nodes(p.after)}; ${poolDelta(p)}`,
      );
    }
    out.push(
      `  total: ${signed(changes.gpusDelta.max)} GPUs at max, ${signed(changes.monthlyUsdDelta.max, usd)}/month at max` +
        (changes.unpricedPools.length > 0
          ? ` (cannot confirm: ${changes.unpricedPools.join(", ")} have no catalog price)`
          : ""),
    );
  }
  return out;
}

function cut(s: string, max: number): string {
  return s.length > max && max > 1 ? `${s.slice(0, max - 1)}…` : s;
}

/** Escapes text for Markdown table cells and list items. */
export function mdEscape(text: string): string {
  return text
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
}

/**
 * Markdown: the failure first, then warnings and the changes with their properties (`text`); the GPU
 * and cost deltas by cause apart (`pools`), for after the verdict.
 */
export function renderChangesMarkdown(
  changes: ChangeReport | undefined,
  input: InputState | undefined,
  max: number,
): { text: string; pools: string; omitted: number } {
  const out: string[] = [];
  let omitted = 0;
  if (input !== undefined && input.completeness === "failed") {
    out.push("", "> [!CAUTION]", "> **The run failed: this review is incomplete.**");
    for (const d of input.diagnostics.filter((x) => x.severity === "error").slice(0, 5)) {
      out.push(`> ${mdEscape(d.message)}`);
    }
  }
  if (input !== undefined && input.notes.length > 0) {
    out.push("", ...input.notes.map((n) => `> ${mdEscape(n)}`));
  }
  if (changes === undefined) {
    return { text: out.join("\n"), pools: "", omitted };
  }
  out.push("", `#### What changes: ${countsLine(changes)}`);
  if (changes.warnings.length > 0) {
    out.push("", "> [!WARNING]", ...changes.warnings.map((w) => `> ${mdEscape(w)}`));
  }
  if (changes.resources.length > 0) {
    const shown = changes.resources.slice(0, Math.max(0, max));
    omitted += changes.resources.length - shown.length;
    const lines = shown.map((r) => {
      const props = r.properties
        .slice(0, 10)
        .map((p) => `\`${mdEscape(propertyLine(p))}\``)
        .join("<br>");
      const more = r.properties.length - 10 + (r.morePropertiesChanged ?? 0);
      return `| ${r.op === "replace" || r.op === "delete" ? `**${r.op}**` : r.op} | \`${mdEscape(r.type)}\` | \`${mdEscape(r.name)}\` | ${props || "—"}${more > 0 ? `<br>… ${more} more` : ""} |`;
    });
    const table = [
      "| op | type | resource | properties (old → new) |",
      "|---|---|---|---|",
      ...lines,
    ].join("\n");
    out.push(
      "",
      changes.resources.length > 15
        ? `<details><summary>Resources (${changes.resources.length})</summary>\n\n${table}\n\n</details>`
        : table,
    );
  }
  const pools: string[] = [];
  if (changes.pools.length > 0) {
    pools.push(
      "",
      "#### GPUs and cost by cause",
      "",
      "| pool | cause | before | after | GPUs at max | month at max |",
      "|---|---|---|---|---:|---:|",
      ...changes.pools.map(
        (p) =>
          `| \`${mdEscape(p.pool)}\` | ${mdEscape(p.cause)} | ${mdEscape(nodes(p.before))} | ${mdEscape(nodes(p.after))} | ${signed(p.gpusDelta.max)} | ${p.monthlyUsdDelta === undefined ? "unknown (no price)" : signed(p.monthlyUsdDelta.max, usd)} |`,
      ),
      `| **total** | | | | **${signed(changes.gpusDelta.max)}** | **${signed(changes.monthlyUsdDelta.max, usd)}**${changes.unpricedPools.length > 0 ? " + unpriced" : ""} |`,
    );
  }
  return { text: out.join("\n"), pools: pools.join("\n"), omitted };
}
