/** Number and money formats shared by the reports. */

/** `$12,345` or `$12,345.67` for small amounts. */
export function usd(amount: number): string {
  const digits = Math.abs(amount) >= 1000 ? 0 : 2;
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
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
