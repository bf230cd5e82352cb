import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { acceptedValueViolations } from "../../model/rules/deployChecks";
import { checked } from "./resource";

/**
 * `deploy-api-enforce-accepted-values` (severity high, mandatory): Cloud DNS routing geos must be GCP regions, RTC takes only 15 minutes, Auto Scaling refuses start and end times in the past; each fails the deploy (or, for DNS, the failover).
 */
export const deployApiEnforceAcceptedValues: GuardrailPolicy = {
  name: "deploy-api-enforce-accepted-values",
  description: "Values our code computes are ones the cloud APIs accept.",
  area: "deploy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Use a GCP region for Cloud DNS geos and Cloud Scheduler, 15 minutes for S3 RTC, and future start and end times for scheduled actions.",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    for (const message of acceptedValueViolations(checked(args))) {
      reportViolation(message);
    }
  },
};
