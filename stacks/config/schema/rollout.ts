/** `hybrid-ai:rollout`, a site's `group` and a model's `signature` (rules/rollout.ts checks meaning). */
import { z } from "zod";

/** A site group: a DNS-1123 label, short enough for `<fleet>.<group>` stack names. */
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

/** One wave: a number of further sites, or a share of all the sites the rollout changes. */
export const waveSchema = z.union([
  z.strictObject({ sites: z.int().min(1) }),
  z.strictObject({ percent: z.number().gt(0).max(100) }),
]);

/** Rollout gates, read from each site's Prometheus after the soak. */
export const gatesSchema = z.strictObject({
  maxErrorRatePercent: z.number().min(0).max(100).optional(),
  maxP95LatencyMs: z.number().positive().optional(),
  /** PromQL with `{site}` and `{window}`. @default - Traefik's service metrics */
  errorRateQuery: z.string().min(1).optional(),
  p95LatencyQuery: z.string().min(1).optional(),
});

/** `hybrid-ai:rollout`. */
export const rolloutSchema = z.strictObject({
  waves: z.array(waveSchema).min(1).optional(),
  soakMinutes: z.number().min(0).optional(),
  gates: gatesSchema.optional(),
  /** Address of each site's Prometheus, `{site}` and `{group}` filled in. */
  prometheusUrl: z.string().min(1).optional(),
});
export type RolloutConfig = z.infer<typeof rolloutSchema>;
