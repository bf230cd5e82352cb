/**
 * Cross-checks of `hybrid-ai:monitoring`, `hybrid-ai:sites` and the budget's alert keys against the
 * clusters and edge sites: targets that exist, sites that name an edge site or location, a webhook URL
 * that is a secret (and never shown), a billing account when a GCP budget is due.
 */
import { closest } from "fastest-levenshtein";
import {
  AWS_BUDGET_MAX_SUBSCRIBERS,
  GCP_BUDGET_MAX_CHANNELS,
} from "../../../components/observe/cloudBudget";
import type { Target } from "../../../model/catalog/types";
import { SECRET_MARKER } from "../../../model/contracts";
import { show, type KeyPath, type Problem } from "../../../model/validation";

/** What the cross-checks need of the rest of the stack. */
export interface ObserveContext {
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly cloud: Target }>;
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
