/** The review as a terminal reader sees it: resources by type, GPU capacity, monthly cost. */
import Table from "cli-table3";
import type { ReviewResult } from "../model";
import { range, usd } from "./format";
import { renderDeltaTerminal, renderGuardrailsTerminal } from "./guardrails";

function table(head: string[], rows: Array<Array<string | number>>, align?: Array<"left" | "right">): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true }, ...(align ? { colAligns: align } : {}) });
  t.push(...rows);
  return t.toString();
}

/** Renders the review for a terminal. */
export function renderTerminal(review: ReviewResult): string {
  const out: string[] = [];
  out.push(
    `Stack ${review.stack} (${review.environment}) · ${review.stackFile} · ${review.resources.length} resources, ` +
      `${review.gpuPools.length} GPU pools`,
  );

  out.push("", "Resources by type");
  out.push(table(["type", "count"], review.resourceCounts.map((r) => [r.type, r.count]), ["left", "right"]));

  out.push("", "GPU capacity");
  out.push(
    table(
      ["cloud", "region", "cluster", "pool", "gpu", "gpus/node", "nodes", "GPUs", "capacity", "zones"],
      review.gpuPools.map((p) => [
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
  const byCloud = review.capacity.byCloud.map((c) => `${c.cloud} ${range(c.minGpus, c.maxGpus)}`).join(", ");
  out.push(`GPUs: ${range(review.capacity.minGpus, review.capacity.maxGpus)} in total (${byCloud || "none"})`);

  const cost = review.cost;
  out.push("", `Monthly cost estimate (${cost.hoursPerMonth} h/month, catalog prices)`);
  out.push(
    table(
      ["pool", "instance type", "capacity", "$/node-hour", "at min", "at max"],
      cost.pools.map((c) => [
        c.pool,
        c.instanceType,
        c.capacity,
        c.usdPerNodeHour === undefined ? "unknown" : c.usdPerNodeHour.toFixed(4),
        c.monthlyMinUsd === undefined ? "unpriced" : usd(c.monthlyMinUsd),
        c.monthlyMaxUsd === undefined ? "unpriced" : usd(c.monthlyMaxUsd),
      ]),
      ["left", "left", "left", "right", "right", "right"],
    ),
  );
  out.push(`Total: ${usd(cost.monthlyMinUsd)} at min, ${usd(cost.monthlyMaxUsd)} at max per month`);
  const unpriced = cost.pools.filter((c) => c.unpricedReason !== undefined);
  if (unpriced.length > 0) {
    out.push(`Not in the totals (${unpriced.length} pool${unpriced.length === 1 ? "" : "s"} without a known price):`);
    for (const c of unpriced) {
      out.push(`  - ${c.pool}: ${c.unpricedReason}`);
    }
  }
  // The change against --base right under the heading, guardrails last.
  const [heading, ...rest] = out;
  return `${heading}\n${renderDeltaTerminal(review)}${rest.join("\n")}\n${renderGuardrailsTerminal(review)}`;
}
