/** The review as a terminal reader sees it: resources by type, GPU capacity, monthly cost. */
import type { ReviewResult } from "../result/model";
import { renderEdgeFleet, renderSchedules } from "./edgeTerminal";
import { renderEnergyTerminal, scheduleDollarsOf } from "./energy";
import { MAX_TERMINAL_ROWS, capped, range, table, usd, withTableWidth } from "./format";
import { renderDeltaTerminal, renderGuardrailsTerminal } from "./guardrails";
import { renderChangesTerminal } from "./changes";
import { DEFAULT_WIDTH, paint, type Terminal } from "./tty";

/** Renders the review for a terminal: fitted to its width, coloured only where it takes colour. */
export function renderTerminal(
  review: ReviewResult,
  term: Terminal = { width: DEFAULT_WIDTH, colour: false },
): string {
  return withTableWidth(term.width, () => render(review, term));
}

function render(review: ReviewResult, term: Terminal): string {
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
  out.push(
    `Total: ${usd(cost.monthlyMinUsd)} at min, ${usd(cost.monthlyMaxUsd)} at max per month` +
      (cost.unpriced.length > 0 ? " (cannot confirm: unpriced pools below are not in it)" : ""),
  );
  const unpriced = cost.pools.filter((c) => c.unpricedReason !== undefined);
  if (unpriced.length > 0) {
    out.push(
      `Not in the totals (${unpriced.length} pool${unpriced.length === 1 ? "" : "s"} without a known price):`,
    );
    for (const c of unpriced.slice(0, MAX_TERMINAL_ROWS)) {
      out.push(`  - ${c.pool}: ${c.unpricedReason}`);
    }
  }
  out.push(
    ...renderSchedules(review),
    ...renderEdgeFleet(review),
    ...renderEnergyTerminal(review.energy, scheduleDollarsOf(review.savings)),
  );
  const cpu = review.cpuPools ?? [];
  if (cpu.length > 0) {
    out.push(
      "",
      `CPU node pools (no GPUs; counted apart, not priced): ${cpu.length}`,
      ...cpu
        .slice(0, MAX_TERMINAL_ROWS)
        .map(
          (p) =>
            `  ${p.pool} (${p.kind}, ${p.region}): ${range(p.minNodes, p.maxNodes)} x ${p.instanceTypes[0] ?? "unknown type"}${p.fixedSize ? ", fixed size" : ""}`,
        ),
    );
  }
  for (const [title, list] of [
    ["Read, not owned by this stack (external)", review.external ?? []],
    ["Pending deletion (old copies the engine still has to delete)", review.pendingDeletion ?? []],
  ] as const) {
    if (list.length > 0) {
      out.push(
        "",
        `${title}: ${list.length}`,
        ...list.slice(0, 20).map((r) => `  ${r.type} ${r.name}`),
      );
    }
  }
  // What changes right under the heading (a failed run stated first), guardrails last.
  const [heading, ...rest] = out;
  const changes = renderChangesTerminal(review.changes, review.input, term.width).map((l) =>
    l.startsWith("THE RUN FAILED") || l.startsWith("  WARNING") ? paint(term, "red", l) : l,
  );
  const configNote =
    review.input !== undefined && !review.input.config.applied
      ? `\nnote: no stack config applied (${review.input.config.reason}): default settings, no waivers\n`
      : "";
  return `${paint(term, "bold", heading)}\n${changes.length > 0 ? `${changes.join("\n")}\n` : ""}${configNote}${renderDeltaTerminal(review)}${rest.join("\n")}\n${renderGuardrailsTerminal(review, term)}`;
}
