import type { PolicyResource } from "@pulumi/policy";
import { configSchema, settingsOf } from "../lib";
import type { GuardrailPolicy } from "../types";
import { drRegions } from "./facts";

const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const GCS_BUCKET = "gcp:storage/bucket:Bucket";
const TRANSFER_JOB = "gcp:storage/transferJob:TransferJob";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * `dr-bucket-require-replication` (severity high, mandatory): the artifact bucket of a DR region is
 * versioned and replicated into the secondary region (S3: versioning on both buckets and an enabled
 * replication rule, with Replication Time Control when the RPO is 15 minutes or less; GCS: a versioned
 * dual-region bucket, turbo replication for such RPOs). Without the weights in the secondary region a
 * failover brings up GPUs with nothing to serve.
 */
/** RPOs at or below this many minutes need RTC / turbo replication (their 15-minute guarantee). */
const DEFAULTS = { fastReplicationRpoMinutes: 15 };

export const drBucketRequireReplication: GuardrailPolicy = {
  name: "dr-bucket-require-replication",
  description:
    "Artifact buckets of a DR region are versioned and replicated into its secondary region.",
  enforcementLevel: "mandatory",
  severity: "high",
  area: "dr",
  remediation:
    "Keep the replication resources DisasterRecoveryRegion creates (versioning, replication rule, RTC or turbo replication); do not remove or disable them.",
  configSchema: configSchema({
    fastReplicationRpoMinutes: {
      type: "number",
      minimum: 1,
      default: DEFAULTS.fastReplicationRpoMinutes,
    },
  }),
  validateStack: (args, reportViolation) => {
    const { fastReplicationRpoMinutes } = settingsOf(args, DEFAULTS);
    const resources = args.resources;
    for (const dr of drRegions(resources)) {
      const rep = obj(dr.props.replication);
      const mechanism = rep.mechanism as string | undefined;
      const source = rep.sourceBucket as string | undefined;
      const replica = rep.replicaBucket as string | undefined;
      const rpo = Number(dr.props.rpoMinutes);
      if (dr.props.rehearsal === true || mechanism === "none") {
        continue;
      }
      if (mechanism === undefined || source === undefined) {
        reportViolation(`DR region ${dr.name} replicates no artifact bucket`, dr.urn);
        continue;
      }
      if (mechanism === "sts-hourly") {
        const job = resources.find(
          (r) =>
            r.type === TRANSFER_JOB &&
            obj(obj(r.props.transferSpec).awsS3DataSource).bucketName === source &&
            r.props.status !== "DISABLED",
        );
        if (job === undefined) {
          reportViolation(
            `artifact bucket s3://${source} has no enabled transfer job into gs://${String(replica)}`,
            dr.urn,
          );
        }
        const versioned = resources.some(
          (r: PolicyResource) =>
            r.type === VERSIONING &&
            r.props.bucket === source &&
            obj(r.props.versioningConfiguration).status === "Enabled",
        );
        if (!versioned) {
          reportViolation(`artifact bucket s3://${source} is not versioned`, dr.urn);
        }
        continue;
      }
      if (mechanism.startsWith("gcs")) {
        const bucket = resources.find((r) => r.type === GCS_BUCKET && r.props.name === source);
        if (bucket === undefined) {
          reportViolation(
            `artifact bucket gs://${source} of ${dr.name} is not managed as a dual-region bucket`,
            dr.urn,
          );
          continue;
        }
        if (obj(bucket.props.versioning).enabled !== true) {
          reportViolation(`artifact bucket gs://${source} is not versioned`, bucket.urn);
        }
        if (list(obj(bucket.props.customPlacementConfig).dataLocations).length !== 2) {
          reportViolation(`artifact bucket gs://${source} is not dual-region`, bucket.urn);
        }
        if (rpo <= fastReplicationRpoMinutes && bucket.props.rpo !== "ASYNC_TURBO") {
          reportViolation(
            `artifact bucket gs://${source} needs turbo replication (rpo ASYNC_TURBO) for an RPO of ${rpo} min`,
            bucket.urn,
          );
        }
        continue;
      }
      const versioned = (bucket: string | undefined) =>
        resources.some(
          (r: PolicyResource) =>
            r.type === VERSIONING &&
            r.props.bucket === bucket &&
            obj(r.props.versioningConfiguration).status === "Enabled",
        );
      for (const bucket of [source, replica]) {
        if (!versioned(bucket)) {
          reportViolation(
            `artifact bucket s3://${String(bucket)} is not versioned (S3 replication needs versioning on both buckets)`,
            dr.urn,
          );
        }
      }
      const config = resources.find((r) => r.type === REPLICATION && r.props.bucket === source);
      const rule = list(config?.props.rules)
        .map(obj)
        .find((r) => r.status === "Enabled");
      if (config === undefined || rule === undefined) {
        reportViolation(
          `artifact bucket s3://${source} has no enabled replication rule to ${String(replica)}`,
          config?.urn ?? dr.urn,
        );
        continue;
      }
      if (
        rpo <= fastReplicationRpoMinutes &&
        obj(obj(rule.destination).replicationTime).status !== "Enabled"
      ) {
        reportViolation(
          `replication of s3://${source} needs Replication Time Control for an RPO of ${rpo} min`,
          config.urn,
        );
      }
    }
  },
};
