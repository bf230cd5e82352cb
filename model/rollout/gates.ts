/**
 * Rollout gates: the PromQL each site's Prometheus answers after a wave's soak, and the verdict.
 * Pure: the runner does the HTTP.
 *
 * Default queries read Traefik's service metrics, since k3s ships Traefik as its ingress and every
 * request to a site's models passes it: `traefik_service_requests_total` (labels code, method,
 * protocol, service) and the `traefik_service_request_duration_seconds` histogram. Source:
 * https://doc.traefik.io/traefik/v2.9/observability/metrics/overview (read 2026-11-30). Traefik's
 * Kubernetes service label is `<namespace>-<service>-<port>@kubernetes`, and a site's namespace is
 * its name. Sites behind another ingress set their own queries.
 */
import type { RolloutGates } from "./plan";

/** PromQL templates; `{site}` and `{window}` (the soak, e.g. `30m`) are filled in per site. */
export interface GateQueries {
  readonly errorRatePercent: string;
  readonly p95LatencyMs: string;
}

/** Default gate queries (Traefik, see the module comment). */
export const DEFAULT_GATE_QUERIES: GateQueries = {
  errorRatePercent:
    '100 * sum(rate(traefik_service_requests_total{service=~"{site}-.*",code=~"5.."}[{window}])) / sum(rate(traefik_service_requests_total{service=~"{site}-.*"}[{window}]))',
  p95LatencyMs:
    '1000 * histogram_quantile(0.95, sum by (le) (rate(traefik_service_request_duration_seconds_bucket{service=~"{site}-.*"}[{window}])))',
};

/** A query with its placeholders filled. */
export function fillQuery(template: string, site: string, soakMinutes: number): string {
  return template
    .replaceAll("{site}", site)
    .replaceAll("{window}", `${Math.max(1, Math.round(soakMinutes))}m`);
}

/** A site's Prometheus address from a template (`https://prom.{site}.acme.example`). */
export function fillAddress(template: string, site: string, group: string): string {
  return template.replaceAll("{site}", site).replaceAll("{group}", group);
}

/** What a site's Prometheus answered; undefined when it had no data (no traffic in the window). */
export interface GateReadings {
  readonly errorRatePercent?: number;
  readonly p95LatencyMs?: number;
}

/** A gate's verdict for one site. */
export interface GateVerdict {
  /** `pass`: every gate read and within bounds; `fail`: one is over; `no-data`: nothing to judge. */
  readonly status: "pass" | "fail" | "no-data";
  /** Why, one line per gate: `error rate 3.2% > 1%`. */
  readonly reasons: readonly string[];
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ""));

/**
 * Judges readings against the gates. A gate over its bound fails the site; a gate with no data
 * cannot pass it (a canary nobody called proves nothing), so the site reads `no-data` unless another
 * gate failed.
 */
export function judgeGates(gates: RolloutGates, readings: GateReadings): GateVerdict {
  const failed: string[] = [];
  const missing: string[] = [];
  const check = (
    bound: number | undefined,
    value: number | undefined,
    label: string,
    unit: string,
  ) => {
    if (bound === undefined) {
      return;
    }
    if (value === undefined || Number.isNaN(value)) {
      missing.push(`${label}: no data`);
    } else if (value > bound) {
      failed.push(`${label} ${fmt(value)}${unit} > ${fmt(bound)}${unit}`);
    }
  };
  check(gates.maxErrorRatePercent, readings.errorRatePercent, "error rate", "%");
  check(gates.maxP95LatencyMs, readings.p95LatencyMs, "p95 latency", " ms");
  if (failed.length > 0) {
    return { status: "fail", reasons: [...failed, ...missing] };
  }
  if (missing.length > 0) {
    return { status: "no-data", reasons: missing };
  }
  return { status: "pass", reasons: [] };
}
