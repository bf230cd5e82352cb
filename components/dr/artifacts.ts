/**
 * Artifact replication of a `DisasterRecoveryRegion`: S3 cross-region replication, GCS
 * dual-region buckets, or an hourly S3-to-GCS transfer. Children of the DR region, each with its
 * region's provider.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { S3_REPLICATION_EXISTING_OBJECTS, S3_RTC } from "../../model/rules/quotas";
import type { ReplicationMechanism } from "../../model/contracts";
import type { DisasterRecoveryRegionArgs } from "./types";
import { awsTags, gcpLabels } from "../../model/tags";

/** Interval of the S3-to-GCS transfer job: Storage Transfer Service's shortest. */
export const TRANSFER_REPEAT_SECONDS = 3600;

/** The S3 bucket replicas go to: `<bucket>-<secondary region>`. */
export function replicaBucketName(bucket: string, secondaryRegion: string): string {
  return `${bucket}-${secondaryRegion}`;
}

/** Continent of a GCP region: dual-region buckets pair regions of one continent. */
export function gcpContinent(region: string): "US" | "EU" | "ASIA" | undefined {
  if (region.startsWith("us-") || region.startsWith("northamerica-")) {
    return "US";
  }
  if (region.startsWith("europe-")) {
    return "EU";
  }
  if (region.startsWith("asia-")) {
    return "ASIA";
  }
  return undefined;
}

/** Replicates the artifact bucket as `mechanism` says; returns what the DR region outputs about it. */
export function replicateArtifacts(
  parent: pulumi.Resource,
  name: string,
  args: DisasterRecoveryRegionArgs,
  mechanism: ReplicationMechanism,
): {
  mechanism: ReplicationMechanism;
  sourceBucket?: string;
  replicaBucket?: string;
  versioned: boolean;
} {
  const { primary, secondary } = args;
  if (mechanism === "none") {
    return { mechanism, versioned: false };
  }
  if (mechanism === "gcs-dual-region" || mechanism === "gcs-dual-region-turbo") {
    new gcp.storage.Bucket(
      `${name}-artifacts`,
      {
        name: args.artifactsBucket,
        project: primary.project,
        location: gcpContinent(primary.region)!,
        customPlacementConfig: {
          dataLocations: [primary.region.toUpperCase(), secondary.region.toUpperCase()],
        },
        rpo: mechanism === "gcs-dual-region-turbo" ? "ASYNC_TURBO" : "DEFAULT",
        versioning: { enabled: true },
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        labels: gcpLabels(args.costAllocation),
      },
      { parent, provider: primary.provider },
    );
    return {
      mechanism,
      sourceBucket: args.artifactsBucket,
      replicaBucket: args.artifactsBucket,
      versioned: true,
    };
  }

  const primaryOpts = { parent, provider: primary.provider };
  const secondaryOpts = { parent, provider: secondary.provider };
  const tags = awsTags(args.costAllocation, { "hybrid-ai/dr": name });
  const replicaName = replicaBucketName(args.artifactsBucket, secondary.region);
  const sourceArn = `arn:aws:s3:::${args.artifactsBucket}`;
  const sourceVersioning = new aws.s3.BucketVersioning(
    `${name}-artifacts-versioning`,
    { bucket: args.artifactsBucket, versioningConfiguration: { status: "Enabled" } },
    primaryOpts,
  );
  if (mechanism === "sts-hourly") {
    transferToGcs(parent, name, args, { replicaName, sourceArn, tags, sourceVersioning });
    return {
      mechanism,
      sourceBucket: args.artifactsBucket,
      replicaBucket: replicaName,
      versioned: true,
    };
  }
  const replica = new aws.s3.Bucket(
    `${name}-artifacts-replica`,
    { bucket: replicaName, tags },
    secondaryOpts,
  );
  // SSE-KMS with a key of the secondary region: source objects under SSE-KMS replicate only into a
  // KMS-encrypted replica (sourceSelectionCriteria below), and S3 Bucket Keys apply to SSE-KMS only
  // (with AES256 bucketKeyEnabled did nothing: S3_BUCKET_KEY).
  const replicaKey = new aws.kms.Key(
    `${name}-artifacts-replica-key`,
    {
      description: `Encrypts the DR replica of s3://${args.artifactsBucket} in ${secondary.region}`,
      enableKeyRotation: true,
      tags,
    },
    secondaryOpts,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-artifacts-replica-encryption`,
    {
      bucket: replica.bucket,
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: replicaKey.arn,
          },
          bucketKeyEnabled: true,
        },
      ],
    },
    secondaryOpts,
  );
  new aws.s3.BucketPublicAccessBlock(
    `${name}-artifacts-replica-public-access`,
    {
      bucket: replica.bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    secondaryOpts,
  );
  const replicaVersioning = new aws.s3.BucketVersioning(
    `${name}-artifacts-replica-versioning`,
    { bucket: replica.bucket, versioningConfiguration: { status: "Enabled" } },
    secondaryOpts,
  );
  const role = new aws.iam.Role(
    `${name}-replication-role`,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
      tags,
    },
    primaryOpts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-replication-policy`,
    {
      role: role.name,
      policy: pulumi.all([replica.arn, replicaKey.arn]).apply(([replicaArn, keyArn]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
              Resource: [sourceArn],
            },
            {
              Effect: "Allow",
              Action: [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
              ],
              Resource: [`${sourceArn}/*`],
            },
            {
              Effect: "Allow",
              Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              Resource: [`${replicaArn}/*`],
            },
            {
              // Read SSE-KMS source objects, whatever key wrote them, only through S3 there.
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: "*",
              Condition: { StringLike: { "kms:ViaService": `s3.${primary.region}.amazonaws.com` } },
            },
            {
              Effect: "Allow",
              Action: ["kms:Encrypt", "kms:GenerateDataKey"],
              Resource: [keyArn],
            },
          ],
        }),
      ),
    },
    primaryOpts,
  );
  const timed = mechanism === "s3-crr-rtc";
  new aws.s3.BucketReplicationConfig(
    `${name}-artifacts-replication`,
    {
      bucket: args.artifactsBucket,
      role: role.arn,
      rules: [
        {
          id: `dr-to-${secondary.region}`,
          status: "Enabled",
          filter: {},
          deleteMarkerReplication: { status: "Enabled" },
          // Objects encrypted with SSE-KMS replicate only when selected here.
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: replica.arn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: replicaKey.arn },
            replicationTime: timed
              ? { status: "Enabled", time: { minutes: S3_RTC.minutes } }
              : undefined,
            metrics: timed
              ? { status: "Enabled", eventThreshold: { minutes: S3_RTC.minutes } }
              : undefined,
          },
        },
      ],
    },
    { ...primaryOpts, dependsOn: [sourceVersioning, replicaVersioning, policy] },
  );
  // Live replication copies new writes only: the model weights already in the bucket need one S3
  // Batch Replication job (README "Deploy guardrails"; S3_REPLICATION_EXISTING_OBJECTS), which no
  // Pulumi resource runs.
  void S3_REPLICATION_EXISTING_OBJECTS;
  return {
    mechanism,
    sourceBucket: args.artifactsBucket,
    replicaBucket: replicaName,
    versioned: true,
  };
}

