import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import { T } from "../../model/contracts";
import { readPool } from "../../model/readers/pools";
import { asArray, asObj, configSchema, settingsOf } from "../lib";

const DEFAULTS: { monthlyUsd?: number } = {};

/** Whether an AWS Budget tells anyone: a notification with an e-mail or SNS subscriber. */
function awsBudgetAlerts(r: PolicyResource): boolean {
  return asArray(r.props.notifications).some((n) => {
    const o = asObj(n);
    return (
      asArray(o.subscriberEmailAddresses).length > 0 || asArray(o.subscriberSnsTopicArns).length > 0
    );
  });
}

/** Whether a GCP budget alerts: threshold rules (billing admins are e-mailed unless switched off). */
function gcpBudgetAlerts(r: PolicyResource): boolean {
  const rules = asArray(r.props.thresholdRules);
  const updates = asObj(r.props.allUpdatesRule);
  const silenced =
    updates.disableDefaultIamRecipients === true &&
    asArray(updates.monitoringNotificationChannels).length === 0 &&
    typeof updates.pubsubTopic !== "string";
  return rules.length > 0 && !silenced;
}

/**
 * When the stack declares a budget (`hybrid-ai:budget`), each cloud its GPU pools run on has a cloud
 * budget that alerts someone: an AWS Budget with subscribers, a GCP billing budget with threshold
 * rules. The estimate the cost guardrail checks is then also watched where the money is spent.
 *
 * Severity medium, advisory: the guardrail checks the plan; without cloud alerts nobody hears when
 * real spend (data transfer, storage, forgotten nodes) passes it.
 */
export const budgetRequireAlerts: GuardrailPolicy = {
  name: "observe-budget-require-alerts",
  description: "A declared budget is watched in every cloud the stack's GPU pools use.",
  area: "observe",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set `hybrid-ai:budget.alertEmails` (and `gcpBillingAccount` with GCP clusters): the stack then creates an AWS Budget and a GCP billing budget with the thresholds.",
  configSchema: configSchema({ monthlyUsd: { type: "number", exclusiveMinimum: 0 } }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    if (s.monthlyUsd === undefined) {
      args.notApplicable("the stack declares no hybrid-ai:budget");
      return;
    }
    const clouds = new Set<string>();
    for (const r of args.resources) {
      const pool = readPool(r.type, r.props);
      if (pool !== undefined) {
        clouds.add(pool.cloud);
      }
    }
    const watched = {
      aws: args.resources.some((r) => r.type === T.awsBudget && awsBudgetAlerts(r)),
      gcp: args.resources.some((r) => r.type === T.gcpBudget && gcpBudgetAlerts(r)),
    };
    for (const cloud of ["aws", "gcp"] as const) {
      if (clouds.has(cloud) && !watched[cloud]) {
        reportViolation(
          `the stack declares a budget of $${Math.round(s.monthlyUsd).toLocaleString("en-US")} a month but no ${cloud === "aws" ? "AWS Budget" : "GCP billing budget"} alerts on its ${cloud.toUpperCase()} spend`,
        );
      }
    }
  },
};
