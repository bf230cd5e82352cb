/** Number, money and table formats shared by the reports. */
import Table from "cli-table3";
import { DEFAULT_WIDTH, NARROW, fitWidths, truncate } from "./tty";

const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `$12,345` or `$12,345.67` for small amounts. */
export function usd(amount: number): string {
  return `$${(Math.abs(amount) >= 1000 ? WHOLE : CENTS).format(amount)}`;
}

/** `2-10` or `4` when both ends agree. */
export function range(min: number, max: number): string {
  return min === max ? String(min) : `${min}-${max}`;
}

/** Signed difference: `+3`, `-$120.00`, `0`. */
export function signed(delta: number, fmt: (n: number) => string = String): string {
  if (delta === 0) {
    return fmt(0);
  }
  return delta > 0 ? `+${fmt(delta)}` : `-${fmt(-delta)}`;
}

/** Columns the tables may use; renderTerminal sets it for the duration of one report. */
let tableWidth = DEFAULT_WIDTH;

/** Runs `render` with tables fitted to `width` columns. */
export function withTableWidth<T>(width: number, render: () => T): T {
  const before = tableWidth;
  tableWidth = width;
  try {
    return render();
  } finally {
    tableWidth = before;
  }
}

/**
 * A compact terminal table, without colours, fitted to the terminal width: columns shrink (the widest
 * first) and wrap; below {@link NARROW} columns each row becomes a block of `header: value` lines.
 */
export function table(
  head: string[],
  rows: Array<Array<string | number>>,
  align?: Array<"left" | "right">,
): string {
  const width = tableWidth;
  // Too many columns for the width even at their narrowest: one block per row.
  const overhead = head.length + 1 + head.length * 2;
  if (width < NARROW || head.length * 6 + overhead > width - 1) {
    const label = Math.max(...head.map((h) => h.length));
    return rows
      .map((row) =>
        row
          .map(
            (cell, i) =>
              `${(head[i] ?? "").padEnd(label)}  ${truncate(String(cell), width - label - 2)}`,
          )
          .join("\n"),
      )
      .join("\n\n");
  }
  const natural = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)),
  );
  // One column spare: cli-table3 pads a wrapped cell by one more than it counts.
  const fitted = fitWidths(natural, width - 1);
  const shrunk = fitted.some((w, i) => w < natural[i]);
  const t = new Table({
    head,
    style: { head: [], border: [], compact: true },
    ...(align ? { colAligns: align } : {}),
    ...(shrunk
      ? { colWidths: fitted.map((w) => w + 2), wordWrap: true, wrapOnWordBoundary: false }
      : {}),
  });
  t.push(...rows);
  return t.toString();
}

/** Rows a terminal table shows before it points to the JSON for the rest. */
export const MAX_TERMINAL_ROWS = 40;

/** The first rows, and a line saying how many were left out. */
export function capped<T>(
  rows: readonly T[],
  what: string,
): { shown: readonly T[]; note?: string } {
  if (rows.length <= MAX_TERMINAL_ROWS) {
    return { shown: rows };
  }
  const more = rows.length - MAX_TERMINAL_ROWS;
  return {
    shown: rows.slice(0, MAX_TERMINAL_ROWS),
    note: `... and ${more} more ${what} (all of them are in --json)`,
  };
}
