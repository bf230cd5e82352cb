/**
 * Stack config of fleet rollouts: `hybrid-ai:rollout` (waves, soak, gates, where each site's
 * Prometheus answers), a site's `group` and a model's `signature`. Schemas type the shape; the checks
 * below find what a schema cannot (waves that never reach every site), each at its key path.
 */
import { z } from "zod";
import {
  DEFAULT_SITE_GROUP,
  ROLLOUT_DEFAULTS,
  type RolloutSettings,
  type WaveSpec,
} from "../../model/rollout/plan";
import { DEFAULT_GATE_QUERIES, type GateQueries } from "../../model/rollout/gates";
import { show, type Problem } from "../../components/validation";

/** A site group: DNS-1123 label, short enough for `<fleet>.<group>` stack names. */
export const siteGroupSchema = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lowercase letters, digits and hyphens")
  .max(40);

/** `signature:` of a model: who must have signed it (Sigstore keyless). */
export const signatureSchema = z.strictObject({
  identity: z.string().min(1),
  issuer: z.url(),
  file: z.string().min(1).optional(),
});

/** One wave. */
export const waveSchema = z.union([
  z.strictObject({ sites: z.int().min(1) }),
  z.strictObject({ percent: z.number().gt(0).max(100) }),
]);

/** Rollout gates. */
export const gatesSchema = z.strictObject({
  maxErrorRatePercent: z.number().min(0).max(100).optional(),
  maxP95LatencyMs: z.number().positive().optional(),
  errorRateQuery: z.string().min(1).optional(),
  p95LatencyQuery: z.string().min(1).optional(),
});

/** `hybrid-ai:rollout`. */
export const rolloutSchema = z.strictObject({
  waves: z.array(waveSchema).min(1).optional(),
  soakMinutes: z.number().min(0).optional(),
  gates: gatesSchema.optional(),
  prometheusUrl: z.string().min(1).optional(),
});
export type RolloutConfig = z.infer<typeof rolloutSchema>;

/** Keys allowed under rollout objects, for "did you mean" hints; undefined elsewhere. */
export function rolloutAllowedKeys(path: readonly (string | number)[]): string[] | undefined {
  const names = path.filter((p) => typeof p === "string");
  const last = names[names.length - 1];
  if (names.length === 1 && last === "rollout") {
    return Object.keys(rolloutSchema.shape);
  }
  if (names[0] === "rollout" && last === "gates") {
    return Object.keys(gatesSchema.shape);
  }
  if (names[0] === "rollout" && last === "waves") {
    return ["sites", "percent"];
  }
  if (last === "signature") {
    return Object.keys(signatureSchema.shape);
  }
  return undefined;
}

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
