/**
 * Stack config of observing and accounting: `hybrid-ai:monitoring` (GPU monitoring and where alerts
 * go), `hybrid-ai:sites` (PUE, grid carbon intensity and electricity price of own racks and edge
 * locations), and the cross-checks of `hybrid-ai:budget`'s alert keys against the clusters (a GCP
 * budget needs a billing account). Schemas type the shape; the cross-checks name the key at fault.
 */
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import {
  AWS_BUDGET_MAX_SUBSCRIBERS,
  GCP_BUDGET_MAX_CHANNELS,
} from "../../components/observe/cloudBudget";
import { show, type KeyPath, type Problem } from "../../components/validation";

/** What an offline run reads in place of a `secure:` value (the same marker as the config loader's). */
const SECRET_MARKER = "[secret]";

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

/** What the cross-checks need of the rest of the stack. */
export interface ObserveContext {
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly cloud: "aws" | "gcp" }>;
  readonly edgeSites: ReadonlyArray<{ readonly name: string; readonly location: string }>;
  /** Whether the stack file holds `monitoring.alertReceiver.webhookUrl` as a `secure:` value. */
  readonly webhookIsSecret: boolean;
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/**
 * Checks monitoring, sites and budget alerts against the clusters and edge sites. Reads the raw values,
 * so these checks run, and report, even when a sibling key fails its schema.
 */
export function validateObserveConfig(
  values: Readonly<Record<string, unknown>>,
  ctx: ObserveContext,
): Problem[] {
  const monitoring = obj(values.monitoring);
  const sites = obj(values.sites);
  const budget = values.budget === undefined ? undefined : obj(values.budget);
  const problems: Problem[] = [];
  const add = (path: KeyPath, message: string) => problems.push({ path, message });
  const targets = [...ctx.clusters.map((c) => c.name), ...ctx.edgeSites.map((s) => s.name)];

  const receiver =
    monitoring.alertReceiver === undefined
      ? undefined
      : (obj(monitoring.alertReceiver) as { webhookUrl?: unknown; email?: unknown });
  if (receiver !== undefined) {
    if ((receiver.webhookUrl === undefined) === (receiver.email === undefined)) {
      add(["monitoring", "alertReceiver"], "must give webhookUrl or email, not both");
    }
    if (receiver.webhookUrl !== undefined) {
      // Never show the value: it is, or should have been, a secret.
      if (!ctx.webhookIsSecret) {
        add(
          ["monitoring", "alertReceiver", "webhookUrl"],
          "must be a secret, not plain text in the stack file: pulumi config set --secret --path 'monitoring.alertReceiver.webhookUrl' <url>",
        );
      } else if (
        receiver.webhookUrl !== SECRET_MARKER &&
        !/^https?:\/\/\S+$/.test(String(receiver.webhookUrl))
      ) {
        add(["monitoring", "alertReceiver", "webhookUrl"], "must be an http(s) URL");
      }
    }
  }
  strings(monitoring.gpuOperator).forEach((name, i) => {
    if (!targets.includes(name)) {
      const hint = targets.length > 0 ? `; did you mean ${show(closest(name, targets))}?` : "";
      add(["monitoring", "gpuOperator", i], `names no cluster or edge site ${show(name)}${hint}`);
    }
  });

  const places = [...ctx.edgeSites.map((s) => s.name), ...ctx.edgeSites.map((s) => s.location)];
  for (const key of Object.keys(sites)) {
    if (!places.includes(key)) {
      const hint =
        places.length > 0
          ? `; did you mean ${show(closest(key, places))}? Edge sites and locations: ${[...new Set(places)].join(", ")}`
          : "; the stack has no edge site";
      add(["sites", key], `names no edge site or location${hint}`);
    }
  }

  if (budget !== undefined) {
    const emails = strings(budget.alertEmails);
    const clouds = new Set(ctx.clusters.map((c) => c.cloud));
    if (budget.thresholdsPercent !== undefined && emails.length === 0) {
      add(
        ["budget", "thresholdsPercent"],
        "needs budget.alertEmails: who is told when spend crosses them",
      );
    }
    if (emails.length > 0) {
      const max = clouds.has("gcp") ? GCP_BUDGET_MAX_CHANNELS : AWS_BUDGET_MAX_SUBSCRIBERS;
      if (emails.length > max) {
        add(
          ["budget", "alertEmails"],
          `must list at most ${max} addresses (${clouds.has("gcp") ? "a GCP budget notifies at most 5 channels" : "an AWS budget notification takes at most 10"}; got ${emails.length})`,
        );
      }
      if (clouds.has("gcp") && budget.gcpBillingAccount === undefined) {
        add(
          ["budget", "gcpBillingAccount"],
          "is required with alertEmails on a stack with GCP clusters: the billing account the GCP budget watches, like 012345-6789AB-CDEF01",
        );
      }
    }
    const thresholds = Array.isArray(budget.thresholdsPercent) ? budget.thresholdsPercent : [];
    if (new Set(thresholds).size !== thresholds.length) {
      add(["budget", "thresholdsPercent"], `must not repeat a threshold (got ${show(thresholds)})`);
    }
  }
  return problems;
}
