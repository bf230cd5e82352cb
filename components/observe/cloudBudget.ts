import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../../model/contracts";
import type { CloudBudgetOutputs } from "../../model/outputs";
import type { Registered } from "../registered";
import {
  COST_TAG_KEYS,
  awsTags,
  gcpLabelValue,
  gcpLabels,
  type CostAllocation,
} from "../../model/tags";
import { show, throwIfProblems, type Problem } from "../../model/validation";

/** Type token of {@link CloudBudget}. */
export const CLOUD_BUDGET_TYPE = COMPONENT_TYPES.cloudBudget;

/** Defaults applied when args leave them out. */
export const CLOUD_BUDGET_DEFAULTS = {
  /** Percent of the budget at which actual spend alerts; forecast spend alerts at 100. */
  thresholdsPercent: [50, 80, 100] as readonly number[],
} as const;

/** Most e-mail subscribers one AWS Budgets notification takes. */
export const AWS_BUDGET_MAX_SUBSCRIBERS = 10;
/** Most Cloud Monitoring channels one GCP budget notifies. */
export const GCP_BUDGET_MAX_CHANNELS = 5;

/** GCP billing account ids: `012345-6789AB-CDEF01`. */
const BILLING_ACCOUNT = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Clouds a budget can watch: AWS Budgets and GCP Cloud Billing budgets. */
export const BudgetCloud = { Aws: "aws", Gcp: "gcp" } as const;
export type BudgetCloud = (typeof BudgetCloud)[keyof typeof BudgetCloud];

/** Arguments of {@link CloudBudget}. */
export interface CloudBudgetArgs {
  readonly cloud: BudgetCloud;
  /** The monthly budget in USD: what the stack may cost on this cloud. */
  readonly monthlyUsd: number;
  /** The stack's cost allocation: the budget counts only spend tagged (AWS) or labelled (GCP) with its stack. */
  readonly costAllocation: CostAllocation;
  /** Who is told when spend crosses a threshold. */
  readonly alertEmails: readonly string[];
  /**
   * Percent of the budget at which actual spend alerts; forecast spend alerts at 100.
   * @default [50, 80, 100]
   */
  readonly thresholdsPercent?: readonly number[];
  /** GCP only: the billing account the budget watches, `012345-6789AB-CDEF01`. */
  readonly billingAccount?: string;
  /** GCP only: the project holding the e-mail notification channels. */
  readonly project?: string;
}

/** The AWS Budgets filter value of a cost-allocation tag: `user:<key>$<value>`. */
export function awsTagFilter(key: string, value: string): string {
  return `user:${key}$${value}`;
}

/** Checks budget args and returns every problem. */
export function validateCloudBudgetArgs(args: CloudBudgetArgs): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) => problems.push({ path, message });
  if (!(args.monthlyUsd > 0)) {
    add(["monthlyUsd"], `must be > 0 (got ${show(args.monthlyUsd)})`);
  }
  const max = args.cloud === "aws" ? AWS_BUDGET_MAX_SUBSCRIBERS : GCP_BUDGET_MAX_CHANNELS;
  if (args.alertEmails.length === 0 || args.alertEmails.length > max) {
    add(
      ["alertEmails"],
      `must list 1-${max} addresses (${args.cloud === "aws" ? "an AWS budget notification" : "a GCP budget"} takes at most ${max}; got ${args.alertEmails.length})`,
    );
  }
  args.alertEmails.forEach((e, i) => {
    if (!EMAIL.test(e)) {
      add(["alertEmails", i], `must be an e-mail address (got ${show(e)})`);
    }
  });
  const thresholds = args.thresholdsPercent ?? CLOUD_BUDGET_DEFAULTS.thresholdsPercent;
  thresholds.forEach((p, i) => {
    if (!(p > 0 && p <= 1000)) {
      add(["thresholdsPercent", i], `must be a percent in (0, 1000] (got ${show(p)})`);
    }
  });
  if (new Set(thresholds).size !== thresholds.length) {
    add(["thresholdsPercent"], `must not repeat a threshold (got ${show(thresholds)})`);
  }
  if (args.cloud === "gcp") {
    if (args.billingAccount === undefined || !BILLING_ACCOUNT.test(args.billingAccount)) {
      add(
        ["billingAccount"],
        `must be a GCP billing account id like 012345-6789AB-CDEF01 (got ${show(args.billingAccount)})`,
      );
    }
    if (args.project === undefined) {
      add(["project"], "is required on GCP: the project holding the e-mail notification channels");
    }
  } else if (args.billingAccount !== undefined) {
    add(["billingAccount"], "applies to GCP only");
  }
  return problems;
}

