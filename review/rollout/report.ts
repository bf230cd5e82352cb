/** Terminal output of `hai rollout plan` and `hai rollout run`. */
import {
  describeWave,
  modelRef,
  type ModelChange,
  type ModelSpec,
  type RolloutPlan,
  type RolloutSettings,
} from "../../model/rollout/plan";
import { table } from "../report/format";
import type { RunResult } from "./run";

/** A model reference with long commit hashes cut to 12 hex digits, for a table cell. */
const ref = (m: ModelSpec) => modelRef(m).replace(/@([0-9a-f]{12})[0-9a-f]{1,28}$/, "@$1");
const rev = (r: string | undefined) => (r ?? "?").replace(/^([0-9a-f]{12})[0-9a-f]{1,28}$/, "$1");

/** One model change in a line: `support-chat meta-llama/Llama-3.1-8B-Instruct@0e9e39f -> @1a2b3c4`. */
export function describeChange(c: ModelChange): string {
  if (c.kind === "added") {
    return `+ ${c.model} ${ref(c.to!)}`;
  }
  if (c.kind === "removed") {
    return `- ${c.model} ${ref(c.from!)}`;
  }
  const from = c.from!;
  const to = c.to!;
  const parts: string[] = [];
  if (from.model !== to.model) {
    parts.push(`${ref(from)} -> ${ref(to)}`);
  } else if (from.revision !== to.revision) {
    parts.push(`${ref(from)} -> @${rev(to.revision)}`);
  }
  if (from.image !== to.image) {
    parts.push(`image ${String(from.image)} -> ${String(to.image)}`);
  }
  const others = c.fields.filter((f) => !["model", "revision", "image"].includes(f));
  if (others.length > 0) {
    parts.push(`${others.join(", ")} changed`);
  }
  return `~ ${c.model} ${parts.join("; ")}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The waves of a plan: which sites, in what order, through which stacks, changing what. */
export function renderPlan(
  plan: RolloutPlan,
  settings: RolloutSettings,
  baseLabel?: string,
): string {
  const changed = plan.waves.reduce((n, w) => n + w.sites.length, 0);
  const gates = [
    settings.gates.maxErrorRatePercent !== undefined
      ? `error rate <= ${settings.gates.maxErrorRatePercent}%`
      : undefined,
    settings.gates.maxP95LatencyMs !== undefined
      ? `p95 latency <= ${settings.gates.maxP95LatencyMs} ms`
      : undefined,
  ].filter((g) => g !== undefined);
  const lines = [
    `Rollout of ${plan.fleet} (${plan.id}): ${plural(changed, "site")} in ${plural(plan.waves.length, "wave")}, ` +
      `${plural(plan.groups.length, "group stack")}; soak ${settings.soakMinutes} min; gates: ${gates.length > 0 ? gates.join(", ") : "none"}`,
    plan.baseKnown
      ? `Compared with ${baseLabel ?? "the base"}: ${plan.unchanged.length} unchanged` +
        (plan.removed.length > 0 ? `, removed: ${plan.removed.join(", ")}` : "")
      : "No base given: every site counts as new (pass --base <git-ref> to see what changes)",
  ];
  for (const wave of plan.waves) {
    lines.push(
      "",
      `Wave ${wave.index} (${describeWave(wave.spec)}): ${plural(wave.sites.length, "site")} in ${plural(wave.stacks.length, "stack")}`,
      table(
        ["site", "stack", "changes"],
        wave.sites.map((s) => [
          s.site,
          s.stack,
          s.changes.length === 0 ? "(at the target)" : s.changes.map(describeChange).join("\n"),
        ]),
      ),
    );
  }
  if (plan.waves.length === 0) {
    lines.push("", "Nothing to roll out: every site runs what the fleet file says.");
  }
  return `${lines.join("\n")}\n`;
}

/** What a run did, wave by wave, and what is left. */
export function renderRun(result: RunResult): string {
  const lines = [`Rollout ${result.id} of ${result.fleet}: ${result.status}`];
  for (const wave of result.waves) {
    lines.push(
      "",
      `Wave ${wave.index}: ${plural(wave.sites.length, "site")}, soaked ${wave.soakedMinutes} min`,
      table(
        ["site", "group", "result", "updated", "why"],
        wave.sites.map((s) => [
          s.site,
          s.group,
          s.status,
          s.updated ? "yes" : "no",
          s.reasons.join("; "),
        ]),
      ),
    );
  }
  if (result.pending.length > 0) {
    lines.push("", `Pending (unreachable, retried next run): ${result.pending.join(", ")}`);
  }
  lines.push("", result.message);
  return `${lines.join("\n")}\n`;
}
