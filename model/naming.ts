/**
 * One naming scheme for every child resource and every name the clouds see.
 *
 * - Pulumi resource names join the parts with `-` (`<cluster>-<pool>`, `<site>-<model>`): they are the
 *   public contract of the components (STYLE.md rule 4) and stay as they were, so existing stacks keep
 *   their URNs.
 * - Names a cloud sees (node pool names, service account ids, label values, ...) are fitted to the
 *   cloud's rule (model/rules/names.ts): a name that fits is the joined parts unchanged; one that is
 *   too long, too short or had to be folded into the rule's alphabet becomes a readable prefix plus a
 *   short stable hash of the parts. The hash is of the parts, not of the joined string, so
 *   `aws-use1-dev` + `l4` and `aws-use1` + `dev-l4` never shorten to the same name.
 * - {@link NameRegistry} finds two different part lists that would still claim one name in one scope
 *   (their joined names collide), so config validation refuses them before anything is created.
 */
import { createHash } from "node:crypto";
import { AUTO_NAME_SUFFIX_LENGTH, nameProblem, nameRule, type NameRule } from "./rules/names";

/** Characters of the hash appended to a shortened name. */
export const NAME_HASH_LENGTH = 6;

/** A short stable hash of name parts: 6 lower-case hex digits. */
export function nameHash(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, NAME_HASH_LENGTH);
}

/** The Pulumi resource name of a child: the parts joined with `-`. */
export function joinName(...parts: string[]): string {
  return parts.join("-");
}

/** How a rule's alphabet folds a value. */
type Fold = (value: string) => string;

const lowerDns: Fold = (v) =>
  v
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
const lowerDnsDigitsFirst: Fold = (v) =>
  v
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "");
const gcpLabelValue: Fold = (v) => v.toLowerCase().replace(/[^a-z0-9_-]+/g, "-");
const k8sLabelValue: Fold = (v) =>
  v.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
const eksName: Fold = (v) => v.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "");
const iamName: Fold = (v) => v.replace(/[^\w+=,.@-]+/g, "-");
const roleId: Fold = (v) => v.replace(/[^A-Za-z0-9_.]+/g, "_");
const asIs: Fold = (v) => v;

const FOLDS: Record<string, Fold> = {
  "eks-cluster-name": eksName,
  "eks-node-group-name": eksName,
  "iam-role-name": iamName,
  "iam-role-policy-name": iamName,
  "gke-cluster-name": lowerDns,
  "gke-node-pool-name": lowerDns,
  "gcp-service-account-id": lowerDns,
  "gcp-health-check-name": lowerDns,
  "gcp-custom-role-id": roleId,
  "cloud-scheduler-job-name": (v) => v.replace(/[^A-Za-z0-9_-]+/g, "-"),
  "gcp-label-value": gcpLabelValue,
  "k8s-label-value": k8sLabelValue,
  "k8s-object-name": lowerDnsDigitsFirst,
  "k8s-service-name": lowerDns,
  "k8s-namespace-name": lowerDnsDigitsFirst,
  "k8s-cronjob-name": lowerDnsDigitsFirst,
  "helm-release-name": lowerDnsDigitsFirst,
  "s3-bucket-name": lowerDnsDigitsFirst,
  "gcs-bucket-name": lowerDnsDigitsFirst,
};

/** Options of {@link fitName}. */
export interface FitOptions {
  /**
   * Characters to keep free at the end, e.g. for a suffix the caller appends, or the 8 characters of
   * a provider's auto-name when the name is a resource name the provider extends.
   * @default 0
   */
  readonly reserve?: number;
}

/**
 * A name that satisfies the rule `ruleId` for the given parts. The joined parts when they fit as
 * they are; otherwise a prefix of the folded parts, `-` and {@link nameHash} of the parts.
 */
export function fitName(
  ruleId: string,
  parts: readonly string[],
  options: FitOptions = {},
): string {
  const rule = nameRule(ruleId);
  const max = rule.max - (options.reserve ?? 0);
  const joined = parts.join("-");
  const fold = FOLDS[rule.id] ?? asIs;
  const folded = fold(joined);
  if (folded === joined && fits(rule, folded, max)) {
    return folded;
  }
  const hash = nameHash(parts);
  const room = max - NAME_HASH_LENGTH - 1;
  const prefix = fold(folded.slice(0, Math.max(room, 0)));
  const candidate = prefix === "" ? hashStart(rule, hash) : `${prefix}-${hash}`;
  if (!fits(rule, candidate, max)) {
    throw new Error(`cannot fit ${JSON.stringify(parts)} to ${rule.what} (${max} characters)`);
  }
  return candidate;
}

/** A hash alone, made to start the way the rule wants (a letter for DNS-style names). */
function hashStart(rule: NameRule, hash: string): string {
  return rule.pattern.test(hash) ? hash : `n${hash}`;
}

function fits(rule: NameRule, value: string, max: number): boolean {
  return [...value].length <= max && nameProblem(rule, value) === undefined;
}

/**
 * A label or tag value folded into the rule's alphabet (`ML Platform` becomes `ml-platform` for GCP
 * labels) and, only when it is then too long, shortened with a hash of the original value, so two
 * long values never fold to one label (pool labels identify pools).
 */
export function fitLabelValue(ruleId: string, value: string): string {
  const rule = nameRule(ruleId);
  const fold = FOLDS[rule.id] ?? asIs;
  const folded = fold(value);
  if (fits(rule, folded, rule.max)) {
    return folded;
  }
  const prefix = fold(folded.slice(0, rule.max - NAME_HASH_LENGTH - 1));
  return prefix === "" ? nameHash([value]) : `${prefix}-${nameHash([value])}`;
}

/**
 * The resource name to give a resource the provider auto-names (`<name>-<7 hex>`), so that the
 * auto-name fits `ruleId`: the name itself when it leaves room for the suffix, a fitted one otherwise.
 */
export function autoNameBase(ruleId: string, parts: readonly string[]): string {
  return fitName(ruleId, parts, { reserve: AUTO_NAME_SUFFIX_LENGTH });
}

/** One claim on a name: who claimed it, as the parts that built it. */
export interface NameClaim {
  readonly name: string;
  readonly parts: readonly string[];
  /** Where the claim comes from, for messages: `clusters[1].gpuPools[0]`. */
  readonly where: string;
}

/**
 * Names claimed per scope (a cluster, a project, a stack). Two claims of one name from different
 * parts collide: `aws-use1-dev` + `l4` and `aws-use1` + `dev-l4` both join to `aws-use1-dev-l4`.
 */
export class NameRegistry {
  private readonly claims = new Map<string, NameClaim>();

  /** Claims `name` in `scope`; returns the earlier claim it collides with, if any. */
  claim(scope: string, claim: NameClaim): NameClaim | undefined {
    const key = `${scope}\u0000${claim.name}`;
    const earlier = this.claims.get(key);
    if (earlier === undefined) {
      this.claims.set(key, claim);
      return undefined;
    }
    return earlier.parts.join("\u0000") === claim.parts.join("\u0000") ? undefined : earlier;
  }
}
