/**
 * The stack config contract: every key under the `hybrid-ai:` namespace of `stacks/Pulumi.<stack>.yaml`.
 *
 * Objects are strict: an unknown key is an error, so a typo never passes silently. Values that other
 * validators own (GPU names, zones, bounds between keys) are typed loosely here and checked by the
 * components' pure validators, which give better messages and run even when a sibling key is wrong.
 */
import { z } from "zod";
import { ENVIRONMENTS } from "../../../model/tags";
import type { ClusterConfig } from "./clusters";
import { disasterRecoverySchema } from "./disasterRecovery";
import type { EdgeSiteConfig, ScheduleConfig } from "./edge";
import { allowedRegionsSchema, budgetSchema, policyConfigSchema } from "./policy";

export * from "./clusters";
export * from "./common";
export * from "./disasterRecovery";
export * from "./edge";
export * from "./policy";

/**
 * Top-level keys, without the namespace. Top-level scalars reach a Pulumi program as strings, so
 * numbers and booleans there use `z.coerce`. Later features add their keys here.
 */
export const stackConfigShape = {
  environment: z.enum(ENVIRONMENTS),
  owner: z.string().min(1),
  costCenter: z.string().min(1),
  /** Parsed one by one with {@link clusterSchema}, so every cluster's problems are reported. */
  clusters: z.array(z.unknown()).min(1),
  /** Shutdown schedules by name (schema/edge.ts). */
  schedules: z.record(z.string(), z.unknown()).optional(),
  /** Edge inference sites (schema/edge.ts). */
  edgeSites: z.array(z.unknown()).optional(),
  disasterRecovery: disasterRecoverySchema.optional(),
  /** Guardrail enforcement levels, settings and waivers (schema/policy.ts). */
  policy: policyConfigSchema.optional(),
  budget: budgetSchema.optional(),
  allowedRegions: allowedRegionsSchema.optional(),
};
export const stackConfigSchema = z.strictObject(stackConfigShape);

/** The validated stack config. */
export type StackConfig = Omit<
  z.infer<typeof stackConfigSchema>,
  "clusters" | "schedules" | "edgeSites"
> & {
  readonly clusters: ClusterConfig[];
  readonly schedules: Record<string, ScheduleConfig>;
  readonly edgeSites: EdgeSiteConfig[];
};
