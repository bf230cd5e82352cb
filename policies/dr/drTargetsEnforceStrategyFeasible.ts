import { REPLICATION_LAG } from "../../model/catalog/recovery";
import { DR_STRATEGIES, type DrStrategy } from "../../model/contracts";
import { estimateRto } from "../../model/estimate/recovery";
import { configSchema, settingsOf } from "../lib";
import type { GuardrailPolicy } from "../types";
import { drRegions } from "./facts";

/**
 * `dr-targets-enforce-strategy-feasible` (severity medium, mandatory): a DR region's RTO and RPO can be
 * met by its strategy. The RTO must cover the cited estimate for the strategy (health-check detection
 * and DNS TTL; plus scale-up, GPU node provisioning and model load unless active-active), so a pilot
 * light cannot promise minutes; the RPO cannot be shorter than the fastest replication guarantee
 * (15 minutes for S3 RTC and GCS turbo replication, 60 minutes for the hourly S3-to-GCS transfer).
 */
/** Route 53's defaults, assumed when a DR region does not say (see model/catalog/recovery.ts). */
const DEFAULTS = { healthCheckIntervalSeconds: 10, failureThreshold: 3, dnsTtlSeconds: 60 };

export const drTargetsEnforceStrategyFeasible: GuardrailPolicy = {
  name: "dr-targets-enforce-strategy-feasible",
  description: "The RTO and RPO of a DR region are possible for its strategy.",
  enforcementLevel: "mandatory",
  severity: "medium",
  area: "dr",
  remediation:
    "Raise rtoMinutes / rpoMinutes to what the strategy can deliver, or choose a warmer strategy (warm-standby, active-active); `hai rehearse` shows the estimate's parts.",
  configSchema: configSchema({
    healthCheckIntervalSeconds: {
      type: "number",
      minimum: 1,
      default: DEFAULTS.healthCheckIntervalSeconds,
    },
    failureThreshold: { type: "number", minimum: 1, default: DEFAULTS.failureThreshold },
    dnsTtlSeconds: { type: "number", minimum: 0, default: DEFAULTS.dnsTtlSeconds },
  }),
  validateStack: (args, reportViolation) => {
    const assumed = settingsOf(args, DEFAULTS);
    for (const dr of drRegions(args.resources)) {
      const strategy = dr.props.strategy as DrStrategy;
      if (!(DR_STRATEGIES as readonly string[]).includes(strategy)) {
        continue;
      }
      const dns = (dr.props.dns ?? {}) as {
        healthCheckIntervalSeconds?: number;
        failureThreshold?: number;
        ttlSeconds?: number;
      };
      const rtoMinutes = Number(dr.props.rtoMinutes);
      const estimate = estimateRto({
        strategy,
        rtoMinutes,
        healthCheckIntervalSeconds:
          dns.healthCheckIntervalSeconds ?? assumed.healthCheckIntervalSeconds,
        failureThreshold: dns.failureThreshold ?? assumed.failureThreshold,
        dnsTtlSeconds: dns.ttlSeconds ?? assumed.dnsTtlSeconds,
      });
      if (!estimate.met) {
        reportViolation(
          `${strategy} cannot promise an RTO of ${rtoMinutes} min: ${estimate.parts.map((p) => p.id).join(" + ")} ` +
            `take about ${((estimate.totalSeconds ?? 0) / 60).toFixed(1)} min`,
          dr.urn,
        );
      }
      const rpoMinutes = Number(dr.props.rpoMinutes);
      const fastest = REPLICATION_LAG.s3ReplicationTimeControl.value;
      const hourly = REPLICATION_LAG.storageTransferHourly.value;
      const mechanism = (dr.props.replication as { mechanism?: string } | undefined)?.mechanism;
      if (mechanism === "sts-hourly" && rpoMinutes < hourly) {
        reportViolation(
          `an RPO of ${rpoMinutes} min is below what cross-cloud replication can do: the S3-to-GCS transfer runs at most every ${hourly} min`,
          dr.urn,
        );
      } else if (rpoMinutes < fastest) {
        reportViolation(
          `an RPO of ${rpoMinutes} min is below what replication guarantees: S3 RTC and GCS turbo replication promise ${fastest} min`,
          dr.urn,
        );
      }
    }
  },
};
