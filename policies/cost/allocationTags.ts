import type { GuardrailPolicy } from "../types";
import { T, UNKNOWN, configSchema, settingsOf, tagsOf } from "../lib";

const DEFAULTS = { requiredKeys: ["owner", "cost-center", "environment"] };

/**
 * Types that take tags or labels; a resource of one of these without any is a violation. Others are
 * checked when they carry tags/labels (`tags`, `labels`, `resourceLabels`, `metadata.labels`).
 */
export const TAGGABLE_TYPES: readonly string[] = [
  T.eksNodeGroup,
  T.eksCluster,
  "aws:iam/role:Role",
  "aws:kms/key:Key",
  T.s3Bucket,
  T.s3BucketV2,
  T.ebsVolume,
  "aws:ec2/instance:Instance",
  "aws:ec2/launchTemplate:LaunchTemplate",
  "aws:route53/healthCheck:HealthCheck",
  T.gkeNodePool,
  T.gkeCluster,
  T.gcsBucket,
  T.gcpDisk,
  "gcp:compute/instance:Instance",
  T.deployment,
  T.service,
  T.pdb,
  "kubernetes:batch/v1:CronJob",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:StatefulSet",
];

/**
 * Every resource that takes tags or labels carries the cost-allocation keys owner, cost-center and
 * environment.
 *
 * Severity medium, mandatory: an untagged GPU bill cannot be split by team, and cost anomalies
 * cannot be traced to an owner.
 */
export const resourceRequireAllocationTags: GuardrailPolicy = {
  name: "cost-resource-require-allocation-tags",
  description: "Resources that take tags or labels carry the cost-allocation keys.",
  area: "cost",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Add the tags/labels owner, cost-center and environment (components do it from the stack's owner and costCenter).",
  configSchema: configSchema({
    requiredKeys: { type: "array", items: { type: "string" }, default: DEFAULTS.requiredKeys },
  }),
  validateResource: (args, reportViolation) => {
    if (args.type.startsWith("pulumi:")) {
      return;
    }
    const tags = tagsOf(args.type, args.props);
    if (tags === undefined && !TAGGABLE_TYPES.includes(args.type)) {
      return;
    }
    if (args.props.tags === UNKNOWN) {
      return;
    }
    const s = settingsOf(args, DEFAULTS);
    const missing = s.requiredKeys.filter((k) => typeof tags?.[k] !== "string" || tags[k] === "");
    if (missing.length > 0) {
      const what = args.type.startsWith("aws:") ? "tags" : "labels";
      reportViolation(
        `${args.name} (${args.type}) lacks cost-allocation ${what}: ${missing.join(", ")}`,
      );
    }
  },
};