/** What `DisasterRecoveryRegion` hands its S3-to-GCS transfer. */
interface TransferContext {
  readonly replicaName: string;
  readonly sourceArn: string;
  readonly tags: Record<string, string>;
  readonly sourceVersioning: pulumi.Resource;
}

/**
 * Copies the S3 artifact bucket into a GCS bucket in the secondary region every hour with Storage
 * Transfer Service, which reads S3 through an IAM role its Google service account assumes (no keys).
 */
function transferToGcs(
  parent: pulumi.Resource,
  name: string,
  args: DisasterRecoveryRegionArgs,
  ctx: TransferContext,
): void {
  const { primary, secondary } = args;
  const primaryOpts = { parent, provider: primary.provider };
  const secondaryOpts = { parent, provider: secondary.provider };
  const sts = gcp.storage.getTransferProjectServiceAccountOutput(
    { project: secondary.project },
    secondaryOpts,
  );
  const replica = new gcp.storage.Bucket(
    `${name}-artifacts-replica`,
    {
      name: ctx.replicaName,
      project: secondary.project,
      location: secondary.region.toUpperCase(),
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      labels: gcpLabels(args.costAllocation),
    },
    secondaryOpts,
  );
  const role = new aws.iam.Role(
    `${name}-transfer-role`,
    {
      assumeRolePolicy: sts.subjectId.apply((subjectId) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: "accounts.google.com" },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: { StringEquals: { "accounts.google.com:sub": subjectId } },
            },
          ],
        }),
      ),
      tags: ctx.tags,
    },
    primaryOpts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-transfer-policy`,
    {
      role: role.name,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: [ctx.sourceArn],
          },
          { Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${ctx.sourceArn}/*`] },
        ],
      }),
    },
    primaryOpts,
  );
  const writer = new gcp.storage.BucketIAMMember(
    `${name}-transfer-writer`,
    {
      bucket: replica.name,
      role: "roles/storage.admin",
      member: pulumi.interpolate`serviceAccount:${sts.email}`,
    },
    secondaryOpts,
  );
  new gcp.storage.TransferJob(
    `${name}-artifacts-transfer`,
    {
      description: `DR copy of s3://${args.artifactsBucket} into gs://${ctx.replicaName}`,
      project: secondary.project,
      transferSpec: {
        awsS3DataSource: { bucketName: args.artifactsBucket, roleArn: role.arn },
        gcsDataSink: { bucketName: replica.name },
      },
      schedule: {
        // A start date in the past starts the hourly runs at once.
        scheduleStartDate: { year: 2026, month: 1, day: 1 },
        repeatInterval: `${TRANSFER_REPEAT_SECONDS}s`,
      },
    },
    { ...secondaryOpts, dependsOn: [writer, policy, ctx.sourceVersioning] },
  );
}
