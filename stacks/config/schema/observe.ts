/**
 * Stack config of observing and accounting: `hybrid-ai:monitoring` (GPU monitoring of every cluster and
 * edge site, and where alerts go), `hybrid-ai:sites` (PUE, grid carbon intensity and electricity price
 * of own racks and edge locations), and the keys `hybrid-ai:budget` gains for cloud budgets. Shapes
 * only: rules/observe.ts checks them against the clusters and sites.
 */
import { z } from "zod";

/** A boolean, also as the strings `pulumi config set --path` may store. */
const flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

/** `hybrid-ai:monitoring.alertReceiver`: a webhook (its URL a secret) or e-mail addresses. */
export const alertReceiverSchema = z.strictObject({
  webhookUrl: z.string().min(1).optional(),
  email: z.array(z.email()).min(1).optional(),
});

/** `hybrid-ai:monitoring`: GPU monitoring of every cluster and edge site of the stack. */
export const monitoringSchema = z.strictObject({
  enabled: flag,
  /** Minutes a GPU stays under 5% utilisation before the idle alert fires. */
  idleGpuMinutes: z.coerce.number().int().positive().default(30),
  alertReceiver: alertReceiverSchema.optional(),
  /** Clusters and edge sites where the NVIDIA GPU operator runs the DCGM exporter already. */
  gpuOperator: z.array(z.string().min(1)).optional(),
  /** Namespace of the targets' Prometheus and Alertmanager (kube-prometheus-stack). */
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a Kubernetes namespace name" })
    .optional(),
});
export type MonitoringConfig = z.infer<typeof monitoringSchema>;

/** One own site: a rack, a store, a plant. */
export const siteFactsSchema = z.strictObject({
  /** Power usage effectiveness of the site: facility energy / IT energy. */
  pue: z.coerce.number().min(1).max(3),
  /** Carbon intensity of the site's electricity, g CO2e per kWh. */
  gridGramsCo2PerKwh: z.coerce.number().min(0).max(2000),
  /** What the site pays for a kWh, USD. */
  electricityUsdPerKwh: z.coerce.number().min(0).max(5).optional(),
});
export type SiteFactsConfig = z.infer<typeof siteFactsSchema>;

/** `hybrid-ai:sites`: facts of own sites, keyed by an edge site's name or location. */
export const sitesSchema = z.record(z.string().min(1), siteFactsSchema);

/** Keys `hybrid-ai:budget` gains for cloud budgets (spread into the budget schema). */
export const budgetAlertShape = {
  /** Who the cloud budgets e-mail when spend crosses a threshold. */
  alertEmails: z.array(z.email()).min(1).optional(),
  /** Percent of the budget at which actual spend alerts; forecast spend alerts at 100. */
  thresholdsPercent: z.array(z.coerce.number().positive().max(1000)).min(1).optional(),
  /** The GCP billing account the GCP budget watches. */
  gcpBillingAccount: z
    .string()
    .regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, {
      error: "must be a GCP billing account id like 012345-6789AB-CDEF01",
    })
    .optional(),
};
