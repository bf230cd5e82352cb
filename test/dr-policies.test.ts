import type { PolicyResource } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { drPolicies } from "../policies/dr";
import { drBucketRequireReplication } from "../policies/dr/drBucketRequireReplication";
import { drStackRequireSecondaryRegion } from "../policies/dr/drStackRequireSecondaryRegion";
import { drTargetsEnforceStrategyFeasible } from "../policies/dr/drTargetsEnforceStrategyFeasible";
import { policyResource as resource, stackViolations as violations } from "./support";

type Props = Record<string, any>;

const DR = "hybrid-ai:dr:DisasterRecoveryRegion";

/** A compliant prod stack: pools, a DR region with S3 replication and RTC. */
function compliant(): PolicyResource[] {
  return [
    resource("hybrid-ai:compute:GpuNodePool", "aws-use1-infer-l4", {
      environment: "prod",
      cloud: "aws",
      region: "us-east-1",
    }),
    resource(DR, "prod-dr", {
      environment: "prod",
      strategy: "warm-standby",
      rpoMinutes: 15,
      rtoMinutes: 30,
      rehearsal: false,
      primary: { cluster: "aws-use1", cloud: "aws", region: "us-east-1" },
      secondary: { cluster: "aws-usw2", cloud: "aws", region: "us-west-2" },
      dns: { healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 },
      replication: {
        mechanism: "s3-crr-rtc",
        sourceBucket: "acme-models",
        replicaBucket: "acme-models-us-west-2",
        versioned: true,
      },
    }),
    resource("aws:s3/bucketVersioning:BucketVersioning", "prod-dr-artifacts-versioning", {
      bucket: "acme-models",
      versioningConfiguration: { status: "Enabled" },
    }),
    resource("aws:s3/bucketVersioning:BucketVersioning", "prod-dr-artifacts-replica-versioning", {
      bucket: "acme-models-us-west-2",
      versioningConfiguration: { status: "Enabled" },
    }),
    resource(
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      "prod-dr-artifacts-replication",
      {
        bucket: "acme-models",
        rules: [
          {
            id: "dr-to-us-west-2",
            status: "Enabled",
            destination: {
              bucket: "arn:aws:s3:::acme-models-us-west-2",
              replicationTime: { status: "Enabled" },
            },
          },
        ],
      },
    ),
  ];
}

const change = (rs: PolicyResource[], name: string, edit: (p: Props) => void): PolicyResource[] =>
  rs.map((r) => {
    if (r.name !== name) {
      return r;
    }
    const props = structuredClone(r.props);
    edit(props);
    return { ...r, props } as PolicyResource;
  });

