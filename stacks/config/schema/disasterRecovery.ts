/** `hybrid-ai:disasterRecovery`. */
import { z } from "zod";
import { DNS_PROVIDERS } from "../../../components/dr/types";
import { DR_STRATEGIES } from "../../../model/contracts";
import { flag, resourceName } from "./common";

/** `hybrid-ai:disasterRecovery`: how the stack survives the loss of its primary region. */
export const disasterRecoverySchema = z.strictObject({
  /** A cluster of this stack that serves in normal operation. */
  primary: resourceName,
  /** Another cluster of this stack, in another region, that takes over. */
  secondary: resourceName,
  strategy: z.enum(DR_STRATEGIES),
  rpoMinutes: z.number().positive(),
  rtoMinutes: z.number().positive(),
  dns: z.strictObject({
    provider: z.enum(DNS_PROVIDERS).optional(),
    managedZone: z.string().optional(),
    zone: z.string().min(1),
    record: z.string().min(1),
    ttlSeconds: z.int().optional(),
    healthCheckPath: z.string().optional(),
    healthCheckIntervalSeconds: z.int().optional(),
    failureThreshold: z.int().optional(),
    /** Host names of each cluster's ingress, by cluster name. */
    endpoints: z.record(z.string(), z.string().min(1)).optional(),
  }),
  artifacts: z.strictObject({ bucket: z.string().min(1) }),
  failover: flag.default(false),
  rehearsal: flag.default(false),
  warmStandbyPercent: z.number().optional(),
  /** Primary pools to protect; by default every pool with minNodes > 0. */
  pools: z.array(z.strictObject({ name: resourceName, maxNodes: z.int().optional() })).optional(),
  backups: z
    .strictObject({ schedule: z.string().optional(), ttlHours: z.int().optional() })
    .optional(),
  /** Measured figures that replace the cited defaults of the RTO estimate. */
  estimates: z
    .strictObject({
      nodeProvisioningMinutes: z.number().positive().optional(),
      modelLoadMinutes: z.number().positive().optional(),
    })
    .optional(),
});
export type DisasterRecoveryConfig = z.infer<typeof disasterRecoverySchema>;
