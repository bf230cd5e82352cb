/**
 * Routing a target's alerts to its receiver: an AlertmanagerConfig (monitoring.coreos.com/v1alpha1)
 * whose route matches the target's alerts, and, for a webhook, the Secret holding its URL (the URL is a
 * secret: it often embeds a token). Pure rendering, no Pulumi; the URL is passed through untouched so
 * a Pulumi secret stays one.
 */
import { monitoringLabels } from "./rules";
import { MONITORING_LABEL_KEYS, type MonitoringTarget } from "./types";

/** Key of the webhook URL in its Secret. */
export const WEBHOOK_SECRET_KEY = "url";

/** Name of the receiver in the AlertmanagerConfig. */
export const RECEIVER_NAME = "hybrid-ai";

/** The Secret holding a webhook URL; `url` may be a Pulumi secret Output. */
export function renderWebhookSecret<U>(t: MonitoringTarget, url: U) {
  return {
    apiVersion: "v1" as const,
    kind: "Secret" as const,
    metadata: {
      name: `${t.name}-alert-webhook`,
      namespace: t.namespace,
      labels: monitoringLabels(t),
    },
    type: "Opaque",
    stringData: { [WEBHOOK_SECRET_KEY]: url },
  };
}

/** The AlertmanagerConfig routing the target's alerts to a webhook or to e-mail addresses. */
export function renderAlertmanagerConfig(
  t: MonitoringTarget,
  receiver:
    { readonly kind: "webhook" } | { readonly kind: "email"; readonly to: readonly string[] },
) {
  const configs =
    receiver.kind === "webhook"
      ? {
          webhookConfigs: [
            {
              urlSecret: { name: `${t.name}-alert-webhook`, key: WEBHOOK_SECRET_KEY },
              sendResolved: true,
            },
          ],
        }
      : // SMTP server and sender come from the Alertmanager's global configuration.
        { emailConfigs: receiver.to.map((to) => ({ to, sendResolved: true })) };
  return {
    apiVersion: "monitoring.coreos.com/v1alpha1",
    kind: "AlertmanagerConfig",
    metadata: { name: `${t.name}-alerts`, namespace: t.namespace, labels: monitoringLabels(t) },
    spec: {
      route: {
        receiver: RECEIVER_NAME,
        groupBy: ["alertname", MONITORING_LABEL_KEYS.alertPool, "node"],
        groupWait: "30s",
        groupInterval: "5m",
        repeatInterval: "4h",
        matchers: [{ name: MONITORING_LABEL_KEYS.alertTarget, value: t.target, matchType: "=" }],
      },
      receivers: [{ name: RECEIVER_NAME, ...configs }],
    },
  };
}
