/**
 * Stack config keys of the guardrails: `hybrid-ai:policy` (enforcement levels, settings, waivers),
 * `hybrid-ai:budget` and `hybrid-ai:allowedRegions`. Policy names are checked against the policy
 * registry by the review engine (review/policy/settings.ts), which knows them; this schema only
 * checks shapes, so the Pulumi program does not depend on the policy pack.
 */
import { z } from "zod";
import { budgetAlertShape } from "./observe";

/** Enforcement levels a stack may set; `remediate` is not used by these guardrails. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "disabled"] as const;

/** One waiver: a policy that does not apply to some resources, with why, until when and who said so. */
export const waiverSchema = z.strictObject({
  /** Policy name, e.g. `redundancy-pool-require-multi-zone`. */
  policy: z.string().min(1),
  /** Resource name or URN glob, e.g. `aws-use1-infer-batch` or `*-train-*`. */
  resource: z.string().min(1),
  reason: z.string().min(1),
  /** Last day the waiver holds, `YYYY-MM-DD`. */
  expires: z.iso.date(),
  approvedBy: z.string().min(1).optional(),
});
export type WaiverConfig = z.infer<typeof waiverSchema>;

/** `hybrid-ai:policy`. */
export const policyConfigSchema = z.strictObject({
  enforcement: z.record(z.string(), z.enum(ENFORCEMENT_LEVELS)).optional(),
  settings: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  waivers: z.array(waiverSchema).optional(),
});
export type PolicyConfig = z.infer<typeof policyConfigSchema>;

/** `hybrid-ai:budget`: what the stack may cost a month at maximum size. */
export const budgetSchema = z.strictObject({
  // A number, or the digits `pulumi config set --path` stores as a string; never `true` (which
  // coercion made $1) or `[500000]`.
  monthlyUsd: z.preprocess(
    (v) => (typeof v === "string" && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v),
    z.number().positive(),
  ),
  ...budgetAlertShape,
});

/** `hybrid-ai:allowedRegions`: the only regions the stack may place resources in. */
export const allowedRegionsSchema = z.array(z.string().min(1)).min(1);
