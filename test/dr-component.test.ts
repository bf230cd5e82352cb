import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { describe, expect, it } from "vitest";
import { kubeconfigFor } from "../components/dr/backups";
import { captureProgram } from "./support/capture";
import { providerUrn } from "../model/readers/pools";
import {
  DISASTER_RECOVERY_REGION_TYPE,
  standbyPoolSize,
} from "../components/dr/disasterRecoveryRegion";
import {
  CLUSTERS,
  captureStack,
  drConfig,
  named as byName,
  stackYaml,
  type CapturedResource,
} from "./support";
const regionOf = (rs: readonly CapturedResource[], r: CapturedResource) =>
  rs.find((p) => p.urn === providerUrn(r.provider))?.inputs.region;
const scaling = (r: CapturedResource) =>
  r.inputs.scalingConfig as { minSize: number; maxSize: number; desiredSize: number };

describe("standbyPoolSize", () => {
  const pool = { servingNodes: 4, maxNodes: 10 };
  it("sizes by strategy and failover", () => {
    expect(standbyPoolSize("pilot-light", pool, false)).toEqual({ minNodes: 0, maxNodes: 10 });
    expect(standbyPoolSize("warm-standby", pool, false)).toEqual({ minNodes: 2, maxNodes: 10 });
    expect(standbyPoolSize("warm-standby", { servingNodes: 3, maxNodes: 10 }, false, 50)).toEqual({
      minNodes: 2,
      maxNodes: 10,
    });
    expect(standbyPoolSize("warm-standby", pool, false, 25)).toEqual({ minNodes: 1, maxNodes: 10 });
    expect(standbyPoolSize("active-active", pool, false)).toEqual({ minNodes: 4, maxNodes: 10 });
    for (const s of ["pilot-light", "warm-standby", "active-active"] as const) {
      expect(standbyPoolSize(s, pool, true)).toEqual({ minNodes: 4, maxNodes: 10 });
    }
  });
  it("never exceeds the standby's limit", () => {
    expect(
      standbyPoolSize("active-active", { servingNodes: 4, maxNodes: 10, standbyMaxNodes: 3 }, true),
    ).toEqual({ minNodes: 3, maxNodes: 3 });
  });
});

