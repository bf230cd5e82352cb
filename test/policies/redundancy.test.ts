import { describe, expect, it } from "vitest";
import { poolRequireMultiZone } from "../../policies/redundancy/poolMultiZone";
import { poolRequireMinNodes } from "../../policies/redundancy/poolMinNodes";
import { workloadRequireReplicas } from "../../policies/redundancy/workloadReplicas";
import { workloadRequirePdb } from "../../policies/redundancy/workloadPdb";
import { bucketRequireVersioningReplication } from "../../policies/redundancy/bucketVersioningReplication";
import { costTags, deployment, eksPool, gkePool, messages, pdb, res, run } from "../support";

describe("redundancy-pool-require-multi-zone", () => {
  it("passes pools in two zones", async () => {
    expect(await messages(poolRequireMultiZone, [eksPool(), gkePool()])).toEqual([]);
  });
  it("flags an EKS pool in one zone", async () => {
    expect(
      await messages(poolRequireMultiZone, [eksPool({}, { "hybrid-ai/zones": "us-east-1a" })]),
    ).toEqual([
      "GPU pool aws-use1-infer-l4 runs in 1 zone (us-east-1a); prod pools need at least 2",
    ]);
  });
  it("flags a GKE pool in one zone, mandatory", async () => {
    const d = await run(poolRequireMultiZone, [gkePool({ nodeLocations: ["europe-west4-a"] })]);
    expect(d).toEqual([
      expect.objectContaining({
        policy: "redundancy-pool-require-multi-zone",
        enforcement: "mandatory",
        message:
          "GPU pool gcp-euw4-infer-l4 runs in 1 zone (europe-west4-a); prod pools need at least 2",
      }),
    ]);
  });
  it("ignores dev pools", async () => {
    expect(
      await messages(poolRequireMultiZone, [
        eksPool({}, { environment: "dev", "hybrid-ai/zones": "us-east-1a" }),
      ]),
    ).toEqual([]);
  });
});

describe("redundancy-pool-require-min-nodes", () => {
  it("passes pools of two nodes", async () => {
    expect(await messages(poolRequireMinNodes, [eksPool(), gkePool()])).toEqual([]);
  });
  it("flags a pool of one node", async () => {
    expect(
      await messages(poolRequireMinNodes, [eksPool({ scalingConfig: { minSize: 1, maxSize: 4 } })]),
    ).toEqual(["GPU pool aws-use1-infer-l4 keeps 1 node at minimum; prod pools need at least 2"]);
  });
  it("skips pools listed in exemptPools", async () => {
    const pool = eksPool({ scalingConfig: { minSize: 0, maxSize: 4 } });
    expect(await messages(poolRequireMinNodes, [pool], { exemptPools: ["*-infer-*"] })).toEqual([]);
  });
});

describe("redundancy-workload-require-replicas", () => {
  it("passes a GPU Deployment with two replicas", async () => {
    expect(await messages(workloadRequireReplicas, [deployment()])).toEqual([]);
  });
  it("flags one replica", async () => {
    expect(await messages(workloadRequireReplicas, [deployment("llm", 1)])).toEqual([
      "Deployment serving/llm runs 1 replica; prod inference needs at least 2",
    ]);
  });
  it("counts an HPA's minReplicas and a KEDA ScaledObject's minReplicaCount", async () => {
    const hpa = res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "llm-hpa", {
      metadata: { name: "llm", namespace: "serving" },
      spec: { scaleTargetRef: { kind: "Deployment", name: "llm" }, minReplicas: 3, maxReplicas: 6 },
    });
    expect(await messages(workloadRequireReplicas, [deployment("llm", undefined), hpa])).toEqual(
      [],
    );
    const keda = res("kubernetes:keda.sh/v1alpha1:ScaledObject", "llm-keda", {
      metadata: { name: "llm", namespace: "serving" },
      spec: { scaleTargetRef: { name: "llm" }, minReplicaCount: 0 },
    });
    expect(await messages(workloadRequireReplicas, [deployment("llm", 2), keda])).toEqual([
      "Deployment serving/llm may scale down to 0 replicas; prod inference needs at least 2",
    ]);
  });
  it("ignores non-inference Deployments and CronJobs", async () => {
    const web = res("kubernetes:apps/v1:Deployment", "web", {
      metadata: { name: "web" },
      spec: { replicas: 1, template: { spec: { containers: [{ name: "w" }] } } },
    });
    const cron = res("kubernetes:batch/v1:CronJob", "shutdown", {
      metadata: { name: "shutdown" },
      spec: { schedule: "0 20 * * 1-5" },
    });
    expect(await messages(workloadRequireReplicas, [web, cron])).toEqual([]);
  });
});

