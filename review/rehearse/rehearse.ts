/**
 * `hai rehearse` offline: runs the stack program under mocks twice, as configured with failover off and
 * with failover on, and reports the failover plan, the readiness checks and the RTO/RPO verdict.
 */
import { version } from "../../package.json";
import { CONFIG_NAMESPACE } from "../../stacks/config/schema";
import { checkStackConfig, runStackOffline, type OfflineRun } from "../run/stack";
import { ConfigError, UsageError } from "../errors";
import type { Project } from "../run/project";
import { estimateRpo, estimateRto, type Estimate } from "../../model/estimate/recovery";
import { findDrFacts, type DrFacts } from "../../model/readers/dr";
import { diffCaptures, type PlannedChange } from "./plan";
import { runbookNames, type RunbookNames } from "./runbook";
import { checkReadiness, type ReadinessCheck } from "./readiness";

/** Version of the rehearsal JSON document. */
export const REHEARSAL_SCHEMA_VERSION = 1;

/** A measured run of the rehearsal stack (`--live`). */
export interface LiveTimings {
  readonly startedAt: string;
  /** `pulumi up` of the rehearsal stack, seconds. */
  readonly upSeconds?: number;
  /** From the end of `up` until the endpoint passed its health check, seconds. */
  readonly healthySeconds?: number;
  /** `pulumi destroy`, seconds. */
  readonly destroySeconds?: number;
  /** Measured RTO: detection and DNS as estimated (they cannot be measured without failing production), plus the measured up and healthy times. */
  readonly measuredRtoSeconds?: number;
  readonly healthy: boolean;
  readonly destroyed: boolean;
  readonly error?: string;
}

/** What `hai rehearse` reports. */
export interface RehearsalResult {
  readonly schemaVersion: typeof REHEARSAL_SCHEMA_VERSION;
  readonly tool: { readonly name: "hai"; readonly version: string };
  readonly stack: string;
  readonly stackFile: string;
  readonly generatedAt: string;
  readonly dr: DrFacts;
  /** Changes from normal operation to failover, by URN; empty for a rehearsal stack. */
  readonly plan: readonly PlannedChange[];
  readonly checks: readonly ReadinessCheck[];
  readonly rto: Estimate;
  readonly rpo: Estimate;
  /** Whether every check passed and both targets are met. */
  readonly ready: boolean;
  /** Why not, one line each. */
  readonly reasons: readonly string[];
  readonly live?: LiveTimings;
  /** The names the runbook's commands use (clusters, contexts, DR resources to target). */
  readonly runbookNames?: RunbookNames;
}

/** What to rehearse. */
export interface RehearseOptions {
  readonly stack: string;
  readonly project?: Project;
  readonly progress?: (message: string) => void;
}

const DR_KEY = `${CONFIG_NAMESPACE}:disasterRecovery`;

/** The stack's config with `disasterRecovery.failover` set. */
function failoverOverride(raw: string | undefined, failover: boolean): Record<string, string> {
  if (raw === undefined) {
    return {};
  }
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return { [DR_KEY]: JSON.stringify({ ...parsed, failover }) };
  } catch {
    return {};
  }
}

/**
 * Rehearses a stack's failover offline. A stack that is not a rehearsal stack runs twice, failover
 * off and on, both at once (two program processes).
 */
export async function rehearseStack(options: RehearseOptions): Promise<RehearsalResult> {
  const checked = checkStackConfig(options);
  const dr0 = checked.config?.disasterRecovery;
  if (dr0 === undefined) {
    throw new UsageError(
      `stack ${options.stack} declares no disaster recovery: add hybrid-ai:disasterRecovery to ${checked.file} (see README, "Disaster recovery")`,
    );
  }
  const running = runStackOffline({
    stack: options.stack,
    project: options.project,
    progress: options.progress,
  });
  let other: Promise<OfflineRun> | undefined;
  if (!dr0.rehearsal) {
    options.progress?.("running it with the other failover setting at the same time");
    other = runStackOffline({
      stack: options.stack,
      project: options.project,
      configOverrides: failoverOverride(JSON.stringify(dr0), !dr0.failover),
    });
  }
  // Settled either way, so a failure of one run is reported after the other has ended.
  const [firstRun, otherRun] = await Promise.allSettled([running, other]);
  if (firstRun.status === "rejected") {
    throw firstRun.reason;
  }
  if (otherRun.status === "rejected") {
    throw otherRun.reason;
  }
  const first = firstRun.value;
  const second = otherRun.value?.capture ?? first.capture;
  const normal = dr0.failover ? second : first.capture;
  const failover = dr0.failover ? first.capture : second;
  // The stack as written: failover as its config sets it.
  const facts = findDrFacts(first.capture.resources);
  if (facts === undefined) {
    throw new ConfigError(
      [{ file: first.file, key: DR_KEY, message: "produced no DisasterRecoveryRegion" }],
      first.file,
    );
  }
  const checks = checkReadiness({ facts, normal: normal.resources, failover: failover.resources });
  const rto = estimateRto({
    strategy: facts.rehearsal ? "pilot-light" : facts.strategy,
    rtoMinutes: facts.rtoMinutes,
    healthCheckIntervalSeconds: facts.dns.healthCheckIntervalSeconds,
    failureThreshold: facts.dns.failureThreshold,
    dnsTtlSeconds: facts.dns.ttlSeconds,
    dnsProvider: facts.dns.provider,
    nodeProvisioningMinutes: dr0.estimates?.nodeProvisioningMinutes,
    modelLoadMinutes: dr0.estimates?.modelLoadMinutes,
  });
  const rpo = estimateRpo({
    rpoMinutes: facts.rpoMinutes,
    mechanism: facts.replication.mechanism,
    backupSchedule: facts.backups.clusters.length > 0 ? facts.backups.schedule : undefined,
  });
  const reasons = [
    ...checks
      .filter((c) => c.status === "fail")
      .map((c) => `${c.id} check failed: ${c.problems.join("; ")}`),
    ...(rto.met ? [] : [`RTO: ${rto.reason}`]),
    ...(rpo.met ? [] : [`RPO: ${rpo.reason}`]),
  ];
  return {
    schemaVersion: REHEARSAL_SCHEMA_VERSION,
    tool: { name: "hai", version },
    stack: options.stack,
    stackFile: first.file,
    generatedAt: new Date().toISOString(),
    dr: facts,
    plan: facts.rehearsal ? [] : diffCaptures(normal.resources, failover.resources),
    runbookNames: runbookNames(facts, failover),
    checks,
    rto,
    rpo,
    ready: reasons.length === 0,
    reasons,
  };
}