describe("DisasterRecoveryRegion on AWS under mocks", () => {
  for (const [strategy, min] of [
    ["pilot-light", 0],
    ["warm-standby", 1],
    ["active-active", 2],
  ] as const) {
    it(`${strategy}: standby pool at ${min} of 2 serving nodes, in us-west-2`, async () => {
      const { resources: rs } = await captureStack(stackYaml(drConfig({ strategy })));
      const dr = rs.find((r) => r.type === DISASTER_RECOVERY_REGION_TYPE)!;
      expect(dr.name).toBe("t-dr");
      const group = byName(rs, "t-dr-standby-infer-l4", "hybrid-ai:compute:GpuNodePool");
      const nodeGroup = rs.find(
        (r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "t-dr-standby-infer-l4",
      )!;
      expect(group.parent).toBe(dr.urn);
      expect(scaling(nodeGroup)).toEqual({ minSize: min, maxSize: 10, desiredSize: min });
      expect(nodeGroup.inputs.instanceTypes).toEqual(["g6.xlarge"]);
      expect(nodeGroup.inputs.clusterName).toBe("aws-usw2");
      expect(regionOf(rs, nodeGroup)).toBe("us-west-2");
      // The training pool (minNodes 0) serves nothing and gets no standby.
      expect(rs.some((r) => r.name === "t-dr-standby-train-h100")).toBe(false);
    });
  }

  it("creates replication, DNS failover and backups, each child with its region's provider", async () => {
    const { resources: rs } = await captureStack(stackYaml(drConfig()));
    const dr = rs.find((r) => r.type === DISASTER_RECOVERY_REGION_TYPE)!;
    const children = rs.filter((r) => r.parent === dr.urn);
    expect(children.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "aws:iam/role:Role t-dr-replication-role",
        "aws:iam/rolePolicy:RolePolicy t-dr-replication-policy",
        "aws:kms/key:Key t-dr-artifacts-replica-key",
        "aws:route53/healthCheck:HealthCheck t-dr-primary-health",
        "aws:route53/healthCheck:HealthCheck t-dr-secondary-health",
        "aws:route53/record:Record t-dr-primary-record",
        "aws:route53/record:Record t-dr-secondary-record",
        "aws:s3/bucket:Bucket t-dr-artifacts-replica",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock t-dr-artifacts-replica-public-access",
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig t-dr-artifacts-replication",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration t-dr-artifacts-replica-encryption",
        "aws:s3/bucketVersioning:BucketVersioning t-dr-artifacts-replica-versioning",
        "aws:s3/bucketVersioning:BucketVersioning t-dr-artifacts-versioning",
        "hybrid-ai:compute:GpuNodePool t-dr-standby-infer-l4",
        "kubernetes:velero.io/v1:Schedule t-dr-primary-backup",
        "kubernetes:velero.io/v1:Schedule t-dr-secondary-backup",
        "pulumi:providers:kubernetes t-dr-primary-k8s",
        // The secondary is created by the stack: Velero is installed there (with its CRDs) through
        // the cluster's own provider before the Schedule.
        "kubernetes:helm.sh/v3:Release t-dr-secondary-velero",
      ].sort(),
    );
    const region = (name: string) => regionOf(rs, byName(rs, name));
    expect(region("t-dr-artifacts-versioning")).toBe("us-east-1");
    expect(region("t-dr-artifacts-replication")).toBe("us-east-1");
    expect(region("t-dr-artifacts-replica")).toBe("us-west-2");
    expect(region("t-dr-artifacts-replica-versioning")).toBe("us-west-2");
    expect(region("t-dr-primary-record")).toBe("us-east-1");

    const replica = byName(rs, "t-dr-artifacts-replica");
    expect(replica.inputs.bucket).toBe("acme-models-us-west-2");
    const replication = byName(rs, "t-dr-artifacts-replication");
    expect(replication.inputs.bucket).toBe("acme-models");
    expect(replication.inputs.rules).toEqual([
      {
        id: "dr-to-us-west-2",
        status: "Enabled",
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: "arn:aws:s3:::acme-models-us-west-2",
          storageClass: "STANDARD",
          encryptionConfiguration: {
            replicaKmsKeyId: "arn:aws:kms:mock:123456789012:key/t-dr-artifacts-replica-key",
          },
          replicationTime: { status: "Enabled", time: { minutes: 15 } },
          metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        },
      },
    ]);
    expect(byName(rs, "t-dr-primary-health").inputs).toMatchObject({
      type: "HTTPS",
      fqdn: "inference-aws-use1.ai.example.com",
      resourcePath: "/health",
      requestInterval: 10,
      failureThreshold: 3,
    });
    expect(byName(rs, "t-dr-primary-record").inputs).toMatchObject({
      zoneId: "Z0MOCKZONE",
      name: "inference.ai.example.com",
      type: "CNAME",
      ttl: 60,
      records: ["inference-aws-use1.ai.example.com"],
      setIdentifier: "primary",
      failoverRoutingPolicies: [{ type: "PRIMARY" }],
      healthCheckId: "t-dr-primary-health-id",
    });
    expect(byName(rs, "t-dr-secondary-record").inputs).toMatchObject({
      records: ["inference-aws-usw2.ai.example.com"],
      failoverRoutingPolicies: [{ type: "SECONDARY" }],
      healthCheckId: "t-dr-secondary-health-id",
    });
    const schedule = byName(rs, "t-dr-secondary-backup");
    expect(schedule.inputs).toMatchObject({
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { name: "t-dr-aws-usw2", namespace: "velero" },
      spec: { schedule: "*/15 * * * *", template: { ttl: "720h0m0s" } },
    });
    expect(providerUrn(schedule.provider)).toBe(byName(rs, "aws-usw2-k8s").urn);
    // Kubeconfigs stay secrets, though they hold no credential (see kubeconfigFor below).
    expect(byName(rs, "aws-usw2-k8s").secretPaths).toEqual(["kubeconfig"]);
    expect(byName(rs, "aws-usw2-k8s").inputs.kubeconfig).toBe("[secret]");
  });

  it("turns Replication Time Control off above a 15-minute RPO", async () => {
    const { resources: rs } = await captureStack(stackYaml(drConfig({ rpoMinutes: 60 })));
    const rules = byName(rs, "t-dr-artifacts-replication").inputs.rules as Array<{
      destination: Record<string, unknown>;
    }>;
    expect(rules[0].destination.replicationTime).toBeUndefined();
    expect(rules[0].destination.metrics).toBeUndefined();
  });

  it("failover: true swaps the records and holds the standby at serving size", async () => {
    const { resources: rs } = await captureStack(stackYaml(drConfig({ failover: true })));
    expect(byName(rs, "t-dr-primary-record").inputs).toMatchObject({
      records: ["inference-aws-usw2.ai.example.com"],
      failoverRoutingPolicies: [{ type: "PRIMARY" }],
      healthCheckId: "t-dr-secondary-health-id",
    });
    expect(byName(rs, "t-dr-secondary-record").inputs).toMatchObject({
      records: ["inference-aws-use1.ai.example.com"],
      healthCheckId: "t-dr-primary-health-id",
    });
    const nodeGroup = rs.find(
      (r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "t-dr-standby-infer-l4",
    )!;
    expect(scaling(nodeGroup)).toMatchObject({ minSize: 2, maxSize: 10 });
    const dr = rs.find((r) => r.type === DISASTER_RECOVERY_REGION_TYPE)!;
    expect(dr.outputs).toMatchObject({
      failover: true,
      active: "aws-usw2",
      strategy: "warm-standby",
      rpoMinutes: 15,
      rtoMinutes: 30,
    });
  });

  it("a rehearsal touches nothing of the primary and has its own record", async () => {
    const { resources: rs } = await captureStack(
      stackYaml(
        drConfig({ rehearsal: true, dns: { zone: "ai.example.com", record: "inference-gameday" } }),
        undefined,
        "staging",
      ),
    );
    expect(rs.some((r) => r.name.startsWith("aws-use1"))).toBe(false);
    expect(rs.filter((r) => r.type.startsWith("aws:s3/"))).toEqual([]);
    expect(rs.filter((r) => r.type === "kubernetes:velero.io/v1:Schedule")).toEqual([]);
    const records = rs.filter((r) => r.type === "aws:route53/record:Record");
    expect(records.map((r) => r.name)).toEqual(["t-dr-rehearsal-record"]);
    expect(records[0].inputs.name).toBe("inference-gameday.ai.example.com");
    expect(records[0].inputs.failoverRoutingPolicies).toBeUndefined();
    expect(regionOf(rs, records[0])).toBe("us-west-2");
    const nodeGroup = rs.find(
      (r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "t-dr-standby-infer-l4",
    )!;
    expect(scaling(nodeGroup)).toMatchObject({ minSize: 2, maxSize: 10 });
  });
});

describe("DisasterRecoveryRegion on GCP under mocks", () => {
  it("makes a dual-region bucket with turbo replication and a GKE standby pool", async () => {
    const { resources: rs } = await captureStack(
      stackYaml(
        drConfig({ primary: "gcp-euw4", secondary: "gcp-euw1", strategy: "pilot-light" }),
        CLUSTERS.slice(2),
      ),
    );
    const bucket = byName(rs, "t-dr-artifacts");
    expect(bucket.type).toBe("gcp:storage/bucket:Bucket");
    expect(bucket.inputs).toMatchObject({
      name: "acme-models",
      location: "EU",
      customPlacementConfig: { dataLocations: ["EUROPE-WEST4", "EUROPE-WEST1"] },
      rpo: "ASYNC_TURBO",
      versioning: { enabled: true },
    });
    const pool = rs.find(
      (r) => r.type === "gcp:container/nodePool:NodePool" && r.name === "t-dr-standby-infer-l4",
    )!;
    expect(pool.inputs).toMatchObject({
      cluster: "ml-eu-dr",
      location: "europe-west1",
      nodeLocations: ["europe-west1-b", "europe-west1-c"],
    });
    expect(pool.inputs.autoscaling).toMatchObject({ totalMinNodeCount: 0, totalMaxNodeCount: 8 });
    expect(regionOf(rs, pool)).toBe("europe-west1");
    // Route 53 answers for GCP endpoints too, through a provider of its own.
    const record = byName(rs, "t-dr-primary-record");
    expect(byName(rs, "t-dr-route53").type).toBe("pulumi:providers:aws");
    expect(providerUrn(record.provider)).toBe(byName(rs, "t-dr-route53").urn);
    expect(byName(rs, "t-dr-primary-k8s").secretPaths).toEqual(["kubeconfig"]);
  });
});

describe("DisasterRecoveryRegion across clouds under mocks", () => {
  it("copies S3 into GCS hourly with Storage Transfer Service and stands the standby up on GKE", async () => {
    const { resources: rs } = await captureStack(
      stackYaml(drConfig({ secondary: "gcp-euw4", rpoMinutes: 60 })),
    );
    const job = byName(rs, "t-dr-artifacts-transfer");
    expect(job.type).toBe("gcp:storage/transferJob:TransferJob");
    expect(job.inputs).toMatchObject({
      project: "acme-ml",
      transferSpec: {
        awsS3DataSource: {
          bucketName: "acme-models",
          roleArn: "arn:aws:iam::123456789012:role/t-dr-transfer-role",
        },
        gcsDataSink: { bucketName: "acme-models-europe-west4" },
      },
      schedule: { repeatInterval: "3600s" },
    });
    expect(regionOf(rs, job)).toBe("europe-west4");
    expect(byName(rs, "t-dr-artifacts-replica").inputs).toMatchObject({
      name: "acme-models-europe-west4",
      location: "EUROPE-WEST4",
      versioning: { enabled: true },
    });
    const trust = JSON.parse(String(byName(rs, "t-dr-transfer-role").inputs.assumeRolePolicy)) as {
      Statement: Array<Record<string, unknown>>;
    };
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Federated: "accounts.google.com" },
      Condition: { StringEquals: { "accounts.google.com:sub": "100000000000000000000" } },
    });
    expect(regionOf(rs, byName(rs, "t-dr-transfer-role"))).toBe("us-east-1");
    expect(
      rs.some((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig"),
    ).toBe(false);
    // The standby mirrors the L4 pool on GKE, with GCP's shape (the AWS instance types do not apply).
    const pool = rs.find(
      (r) => r.type === "gcp:container/nodePool:NodePool" && r.name === "t-dr-standby-infer-l4",
    )!;
    expect(pool.inputs).toMatchObject({ cluster: "ml-eu", location: "europe-west4" });
    expect((pool.inputs.nodeConfig as { machineType: string }).machineType).toBe("g2-standard-4");
    expect(pool.inputs.autoscaling).toMatchObject({ totalMinNodeCount: 1, totalMaxNodeCount: 10 });
    const dr = rs.find((r) => r.type === DISASTER_RECOVERY_REGION_TYPE)!;
    expect(dr.outputs?.replication).toEqual({
      mechanism: "sts-hourly",
      sourceBucket: "acme-models",
      replicaBucket: "acme-models-europe-west4",
      versioned: true,
    });
  });
});

