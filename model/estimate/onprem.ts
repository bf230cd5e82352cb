/**
 * What owned GPU machines cost a month: the purchase spread evenly (straight-line) over the
 * amortisation period, per node. Power, space and staff are not in the inventory and not counted; a
 * machine past its period costs nothing here, and the estimate says so.
 *
 * Schedules do not change this: on-prem schedules scale workloads to zero, the machines stay on and
 * stay paid for.
 */

/** The inventory of one on-prem pool, as the stack config gives it. */
export interface OnPremInventory {
  /** Purchase price of one node (machine), USD. */
  readonly purchaseUsd: number;
  /** `YYYY-MM-DD`. */
  readonly purchasedOn: string;
  readonly amortizeYears: number;
}

/** A pool's amortised cost. */
export interface OnPremCost {
  readonly monthlyUsdPerNode: number;
  readonly monthlyUsd: number;
  /** `YYYY-MM-DD` the last month of amortisation ends. */
  readonly amortisedUntil: string;
  /** True when `now` is past the amortisation period (cost 0). */
  readonly fullyAmortised: boolean;
  readonly basis: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The date `years` after `date` (`YYYY-MM-DD`), in UTC. */
function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const months = Math.round(years * 12);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Amortised monthly cost of `nodes` machines bought as `inventory` says, at `now`. */
export function onPremMonthlyCost(
  inventory: OnPremInventory,
  nodes: number,
  now: Date,
): OnPremCost {
  const until = addYears(inventory.purchasedOn, inventory.amortizeYears);
  const fullyAmortised = now.toISOString().slice(0, 10) >= until;
  const perNode = fullyAmortised ? 0 : inventory.purchaseUsd / (inventory.amortizeYears * 12);
  return {
    monthlyUsdPerNode: round2(perNode),
    monthlyUsd: round2(perNode * nodes),
    amortisedUntil: until,
    fullyAmortised,
    basis: fullyAmortised
      ? `bought ${inventory.purchasedOn}, fully amortised since ${until}: no purchase cost left (power and space not counted)`
      : `$${inventory.purchaseUsd} per node bought ${inventory.purchasedOn}, straight-line over ${inventory.amortizeYears} years (until ${until}); power and space not counted`,
  };
}
