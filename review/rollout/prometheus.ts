/**
 * Reads rollout gates from a site's Prometheus through its HTTP query API
 * (https://prometheus.io/docs/prometheus/latest/querying/api/): `GET /api/v1/query?query=...`
 * answers `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[<time>,"<number>"]}]}}`,
 * and `GET /-/ready` answers 200 once Prometheus serves queries.
 */

/** Raised when a site's Prometheus cannot be reached at all (offline site, DNS, timeout). */
export class Unreachable extends Error {
  constructor(
    readonly address: string,
    cause: unknown,
  ) {
    super(
      `${address} unreachable: ${cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)}`,
    );
    this.name = "Unreachable";
  }
}

/** Defaults of the Prometheus client. */
export const PROMETHEUS_DEFAULTS = { timeoutMs: 10_000 } as const;

async function get(address: string, pathAndQuery: string, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(`${address.replace(/\/+$/, "")}${pathAndQuery}`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
  } catch (err) {
    throw new Unreachable(address, err);
  }
}

/** Whether the Prometheus at `address` answers `/-/ready` with 200; false when unreachable. */
export async function prometheusReady(
  address: string,
  timeoutMs: number = PROMETHEUS_DEFAULTS.timeoutMs,
): Promise<boolean> {
  try {
    const res = await get(address, "/-/ready", timeoutMs);
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

interface QueryResponse {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * Runs an instant query and returns its single number, or undefined when the answer holds no data
 * (an empty vector, or NaN from a division by zero traffic). Throws {@link Unreachable} when the site
 * cannot be reached, and an Error naming the query when Prometheus refuses it.
 */
export async function queryNumber(
  address: string,
  promql: string,
  timeoutMs: number = PROMETHEUS_DEFAULTS.timeoutMs,
): Promise<number | undefined> {
  const res = await get(address, `/api/v1/query?query=${encodeURIComponent(promql)}`, timeoutMs);
  let body: QueryResponse;
  try {
    body = (await res.json()) as QueryResponse;
  } catch {
    throw new Error(`${address} answered ${res.status} with no JSON to ${promql}`);
  }
  if (!res.ok || body.status !== "success") {
    throw new Error(`${address} refused ${promql}: ${body.error ?? `HTTP ${res.status}`}`);
  }
  const data = body.data;
  let raw: unknown;
  if (data?.resultType === "scalar" && Array.isArray(data.result)) {
    raw = data.result[1];
  } else if (data?.resultType === "vector" && Array.isArray(data.result)) {
    const first = data.result[0] as { value?: unknown[] } | undefined;
    raw = first?.value?.[1];
  }
  if (typeof raw !== "string") {
    return undefined;
  }
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