describe("redundancy-workload-require-pdb", () => {
  it("passes a Deployment with a matching PodDisruptionBudget", async () => {
    expect(await messages(workloadRequirePdb, [deployment(), pdb()])).toEqual([]);
  });
  it("flags a PodDisruptionBudget in another namespace", async () => {
    expect(await messages(workloadRequirePdb, [deployment(), pdb("llm", "default")])).toEqual([
      "Deployment serving/llm has no PodDisruptionBudget selecting its pods",
    ]);
  });
});

describe("redundancy-bucket-require-versioning-replication", () => {
  const bucket = res("aws:s3/bucket:Bucket", "model-artifacts", {
    bucket: "acme-model-artifacts",
    tags: costTags,
  });
  const versioning = res(
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
    "model-artifacts-versioning",
    {
      bucket: "acme-model-artifacts",
      versioningConfiguration: { status: "Enabled" },
    },
  );
  const replication = res(
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    "model-artifacts-replication",
    {
      bucket: "acme-model-artifacts",
      role: "arn:aws:iam::123456789012:role/replication",
      rules: [
        {
          id: "all",
          status: "Enabled",
          destination: { bucket: "arn:aws:s3:::acme-model-artifacts-usw2" },
        },
      ],
    },
  );
  it("passes a versioned, replicated S3 bucket and a versioned dual-region GCS bucket", async () => {
    const gcs = res("gcp:storage/bucket:Bucket", "models-eu", {
      location: "EU",
      versioning: { enabled: true },
      labels: costTags,
    });
    expect(
      await messages(bucketRequireVersioningReplication, [bucket, versioning, replication, gcs]),
    ).toEqual([]);
  });
  it("flags an S3 bucket without replication", async () => {
    expect(await messages(bucketRequireVersioningReplication, [bucket, versioning])).toEqual([
      "model bucket model-artifacts is not replicated to another region",
    ]);
  });
  it("flags a single-region GCS bucket", async () => {
    const gcs = res("gcp:storage/bucket:Bucket", "models-eu", {
      location: "europe-west4",
      versioning: { enabled: true },
    });
    expect(await messages(bucketRequireVersioningReplication, [gcs])).toEqual([
      "model bucket models-eu is in the single region EUROPE-WEST4, not a dual- or multi-region",
    ]);
  });
  it("finds the versioning and replication of an auto-named bucket by dependency", async () => {
    const auto = res("aws:s3/bucketV2:BucketV2", "model-store", { tags: costTags });
    const dep = { dependencies: [auto.urn] };
    const v = {
      ...versioning,
      inputs: { ...versioning.inputs, bucket: "model-store-id-unknown" },
      ...dep,
    };
    const r = {
      ...replication,
      inputs: { ...replication.inputs, bucket: "model-store-id-unknown" },
      ...dep,
    };
    expect(await messages(bucketRequireVersioningReplication, [auto, v, r])).toEqual([]);
    expect(await messages(bucketRequireVersioningReplication, [auto, r])).toEqual([
      "model bucket model-store is not versioned",
    ]);
  });
  it("counts a bucket tagged purpose: model-artifacts whatever its name", async () => {
    const tagged = res("aws:s3/bucket:Bucket", "weights", {
      bucket: "acme-w",
      tags: { ...costTags, purpose: "model-artifacts" },
    });
    expect(await messages(bucketRequireVersioningReplication, [tagged])).toEqual([
      "model bucket weights is not versioned and is not replicated to another region",
    ]);
  });
  it("ignores buckets that hold no models", async () => {
    const logs = res("aws:s3/bucket:Bucket", "access-logs", { bucket: "acme-logs" });
    expect(await messages(bucketRequireVersioningReplication, [logs])).toEqual([]);
  });
});
