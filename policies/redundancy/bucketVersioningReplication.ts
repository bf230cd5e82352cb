import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import {
  S3_BUCKET_TYPES,
  T,
  asArray,
  asObj,
  configSchema,
  matchesAny,
  settingsOf,
  tagsOf,
} from "../lib";

const DEFAULTS = { bucketPatterns: ["*model*", "*artifact*"] };

/** Tag (AWS) or label (GCP) that marks a bucket as holding model artifacts, whatever its name. */
export const MODEL_BUCKET_TAG = { key: "purpose", value: "model-artifacts" } as const;

/** GCS multi- and predefined dual-regions: their objects live in two or more regions. */
const GCS_MULTI_LOCATIONS = ["US", "EU", "ASIA", "NAM4", "EUR4", "ASIA1", "EUR5", "EUR7", "EUR8"];

function bucketNames(r: PolicyResource): string[] {
  return [r.name, r.props.bucket, r.props.name, r.props.id].filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
}

function isModelBucket(r: PolicyResource, patterns: readonly string[]): boolean {
  const tags = tagsOf(r.type, r.props) ?? {};
  return (
    tags[MODEL_BUCKET_TAG.key] === MODEL_BUCKET_TAG.value ||
    bucketNames(r).some((n) => matchesAny(n, patterns))
  );
}

/** Whether `r` (a versioning or replication resource) configures `bucket`. */
function configures(r: PolicyResource, bucket: PolicyResource): boolean {
  const target = r.props.bucket;
  if (typeof target === "string" && bucketNames(bucket).includes(target)) {
    return true;
  }
  return r.dependencies.some((d) => d.urn === bucket.urn) || r.parent?.urn === bucket.urn;
}

function s3Problems(bucket: PolicyResource, all: readonly PolicyResource[]): string[] {
  const problems: string[] = [];
  const inlineVersioning = asObj(bucket.props.versioning).enabled === true;
  const versioned =
    inlineVersioning ||
    all.some(
      (r) =>
        (r.type === T.s3VersioningV2 || r.type === T.s3Versioning) &&
        asObj(r.props.versioningConfiguration).status === "Enabled" &&
        configures(r, bucket),
    );
  if (!versioned) {
    problems.push("is not versioned");
  }
  const inlineReplication = asArray(asObj(bucket.props.replicationConfiguration).rules).length > 0;
  const replicated =
    inlineReplication ||
    all.some(
      (r) =>
        r.type === T.s3Replication &&
        asArray(r.props.rules).some((rule) => asObj(rule).status === "Enabled") &&
        configures(r, bucket),
    );
  if (!replicated) {
    problems.push("is not replicated to another region");
  }
  return problems;
}

function gcsProblems(bucket: PolicyResource): string[] {
  const problems: string[] = [];
  if (asObj(bucket.props.versioning).enabled !== true) {
    problems.push("is not versioned");
  }
  const location =
    typeof bucket.props.location === "string" ? bucket.props.location.toUpperCase() : "";
  const custom = asArray(asObj(bucket.props.customPlacementConfig).dataLocations).length >= 2;
  if (!custom && !GCS_MULTI_LOCATIONS.includes(location)) {
    problems.push(
      `is in the single region ${location || "(unknown)"}, not a dual- or multi-region`,
    );
  }
  return problems;
}

/**
 * Buckets holding model artifacts are versioned and replicated.
 *
 * Severity high, mandatory: model weights are large and slow to rebuild; an overwrite without
 * versioning or a regional outage without a replica stops every region from serving. A bucket counts
 * when its name matches `bucketPatterns` or it carries the tag/label `purpose: model-artifacts`.
 */
export const bucketRequireVersioningReplication: GuardrailPolicy = {
  name: "redundancy-bucket-require-versioning-replication",
  description: "Buckets holding model artifacts are versioned and replicated.",
  area: "redundancy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "S3: add a BucketVersioningV2 with status Enabled and a BucketReplicationConfig to a bucket in another region. " +
    "GCS: set `versioning.enabled` and use a dual- or multi-region location (or customPlacementConfig).",
  configSchema: configSchema({
    bucketPatterns: { type: "array", items: { type: "string" }, default: DEFAULTS.bucketPatterns },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    for (const r of args.resources) {
      const isS3 = S3_BUCKET_TYPES.includes(r.type);
      if ((!isS3 && r.type !== T.gcsBucket) || !isModelBucket(r, s.bucketPatterns)) {
        continue;
      }
      const problems = isS3 ? s3Problems(r, args.resources) : gcsProblems(r);
      if (problems.length > 0) {
        reportViolation(`model bucket ${r.name} ${problems.join(" and ")}`, r.urn);
      }
    }
  },
};