/**
 * A cloud budget watching what one stack spends on one cloud: an AWS Budget filtered by the stack's
 * cost-allocation tag (`user:stack$<stack>`; the tag must be activated in AWS Billing), or a GCP
 * billing budget filtered by its `stack` label. Actual spend alerts at each threshold, forecast spend
 * at 100%; recipients get e-mail (on GCP through Cloud Monitoring e-mail channels).
 *
 * @example
 * new CloudBudget("prod-budget-aws", {
 *   cloud: "aws", monthlyUsd: 200000, costAllocation, alertEmails: ["finops@example.com"],
 * }, { provider: awsProvider });
 */
export class CloudBudget extends pulumi.ComponentResource {
  /** The filter, in the cloud's terms. */
  public readonly filter: string;

  constructor(name: string, args: CloudBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems(`CloudBudget ${name}`, validateCloudBudgetArgs(args));
    super(CLOUD_BUDGET_TYPE, name, {}, opts);
    const thresholds = [
      ...(args.thresholdsPercent ?? CLOUD_BUDGET_DEFAULTS.thresholdsPercent),
    ].sort((a, b) => a - b);
    const stack = args.costAllocation.stack;
    const childOpts: pulumi.CustomResourceOptions = { parent: this };

    if (args.cloud === "aws") {
      this.filter = awsTagFilter(COST_TAG_KEYS.stack, stack);
      const notify = (threshold: number, notificationType: "ACTUAL" | "FORECASTED") => ({
        comparisonOperator: "GREATER_THAN",
        threshold,
        thresholdType: "PERCENTAGE",
        notificationType,
        subscriberEmailAddresses: [...args.alertEmails],
      });
      new aws.budgets.Budget(
        name,
        {
          name,
          budgetType: "COST",
          limitAmount: String(args.monthlyUsd),
          limitUnit: "USD",
          timeUnit: "MONTHLY",
          costFilters: [{ name: "TagKeyValue", values: [this.filter] }],
          notifications: [...thresholds.map((t) => notify(t, "ACTUAL")), notify(100, "FORECASTED")],
          tags: awsTags(args.costAllocation),
        },
        childOpts,
      );
    } else {
      const labelValue = gcpLabelValue(stack);
      this.filter = `${COST_TAG_KEYS.stack}=${labelValue}`;
      const channels = args.alertEmails.map(
        (email, i) =>
          new gcp.monitoring.NotificationChannel(
            `${name}-email-${i}`,
            {
              project: args.project,
              type: "email",
              displayName: `${name}: ${email}`,
              labels: { email_address: email },
              userLabels: gcpLabels(args.costAllocation),
            },
            childOpts,
          ),
      );
      new gcp.billing.Budget(
        name,
        {
          billingAccount: args.billingAccount!,
          displayName: name,
          budgetFilter: { labels: { [COST_TAG_KEYS.stack]: labelValue } },
          amount: {
            specifiedAmount: { currencyCode: "USD", units: String(Math.round(args.monthlyUsd)) },
          },
          thresholdRules: [
            ...thresholds.map((t) => ({ thresholdPercent: t / 100, spendBasis: "CURRENT_SPEND" })),
            { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
          ],
          allUpdatesRule: { monitoringNotificationChannels: channels.map((c) => c.id) },
        },
        childOpts,
      );
    }
    this.registerOutputs({
      cloud: args.cloud,
      monthlyUsd: args.monthlyUsd,
      thresholdsPercent: thresholds,
      filter: this.filter,
    } satisfies Registered<CloudBudgetOutputs>);
  }
}
