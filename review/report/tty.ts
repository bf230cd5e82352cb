/**
 * What the terminal can show: its width (the TTY's, else `COLUMNS`, else unbounded: a pipe or a CI log
 * keeps whole lines, greppable) and whether to colour
 * (a TTY, unless `NO_COLOR` is set, https://no-color.org; `FORCE_COLOR` forces it). Reports take a
 * {@link Terminal} so tests can pass their own.
 */

export interface Terminal {
  /** Columns available. */
  readonly width: number;
  readonly colour: boolean;
}

/** Below this width tables become one block per row. */
export const NARROW = 72;
/** Width when nothing says otherwise (a pipe, a CI log): lines are not cut. */
export const DEFAULT_WIDTH = Number.POSITIVE_INFINITY;

/** The terminal of this process's stdout. */
export function detectTerminal(
  stream: { isTTY?: boolean; columns?: number } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Terminal {
  const fromEnv = Number.parseInt(env.COLUMNS ?? "", 10);
  const width =
    stream.isTTY && stream.columns && stream.columns > 0
      ? stream.columns
      : Number.isFinite(fromEnv) && fromEnv > 0
        ? fromEnv
        : DEFAULT_WIDTH;
  const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0";
  return { width: Math.max(20, width), colour: !noColour && (force || stream.isTTY === true) };
}

const CODES = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  bold: [1, 22],
  dim: [2, 22],
} as const;

export type Style = keyof typeof CODES;

/** `text` in a style when the terminal takes colour, else as it is. */
export function paint(term: Terminal, style: Style, text: string): string {
  if (!term.colour || text === "") {
    return text;
  }
  const [on, off] = CODES[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

/** Visible length: ANSI colour codes do not count. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, "").length;
}

/** `s` cut to `max` visible characters with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (max <= 1) {
    return s.length > 0 ? "…" : "";
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Column widths that fit `total` columns (borders included): columns keep their natural width while
 * they fit; the widest shrink first, none below `min`.
 */
export function fitWidths(natural: readonly number[], total: number, min = 6): number[] {
  // cli-table3: one border between columns and at each edge, one space of padding each side.
  const overhead = natural.length + 1 + natural.length * 2;
  const widths = [...natural];
  let excess = widths.reduce((s, w) => s + w, 0) + overhead - total;
  while (excess > 0) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) {
      if (widths[i] > widths[widest]) {
        widest = i;
      }
    }
    if (widths[widest] <= min) {
      break;
    }
    widths[widest] -= 1;
    excess -= 1;
  }
  return widths;
}