describe("Cloud DNS failover under mocks", () => {
  const cloudDns = (failover: boolean) =>
    stackYaml(
      drConfig({
        primary: "gcp-euw4",
        secondary: "gcp-euw1",
        failover,
        dns: {
          provider: "cloud-dns",
          managedZone: "ai-example-com",
          zone: "ai.example.com",
          record: "inference",
          endpoints: { "gcp-euw4": "203.0.113.4", "gcp-euw1": "198.51.100.1" },
        },
      }),
      CLUSTERS.slice(2),
    );

  it("routes primary-backup over the clusters' addresses with a three-region health check", async () => {
    const { resources: rs } = await captureStack(cloudDns(false));
    expect(rs.some((r) => r.type.startsWith("aws:route53"))).toBe(false);
    const check = byName(rs, "t-dr-health");
    expect(check.type).toBe("gcp:compute/healthCheck:HealthCheck");
    expect(check.inputs).toMatchObject({
      project: "acme-ml",
      checkIntervalSec: 30,
      unhealthyThreshold: 3,
      sourceRegions: ["us-central1", "europe-west1", "asia-southeast1"],
      httpsHealthCheck: { port: 443, requestPath: "/health" },
    });
    const record = byName(rs, "t-dr-record");
    expect(record.type).toBe("gcp:dns/recordSet:RecordSet");
    expect(record.inputs).toMatchObject({
      managedZone: "ai-example-com",
      name: "inference.ai.example.com.",
      type: "A",
      ttl: 60,
      routingPolicy: {
        healthCheck: "t-dr-health-id",
        primaryBackup: {
          primary: { externalEndpoints: ["203.0.113.4"] },
          backupGeos: [
            {
              location: "europe-west1",
              healthCheckedTargets: { externalEndpoints: ["198.51.100.1"] },
            },
          ],
          trickleRatio: 0,
        },
      },
    });
    expect(regionOf(rs, record)).toBe("europe-west4");
  });

  it("failover: true makes the secondary the primary target", async () => {
    const { resources: rs } = await captureStack(cloudDns(true));
    expect(byName(rs, "t-dr-record").inputs.routingPolicy).toMatchObject({
      primaryBackup: {
        primary: { externalEndpoints: ["198.51.100.1"] },
        backupGeos: [
          {
            location: "europe-west4",
            healthCheckedTargets: { externalEndpoints: ["203.0.113.4"] },
          },
        ],
      },
    });
  });
});

