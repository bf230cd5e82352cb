import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import { MONITORS_LABEL, T, isComponentType } from "../../model/contracts";
import { readPool } from "../../model/readers/pools";
import { asArray, asObj, configSchema, environmentOf, settingsOf } from "../lib";

const DEFAULTS = { environments: ["prod"] as string[] };

/** Alerts a GPU pool's monitoring must raise. */
export const REQUIRED_ALERTS = ["GpuXidError", "GpuIdle"] as const;

/**
 * The stack's name of the cluster a pool runs in: its GpuCluster ancestor, else (a DR standby pool,
 * placed by the DR region) the cluster whose provider it uses, `<cluster>-provider`.
 */
export function clusterOf(pool: PolicyResource): string | undefined {
  for (let p = pool.parent; p !== undefined; p = p.parent) {
    if (isComponentType(p.type, "gpuCluster")) {
      return p.name;
    }
  }
  const provider = pool.provider?.name;
  return provider?.endsWith("-provider") ? provider.slice(0, -"-provider".length) : undefined;
}

/** Alert names of the PrometheusRules monitoring each target, by target. */
function monitoredTargets(resources: readonly PolicyResource[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of resources) {
    if (r.type !== T.prometheusRule) {
      continue;
    }
    const target = asObj(asObj(r.props.metadata).labels)[MONITORS_LABEL];
    if (typeof target !== "string") {
      continue;
    }
    const alerts = out.get(target) ?? new Set<string>();
    for (const group of asArray(asObj(r.props.spec).groups)) {
      for (const rule of asArray(asObj(group).rules)) {
        const name = asObj(rule).alert;
        if (typeof name === "string") {
          alerts.add(name);
        }
      }
    }
    out.set(target, alerts);
  }
  return out;
}

/**
 * GPU capacity of the named environments (prod by default) is monitored: the cluster of every GPU pool
 * has a PrometheusRule labelled `hybrid-ai/monitors: <cluster>` raising the XID and idle-GPU alerts
 * (`hybrid-ai:monitoring.enabled` creates it).
 *
 * Severity high, mandatory: a GPU that fell off the bus or sits idle burns money unseen; on prod that is
 * an outage or a bill nobody notices until the invoice.
 */
export const poolRequireMonitoring: GuardrailPolicy = {
  name: "observe-pool-require-monitoring",
  description: "Production GPU pools are monitored: XID and idle-GPU alerts on their cluster.",
  area: "observe",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `hybrid-ai:monitoring: { enabled: true }` (with an alertReceiver) so every cluster gets the DCGM exporter, its rules and dashboard.",
  configSchema: configSchema({
    environments: {
      type: "array",
      items: { type: "string" },
      default: DEFAULTS.environments,
      description: "environments whose GPU pools must be monitored",
    },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    const monitored = monitoredTargets(args.resources);
    for (const r of args.resources) {
      if (readPool(r.type, r.props) === undefined) {
        continue;
      }
      const env = environmentOf(r.type, r.props, s);
      if (env === undefined || !s.environments.includes(env)) {
        continue;
      }
      const cluster = clusterOf(r);
      if (cluster === undefined) {
        reportViolation(
          `GPU pool ${r.name} (${env}) sits in no cluster component of this stack, so no PrometheusRule monitors it`,
          r.urn,
        );
        continue;
      }
      const alerts = monitored.get(cluster);
      const missing = REQUIRED_ALERTS.filter((a) => !alerts?.has(a));
      if (alerts === undefined) {
        reportViolation(
          `GPU pool ${r.name} (${env}) runs on ${cluster}, which no PrometheusRule monitors (no ${MONITORS_LABEL}: ${cluster})`,
          r.urn,
        );
      } else if (missing.length > 0) {
        reportViolation(
          `GPU pool ${r.name} (${env}): the rules monitoring ${cluster} raise no ${missing.join(" or ")} alert`,
          r.urn,
        );
      }
    }
  },
};
