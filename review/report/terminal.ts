/** The review as a terminal reader sees it: resources by type, GPU capacity, monthly cost. */
import type { ReviewResult } from "../result/model";
import { renderEdgeFleet, renderSchedules } from "./edgeTerminal";
import { range, table, usd } from "./format";
import { renderDeltaTerminal, renderGuardrailsTerminal } from "./guardrails";

/** Rows a terminal table shows before it points to the JSON for the rest. */
export const MAX_TERMINAL_ROWS = 40;

/** The first rows, and a line saying how many were left out. */
function capped<T>(rows: readonly T[], what: string): { shown: readonly T[]; note?: string } {
  if (rows.length <= MAX_TERMINAL_ROWS) {
    return { shown: rows };
  }
  const more = rows.length - MAX_TERMINAL_ROWS;
  return {
    shown: rows.slice(0, MAX_TERMINAL_ROWS),
    note: `... and ${more} more ${what} (all of them are in --json)`,
  };
}

/** Renders the review for a terminal. */
export function renderTerminal(review: ReviewResult): string {
  const out: string[] = [];
  out.push(
    `Stack ${review.stack} (${review.environment}) · ${review.stackFile} · ${review.resources.length} resources, ` +
      `${review.gpuPools.length} GPU pools`,
  );

  out.push("", "Resources by type");
  out.push(
    table(
      ["type", "count"],
      review.resourceCounts.map((r) => [r.type, r.count]),
      ["left", "right"],
    ),
  );

  out.push("", "GPU capacity");
  const pools = capped(review.gpuPools, "pools");
  out.push(
    table(
      [
        "cloud",
        "region",
        "cluster",
        "pool",
        "gpu",
        "gpus/node",
        "nodes",
        "GPUs",
        "capacity",
        "zones",
      ],
      pools.shown.map((p) => [
        p.cloud,
        p.region,
        p.cluster,
        p.pool,
        p.gpu,
        p.gpusPerNode,
        range(p.minNodes, p.maxNodes),
        range(p.minNodes * p.gpusPerNode, p.maxNodes * p.gpusPerNode),
        p.capacity,
        p.zones.join(" "),
      ]),
    ),
  );
  if (pools.note !== undefined) {
    out.push(pools.note);
  }
  const byCloud = review.capacity.byCloud
    .map((c) => `${c.cloud} ${range(c.minGpus, c.maxGpus)}`)
    .join(", ");
  out.push(
    `GPUs: ${range(review.capacity.minGpus, review.capacity.maxGpus)} in total (${byCloud || "none"})`,
  );

  const cost = review.cost;
  out.push(
    "",
    `Monthly cost estimate (${cost.hoursPerMonth} h/month unless scheduled, catalog prices)`,
  );
  // At fleet scale, the dearest pools first.
  const byCost = capped(
    cost.pools.length > MAX_TERMINAL_ROWS
      ? [...cost.pools].sort((a, b) => (b.monthlyMaxUsd ?? 0) - (a.monthlyMaxUsd ?? 0))
      : cost.pools,
    "pools",
  );
  out.push(
    table(
      [
        "pool",
        "instance type",
        "capacity",
        "$/node-hour",
        "h/month",
        "at min",
        "at max",
        "schedule saves (max)",
      ],
      byCost.shown.map((c) => [
        c.pool,
        c.instanceType,
        c.capacity,
        c.usdPerNodeHour === undefined ? "unknown" : c.usdPerNodeHour.toFixed(4),
        c.schedule === undefined ? String(c.hoursPerMonth) : `${c.hoursPerMonth} (${c.schedule})`,
        c.monthlyMinUsd === undefined ? "unpriced" : usd(c.monthlyMinUsd),
        c.monthlyMaxUsd === undefined ? "unpriced" : usd(c.monthlyMaxUsd),
        c.savingMaxUsd === undefined ? "-" : usd(c.savingMaxUsd),
      ]),
      ["left", "left", "left", "right", "right", "right", "right", "right"],
    ),
  );
  if (byCost.note !== undefined) {
    out.push(byCost.note);
  }
  out.push(`Total: ${usd(cost.monthlyMinUsd)} at min, ${usd(cost.monthlyMaxUsd)} at max per month`);
  const unpriced = cost.pools.filter((c) => c.unpricedReason !== undefined);
  if (unpriced.length > 0) {
    out.push(
      `Not in the totals (${unpriced.length} pool${unpriced.length === 1 ? "" : "s"} without a known price):`,
    );
    for (const c of unpriced.slice(0, MAX_TERMINAL_ROWS)) {
      out.push(`  - ${c.pool}: ${c.unpricedReason}`);
    }
  }
  out.push(...renderSchedules(review), ...renderEdgeFleet(review));
  // The change against --base right under the heading, guardrails last.
  const [heading, ...rest] = out;
  return `${heading}\n${renderDeltaTerminal(review)}${rest.join("\n")}\n${renderGuardrailsTerminal(review)}`;
}