describe("what the clouds accept, for DR (issue 10)", () => {
  it("names a GCP region as Cloud DNS backup geo when the standby is on AWS", async () => {
    const { resources: rs } = await captureStack(
      stackYaml(
        drConfig({
          primary: "aws-use1",
          secondary: "gcp-euw4",
          failover: true,
          dns: {
            provider: "cloud-dns",
            managedZone: "ai-example-com",
            zone: "ai.example.com",
            record: "inference",
            endpoints: { "aws-use1": "203.0.113.4", "gcp-euw4": "198.51.100.1" },
          },
        }),
      ),
    );
    const record = byName(rs, "t-dr-record");
    // us-east-1 (N. Virginia) as the backup geo would be refused: the nearest GCP region is us-east4.
    expect(record.inputs.routingPolicy).toMatchObject({
      primaryBackup: { backupGeos: [{ location: "us-east4" }] },
    });
  });

  it("installs Velero on a cluster the stack creates, before its backup Schedule", async () => {
    const { resources: rs } = await captureStack(stackYaml(drConfig()));
    const velero = byName(rs, "t-dr-secondary-velero");
    expect(velero.inputs).toMatchObject({
      chart: "velero",
      version: "12.1.0",
      namespace: "velero",
    });
    const schedule = byName(rs, "t-dr-secondary-backup");
    expect(schedule.dependencies).toContain(velero.urn);
    expect(schedule.provider).toBe(velero.provider);
  });

  it("replicates SSE-KMS objects into a KMS-encrypted replica, where bucket keys mean something", async () => {
    const { resources: rs } = await captureStack(stackYaml(drConfig()));
    const encryption = byName(rs, "t-dr-artifacts-replica-encryption");
    expect(encryption.inputs.rules).toMatchObject([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true },
    ]);
    const replication = byName(rs, "t-dr-artifacts-replication");
    expect(replication.inputs.rules).toMatchObject([
      {
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: { encryptionConfiguration: {} },
      },
    ]);
  });
});

