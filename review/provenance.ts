/**
 * Where a resource comes from in the stack config: maps a resource (by URN, name and parent chain)
 * to the config key path that made it, so reports can point at the line to change. One module, so
 * later resource kinds (edge sites, schedules, DR) add their mapping here.
 *
 * Resource names derive from config names (STYLE.md rule 4): a cluster `aws-use1` makes resources
 * named `aws-use1` and `aws-use1-*`; its pool `infer-l4` makes `aws-use1-infer-l4` and
 * `aws-use1-infer-l4-*`. The longest matching name wins; otherwise the parent chain is followed.
 */
import type { KeyPath } from "../model/validation";

/** The resources' fields provenance reads. */
export interface ProvenanceResource {
  readonly urn: string;
  readonly name: string;
  readonly parent?: string;
}

/** Config key fields a policy's finding is about, tried in order below the resource's own path. */
export const POLICY_CONFIG_FIELDS: Record<string, readonly string[]> = {
  "redundancy-pool-require-multi-zone": ["zones"],
  "redundancy-pool-require-min-nodes": ["minNodes"],
  "cost-gpu-limit-per-pool": ["maxNodes"],
  "cost-gpu-enforce-allowed-types": ["gpu"],
  "cost-pool-require-spot": ["capacity", "name"],
  "security-region-enforce-allowed": ["zones", "region"],
  "security-endpoint-disallow-public": ["create", "name"],
  "dr-targets-enforce-strategy-feasible": ["rtoMinutes", "rpoMinutes"],
  "dr-bucket-require-replication": ["artifacts"],
};

/** Config key of stack-level findings that name no resource. */
export const POLICY_STACK_KEYS: Record<string, KeyPath> = {
  "cost-stack-limit-monthly-budget": ["budget", "monthlyUsd"],
  "cost-gpu-limit-per-stack": ["clusters"],
  // A stack without DR: the environment that requires it.
  "dr-stack-require-secondary-region": ["environment"],
};

function getAt(values: unknown, path: KeyPath): unknown {
  let cur = values;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") {
      return undefined;
    }
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

/** Maps resources to config key paths for one stack config (raw values, namespace stripped). */
export class Provenance {
  private readonly names = new Map<string, KeyPath>();
  private readonly byUrn = new Map<string, ProvenanceResource>();

  constructor(
    private readonly values: Record<string, unknown>,
    resources: readonly ProvenanceResource[],
    stack?: string,
  ) {
    const clusters = Array.isArray(values.clusters) ? values.clusters : [];
    clusters.forEach((c, i) => {
      const cluster = c as { name?: unknown; gpuPools?: unknown };
      if (typeof cluster.name !== "string") {
        return;
      }
      this.names.set(cluster.name, ["clusters", i]);
      const pools = Array.isArray(cluster.gpuPools) ? cluster.gpuPools : [];
      pools.forEach((p, j) => {
        const name = (p as { name?: unknown }).name;
        if (typeof name === "string") {
          this.names.set(`${cluster.name}-${name}`, ["clusters", i, "gpuPools", j]);
        }
      });
    });
    const sites = Array.isArray(values.edgeSites) ? values.edgeSites : [];
    sites.forEach((site, i) => {
      const { name, models } = site as { name?: unknown; models?: unknown };
      if (typeof name !== "string") {
        return;
      }
      this.names.set(name, ["edgeSites", i]);
      (Array.isArray(models) ? models : []).forEach((m, j) => {
        const model = (m as { name?: unknown }).name;
        if (typeof model === "string") {
          this.names.set(`${name}-${model}`, ["edgeSites", i, "models", j]);
        }
      });
    });
    // The DR region is one component named `<stack>-dr`; its resources are `<stack>-dr-*`.
    if (values.disasterRecovery !== undefined && stack !== undefined) {
      this.names.set(`${stack}-dr`, ["disasterRecovery"]);
    }
    for (const r of resources) {
      this.byUrn.set(r.urn, r);
    }
  }

  /** The config path a resource name derives from, if any. */
  private byName(name: string): KeyPath | undefined {
    let best: { key: string; path: KeyPath } | undefined;
    for (const [key, path] of this.names) {
      if (
        (name === key || name.startsWith(`${key}-`)) &&
        (best === undefined || key.length > best.key.length)
      ) {
        best = { key, path };
      }
    }
    return best?.path;
  }

  /** The config path of the resource with this URN (or name), following parents; [] when unknown. */
  pathOf(urn: string | undefined): KeyPath {
    const seen = new Set<string>();
    let current = urn === undefined ? undefined : this.byUrn.get(urn);
    if (current === undefined && urn !== undefined) {
      const name = urn.split("::").pop() ?? urn;
      return this.byName(name) ?? [];
    }
    while (current !== undefined && !seen.has(current.urn)) {
      seen.add(current.urn);
      const path = this.byName(current.name);
      if (path !== undefined) {
        return path;
      }
      current = current.parent === undefined ? undefined : this.byUrn.get(current.parent);
    }
    return [];
  }

  /** The config key a policy's finding on a resource points at: the most specific existing field. */
  keyFor(policy: string, urn: string | undefined): KeyPath {
    const base = this.pathOf(urn);
    if (base.length === 0) {
      const stackKey = POLICY_STACK_KEYS[policy];
      if (stackKey !== undefined) {
        for (let n = stackKey.length; n > 0; n--) {
          if (getAt(this.values, stackKey.slice(0, n)) !== undefined) {
            return stackKey.slice(0, n);
          }
        }
      }
      return [];
    }
    for (const field of POLICY_CONFIG_FIELDS[policy] ?? []) {
      if (getAt(this.values, [...base, field]) !== undefined) {
        return [...base, field];
      }
    }
    return base;
  }
}
