/** Number, money and table formats shared by the reports. */
import Table from "cli-table3";

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

/** A compact terminal table, without colours. */
export function table(
  head: string[],
  rows: Array<Array<string | number>>,
  align?: Array<"left" | "right">,
): string {
  const t = new Table({
    head,
    style: { head: [], border: [], compact: true },
    ...(align ? { colAligns: align } : {}),
  });
  t.push(...rows);
  return t.toString();
}