describe("kubeconfigFor", () => {
  async function kubeconfigOf(
    cloud: "aws" | "gcp",
  ): Promise<{ users: Array<{ user: { exec: Record<string, unknown> } }> }> {
    const c = await captureProgram({
      project: "hybrid-ai",
      stack: "t",
      config: {},
      program: async () => {
        const provider =
          cloud === "aws"
            ? new aws.Provider("p", { region: "us-west-2" })
            : new gcp.Provider("p", { project: "acme", region: "europe-west1" });
        const cluster = {
          name: "c",
          cloud,
          region: cloud === "aws" ? "us-west-2" : "europe-west1",
          clusterName: "ml",
          project: "acme",
          provider,
        };
        return {
          kubeconfig: kubeconfigFor(cluster as unknown as Parameters<typeof kubeconfigFor>[0], {
            provider,
          }),
        };
      },
    });
    return JSON.parse(String(c.outputs.kubeconfig));
  }

  it("authenticates through the cloud's CLI and holds no credential", async () => {
    const eks = await kubeconfigOf("aws");
    expect(eks.users[0].user).toEqual({
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", "ml", "--region", "us-west-2"],
      },
    });
    const gke = await kubeconfigOf("gcp");
    expect(gke.users[0].user.exec.command).toBe("gke-gcloud-auth-plugin");
    expect(Object.keys(gke.users[0].user)).toEqual(["exec"]);
  });
});
