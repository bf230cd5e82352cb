import type { PolicyResource } from "@pulumi/policy";
import type { GuardrailPolicy } from "../types";
import { S3_BUCKET_TYPES, T, asArray, asObj, configSchema } from "../lib";

function names(r: PolicyResource): string[] {
  return [r.name, r.props.bucket, r.props.id].filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
}

function s3Encrypted(bucket: PolicyResource, all: readonly PolicyResource[]): boolean {
  if (
    asArray(
      asObj(asObj(bucket.props.serverSideEncryptionConfiguration).rule)
        .applyServerSideEncryptionByDefault,
    ).length > 0 ||
    Object.keys(
      asObj(
        asObj(asObj(bucket.props.serverSideEncryptionConfiguration).rule)
          .applyServerSideEncryptionByDefault,
      ),
    ).length > 0
  ) {
    return true;
  }
  return all.some(
    (r) =>
      (r.type === T.s3Encryption || r.type === T.s3EncryptionV2) &&
      ((typeof r.props.bucket === "string" && names(bucket).includes(r.props.bucket)) ||
        r.dependencies.some((d) => d.urn === bucket.urn) ||
        r.parent?.urn === bucket.urn),
  );
}

/**
 * Volumes and buckets are encrypted with a reviewed configuration.
 *
 * Severity high, mandatory: model weights and datasets are the company's IP. Checks EBS volumes
 * (`encrypted: true`), S3 buckets (an explicit server-side encryption configuration, inline or as
 * its own resource, so the key choice is reviewed rather than left to the account default) and EKS
 * clusters the stack creates (envelope encryption of Kubernetes secrets). GCS buckets and GCE disks
 * are always encrypted at rest and are not checked.
 */
export const storageRequireEncryption: GuardrailPolicy = {
  name: "security-storage-require-encryption",
  description: "Volumes, buckets and cluster secrets are encrypted.",
  area: "security",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "EBS: set `encrypted: true`. S3: add a BucketServerSideEncryptionConfigurationV2 (aws:kms). EKS: set `encryptionConfig` for secrets with a KMS key.",
  configSchema: configSchema({}),
  validateStack: (args, reportViolation) => {
    for (const r of args.resources) {
      if (r.type === T.ebsVolume && r.props.encrypted !== true) {
        reportViolation(`EBS volume ${r.name} is not encrypted`, r.urn);
      } else if (S3_BUCKET_TYPES.includes(r.type) && !s3Encrypted(r, args.resources)) {
        reportViolation(`S3 bucket ${r.name} has no server-side encryption configuration`, r.urn);
      } else if (r.type === T.eksCluster) {
        const secrets = asArray(r.props.encryptionConfig).concat(
          r.props.encryptionConfig && !Array.isArray(r.props.encryptionConfig)
            ? [r.props.encryptionConfig]
            : [],
        );
        const ok = secrets.some((c) => asArray(asObj(c).resources).includes("secrets"));
        if (!ok) {
          reportViolation(
            `EKS cluster ${r.name} does not encrypt Kubernetes secrets with a KMS key`,
            r.urn,
          );
        }
      }
    }
  },
};