describe("DR policies", () => {
  it("exports three named, mandatory dr policies", () => {
    expect(drPolicies.map((p) => [p.name, p.area, p.enforcementLevel])).toEqual([
      ["dr-stack-require-secondary-region", "dr", "mandatory"],
      ["dr-bucket-require-replication", "dr", "mandatory"],
      ["dr-targets-enforce-strategy-feasible", "dr", "mandatory"],
    ]);
    for (const p of drPolicies) {
      expect(p.remediation.length).toBeGreaterThan(20);
    }
  });

  it("the compliant stack passes every policy", async () => {
    for (const p of drPolicies) {
      expect(await violations(p, compliant()), p.name).toEqual([]);
    }
  });

  describe("dr-stack-require-secondary-region", () => {
    it("flags a prod stack without DR", async () => {
      expect(
        await violations(
          drStackRequireSecondaryRegion,
          compliant().filter((r) => r.type !== DR),
        ),
      ).toEqual([
        "prod stack declares no disaster recovery: add hybrid-ai:disasterRecovery with a secondary in another region",
      ]);
    });
    it("flags a secondary in the primary's region", async () => {
      const rs = change(compliant(), "prod-dr", (p) => (p.secondary.region = "us-east-1"));
      expect(await violations(drStackRequireSecondaryRegion, rs)).toEqual([
        "DR region prod-dr fails over within us-east-1: the secondary must be in another region",
      ]);
    });
    it("leaves dev stacks alone", async () => {
      const rs = change(compliant(), "aws-use1-infer-l4", (p) => (p.environment = "dev")).filter(
        (r) => r.type !== DR,
      );
      expect(await violations(drStackRequireSecondaryRegion, rs)).toEqual([]);
    });
  });

  describe("dr-bucket-require-replication", () => {
    it("flags a source bucket without versioning", async () => {
      const rs = change(
        compliant(),
        "prod-dr-artifacts-versioning",
        (p) => (p.versioningConfiguration.status = "Suspended"),
      );
      expect(await violations(drBucketRequireReplication, rs)).toEqual([
        "artifact bucket s3://acme-models is not versioned (S3 replication needs versioning on both buckets)",
      ]);
    });
    it("flags a disabled replication rule", async () => {
      const rs = change(
        compliant(),
        "prod-dr-artifacts-replication",
        (p) => (p.rules[0].status = "Disabled"),
      );
      expect(await violations(drBucketRequireReplication, rs)).toEqual([
        "artifact bucket s3://acme-models has no enabled replication rule to acme-models-us-west-2",
      ]);
    });
    it("flags replication without RTC for a 15-minute RPO", async () => {
      const rs = change(
        compliant(),
        "prod-dr-artifacts-replication",
        (p) => delete p.rules[0].destination.replicationTime,
      );
      expect(await violations(drBucketRequireReplication, rs)).toEqual([
        "replication of s3://acme-models needs Replication Time Control for an RPO of 15 min",
      ]);
    });
  });

  describe("across clouds (S3 to GCS)", () => {
    const crossCloud = () => [
      ...change(compliant(), "prod-dr", (p) => {
        p.secondary = { cluster: "gcp-euw4", cloud: "gcp", region: "europe-west4" };
        p.replication = {
          mechanism: "sts-hourly",
          sourceBucket: "acme-models",
          replicaBucket: "acme-models-europe-west4",
          versioned: true,
        };
        p.rpoMinutes = 60;
      }).filter((r) => r.type !== "aws:s3/bucketReplicationConfig:BucketReplicationConfig"),
      resource("gcp:storage/transferJob:TransferJob", "prod-dr-artifacts-transfer", {
        transferSpec: {
          awsS3DataSource: { bucketName: "acme-models" },
          gcsDataSink: { bucketName: "acme-models-europe-west4" },
        },
      }),
    ];
    it("the compliant cross-cloud stack passes", async () => {
      for (const p of drPolicies) {
        expect(await violations(p, crossCloud()), p.name).toEqual([]);
      }
    });
    it("flags a disabled transfer job", async () => {
      const rs = change(crossCloud(), "prod-dr-artifacts-transfer", (p) => (p.status = "DISABLED"));
      expect(await violations(drBucketRequireReplication, rs)).toEqual([
        "artifact bucket s3://acme-models has no enabled transfer job into gs://acme-models-europe-west4",
      ]);
    });
    it("flags an RPO under an hour", async () => {
      const rs = change(crossCloud(), "prod-dr", (p) => (p.rpoMinutes = 30));
      expect(await violations(drTargetsEnforceStrategyFeasible, rs)).toEqual([
        "an RPO of 30 min is below what cross-cloud replication can do: the S3-to-GCS transfer runs at most every 60 min",
      ]);
    });
  });

  describe("dr-targets-enforce-strategy-feasible", () => {
    it("flags a pilot light promising minutes", async () => {
      const rs = change(compliant(), "prod-dr", (p) => {
        p.strategy = "pilot-light";
        p.rtoMinutes = 5;
      });
      expect(await violations(drTargetsEnforceStrategyFeasible, rs)).toEqual([
        "pilot-light cannot promise an RTO of 5 min: detection + dns + scale-up-trigger + node-provisioning + model-load take about 11.9 min",
      ]);
    });
    it("flags an RPO below the fastest replication guarantee", async () => {
      const rs = change(compliant(), "prod-dr", (p) => (p.rpoMinutes = 5));
      expect(await violations(drTargetsEnforceStrategyFeasible, rs)).toEqual([
        "an RPO of 5 min is below what replication guarantees: S3 RTC and GCS turbo replication promise 15 min",
      ]);
    });
    it("accepts minutes for active-active", async () => {
      const rs = change(compliant(), "prod-dr", (p) => {
        p.strategy = "active-active";
        p.rtoMinutes = 2;
      });
      expect(await violations(drTargetsEnforceStrategyFeasible, rs)).toEqual([]);
    });
  });
});
