/**
 * Rules of `hybrid-ai:rollout` the schema cannot express (the last wave reaches every site, each
 * site's Prometheus and series named with `{site}`), and the settings with defaults applied.
 */
import {
  DEFAULT_SITE_GROUP,
  ROLLOUT_DEFAULTS,
  type RolloutSettings,
  type WaveSpec,
} from "../../../model/rollout/plan";
import { DEFAULT_GATE_QUERIES, type GateQueries } from "../../../model/rollout/gates";
import { show, type Problem } from "../../../model/validation";
import type { RolloutConfig } from "../schema";

/** Checks what the schema cannot: the last wave reaches every site; `{site}` in the address. */
export function validateRolloutConfig(rollout: RolloutConfig): Problem[] {
  const problems: Problem[] = [];
  const waves = rollout.waves ?? [];
  const last = waves[waves.length - 1];
  if (last !== undefined && !("percent" in last && last.percent === 100)) {
    problems.push({
      path: ["rollout", "waves", waves.length - 1],
      message: `must be { percent: 100 } so the last wave reaches every site (got ${show(last)})`,
    });
  }
  let previous = 0;
  waves.forEach((w, i) => {
    if ("percent" in w) {
      if (w.percent < previous) {
        problems.push({
          path: ["rollout", "waves", i, "percent"],
          message: `must not be below an earlier wave's ${previous}% (got ${w.percent})`,
        });
      }
      previous = Math.max(previous, w.percent);
    }
  });
  if (rollout.prometheusUrl !== undefined && !rollout.prometheusUrl.includes("{site}")) {
    problems.push({
      path: ["rollout", "prometheusUrl"],
      message: `must name each site's Prometheus with {site}, e.g. https://prometheus.{site}.stores.example (got ${show(rollout.prometheusUrl)})`,
    });
  }
  for (const key of ["errorRateQuery", "p95LatencyQuery"] as const) {
    const q = rollout.gates?.[key];
    if (q !== undefined && !q.includes("{site}")) {
      problems.push({
        path: ["rollout", "gates", key],
        message: `must select the site's series with {site} (got ${show(q)})`,
      });
    }
  }
  return problems;
}

/** Rollout settings with defaults applied. */
export function rolloutSettings(rollout: RolloutConfig | undefined): RolloutSettings & {
  readonly prometheusUrl?: string;
  readonly queries: GateQueries;
} {
  const gates = rollout?.gates;
  return {
    waves: (rollout?.waves as WaveSpec[] | undefined) ?? ROLLOUT_DEFAULTS.waves,
    soakMinutes: rollout?.soakMinutes ?? ROLLOUT_DEFAULTS.soakMinutes,
    gates:
      gates?.maxErrorRatePercent === undefined && gates?.maxP95LatencyMs === undefined
        ? ROLLOUT_DEFAULTS.gates
        : {
            maxErrorRatePercent: gates.maxErrorRatePercent,
            maxP95LatencyMs: gates.maxP95LatencyMs,
          },
    prometheusUrl: rollout?.prometheusUrl,
    queries: {
      errorRatePercent: gates?.errorRateQuery ?? DEFAULT_GATE_QUERIES.errorRatePercent,
      p95LatencyMs: gates?.p95LatencyQuery ?? DEFAULT_GATE_QUERIES.p95LatencyMs,
    },
  };
}

/** A site's group, defaulted. */
export const siteGroup = (site: { readonly group?: string }) => site.group ?? DEFAULT_SITE_GROUP;
