import { describe, expect, it } from "vitest";
import {
  acceptedValueViolations,
  gpuAddonViolations,
  ineffectiveSettings,
  nameViolations,
  privateEndpointNotes,
  scheduledActionCounts,
  supportPolicyViolations,
  versionViolations,
  workloadIdentityViolations,
  zoneViolations,
  type CheckedResource,
} from "../model/rules/deployChecks";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const NOW = new Date("2026-11-30T12:00:00Z");

const gkePool = (
  props: Record<string, unknown> = {},
  name = "gcp-euw4-train-a100",
): CheckedResource => ({
  type: "gcp:container/nodePool:NodePool",
  name,
  props: {
    name: "gcp-euw4-train-a100",
    nodeLocations: ["europe-west4-a"],
    nodeConfig: {
      machineType: "a2-ultragpu-8g",
      labels: { "hybrid-ai/pool": "gcp-euw4-train-a100" },
      resourceLabels: { owner: "ml-platform" },
      workloadMetadataConfig: { mode: "GKE_METADATA" },
    },
    cluster: "ml-eu",
    ...props,
  },
});

describe("nameViolations", () => {
  it("passes a compliant node pool", () => {
    expect(nameViolations(gkePool())).toEqual([]);
  });

  it("refuses a GKE node pool name over 40 characters, with the limit and source", () => {
    const long = "gcp-europe-west4-production-train-a100-80gb";
    expect(nameViolations(gkePool({ name: long }))).toEqual([
      `GKE node pool name "${long}" would be rejected: 40 characters at most (got 43) (source: https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools)`,
    ]);
  });

  it("checks the auto-name a provider would give when the name is left out", () => {
    const { name: _drop, ...props } = gkePool().props;
    const pool: CheckedResource = {
      ...gkePool(),
      name: "gcp-euw4-a-very-long-training-pool",
      props,
    };
    const [message] = nameViolations(pool);
    expect(message).toContain('"gcp-euw4-a-very-long-training-pool-" + 7 random characters');
    expect(message).toContain("40 characters at most (got 42)");
  });

  it("refuses Kubernetes label values over 63 characters and GCP label values with capitals", () => {
    const node = {
      machineType: "a2-ultragpu-8g",
      labels: { "hybrid-ai/pool": "x".repeat(64) },
      resourceLabels: { owner: "ML" },
    };
    const found = nameViolations(gkePool({ nodeConfig: node }));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^nodeConfig.resourceLabels: GCP label value of owner "ML" would be rejected: only lower-case/,
    );
    expect(found[1]).toMatch(
      /^nodeConfig.labels: Kubernetes label value of hybrid-ai\/pool "x{64}" would be rejected: 63 characters at most/,
    );
  });

  it("reads a notification channel's labels as its configuration and checks its userLabels", () => {
    // The budget e-mail channel issue 13 creates (prod): `labels` hold the address, not GCP labels.
    const channel = (props: Record<string, unknown>): CheckedResource => ({
      type: "gcp:monitoring/notificationChannel:NotificationChannel",
      name: "budget-gcp-email-0",
      props: { type: "email", labels: { email_address: "finops@example.com" }, ...props },
    });
    expect(nameViolations(channel({}))).toEqual([]);
    expect(nameViolations(channel({ userLabels: { owner: "ML" } }))[0]).toMatch(
      /^userLabels: GCP label value of owner "ML" would be rejected: only lower-case/,
    );
  });

  it("does not check values unknown during preview", () => {
    expect(nameViolations(gkePool({ name: UNKNOWN }))).toEqual([]);
  });

  it("refuses a service account id over 30 characters", () => {
    const sa: CheckedResource = {
      type: "gcp:serviceaccount/account:Account",
      name: "sa",
      props: { accountId: "gcp-euw4-production-train-a100-gpu" },
    };
    expect(nameViolations(sa)[0]).toMatch(
      /^GCP service account id .* 30 characters at most \(got 34\)/,
    );
  });
});

describe("versionViolations", () => {
  const eks = (version: string): CheckedResource => ({
    type: "aws:eks/cluster:Cluster",
    name: "aws-usw2",
    props: { version },
  });

  it("refuses EKS 1.31 after the end of its extended support", () => {
    expect(versionViolations(eks("1.31"), NOW)).toEqual([
      "EKS no longer creates clusters on Kubernetes 1.31: its support ended on 2026-11-26 (source: https://github.com/awsdocs/amazon-eks-user-guide/blob/013856044148d6eeed4723027a45aa2180536bcb/latest/ug/versioning/kubernetes-versions.adoc)",
    ]);
  });

  it("passes a version under standard support", () => {
    expect(versionViolations(eks("1.35"), NOW)).toEqual([]);
  });

  it("asks for upgradePolicy STANDARD", () => {
    expect(supportPolicyViolations(eks("1.35"))[0]).toMatch(/unset \(EKS defaults to EXTENDED\)/);
    expect(
      supportPolicyViolations({
        ...eks("1.35"),
        props: { version: "1.35", upgradePolicy: { supportType: "STANDARD" } },
      }),
    ).toEqual([]);
  });
});

describe("zoneViolations", () => {
  it("refuses A100 80GB in europe-west4-b", () => {
    expect(
      zoneViolations(gkePool({ nodeLocations: ["europe-west4-a", "europe-west4-b"] })),
    ).toEqual([
      "GKE would answer 'Accelerator type nvidia-a100-80gb does not exist in zone europe-west4-b': a2-ultragpu-8g runs in europe-west4-a (source: https://github.com/skypilot-org/skypilot-catalog/blob/017e2502fb63c7a28757acd94002b2d6099d3e3d/catalogs/v7/gcp/vms.csv)",
    ]);
    expect(zoneViolations(gkePool())).toEqual([]);
  });
});

describe("acceptedValueViolations", () => {
  it("refuses an AWS region as a Cloud DNS backup geo", () => {
    const record: CheckedResource = {
      type: "gcp:dns/recordSet:RecordSet",
      name: "r",
      props: { routingPolicy: { primaryBackup: { backupGeos: [{ location: "us-east-1" }] } } },
    };
    expect(acceptedValueViolations(record)[0]).toMatch(
      /^Cloud DNS routing geo location "us-east-1" would be rejected: it must be a GCP region/,
    );
    const fixed = {
      ...record,
      props: { routingPolicy: { primaryBackup: { backupGeos: [{ location: "us-east4" }] } } },
    };
    expect(acceptedValueViolations(fixed)).toEqual([]);
  });

  it("refuses scheduled action times in the past", () => {
    const action: CheckedResource = {
      type: "aws:autoscaling/schedule:Schedule",
      name: "a",
      props: { startTime: "2020-01-01T00:00:00Z" },
    };
    expect(acceptedValueViolations(action)).toEqual([
      "Auto Scaling would answer 'Given start time is in the past': startTime 2020-01-01T00:00:00Z",
    ]);
  });

  it("refuses RTC minutes other than 15", () => {
    const rep = (minutes: number): CheckedResource => ({
      type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      name: "rep",
      props: {
        rules: [
          {
            destination: {
              replicationTime: { status: "Enabled", time: { minutes } },
              metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            },
          },
        ],
      },
    });
    expect(acceptedValueViolations(rep(15))).toEqual([]);
    expect(acceptedValueViolations(rep(10))[0]).toMatch(
      /^S3 Replication Time Control minutes 10 would be rejected: only 15/,
    );
  });
});

describe("ineffectiveSettings", () => {
  it("flags bucketKeyEnabled with AES256", () => {
    const enc: CheckedResource = {
      type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      name: "e",
      props: {
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
            bucketKeyEnabled: true,
          },
        ],
      },
    };
    expect(ineffectiveSettings(enc)[0]).toMatch(/^bucketKeyEnabled does nothing with AES256/);
  });

  it("flags a health check on a record with simple routing", () => {
    const record: CheckedResource = {
      type: "aws:route53/record:Record",
      name: "r",
      props: { healthCheckId: "hc" },
    };
    expect(ineffectiveSettings(record)[0]).toMatch(/^Route 53 ignores the health check/);
    expect(
      ineffectiveSettings({
        ...record,
        props: { healthCheckId: "hc", failoverRoutingPolicies: [{ type: "PRIMARY" }] },
      }),
    ).toEqual([]);
  });

  it("flags instance types of different sizes in one node group", () => {
    const group: CheckedResource = {
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "g",
      props: { instanceTypes: ["g6.xlarge", "g6.2xlarge"] },
    };
    expect(ineffectiveSettings(group)[0]).toMatch(
      /^instance types g6.xlarge \(4 vCPU, 16 GiB\), g6.2xlarge \(8 vCPU, 32 GiB\) differ in size/,
    );
  });
});

describe("stack checks", () => {
  it("counts scheduled actions per group against the 125 quota", () => {
    const actions = Array.from({ length: 126 }, (_, i): CheckedResource => ({
      type: "aws:autoscaling/schedule:Schedule",
      name: `a-${i}`,
      parentUrn: "urn:schedule",
      props: { autoscalingGroupName: UNKNOWN },
    }));
    expect(scheduledActionCounts(actions)).toEqual([
      "126 scheduled actions on the group switched by urn:schedule: AWS allows 125 scheduled actions per Auto Scaling group (source: https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html)",
    ]);
    expect(scheduledActionCounts(actions.slice(1))).toEqual([]);
  });

  it("refuses GKE_METADATA on a stack cluster without Workload Identity", () => {
    const cluster: CheckedResource = {
      type: "gcp:container/cluster:Cluster",
      name: "ml-eu",
      props: { name: "ml-eu" },
    };
    expect(workloadIdentityViolations([cluster, gkePool()])[0]).toMatch(
      /uses GKE_METADATA but cluster ml-eu has no Workload Identity/,
    );
    const withWi = {
      ...cluster,
      props: { name: "ml-eu", workloadIdentityConfig: { workloadPool: "p.svc.id.goog" } },
    };
    expect(workloadIdentityViolations([withWi, gkePool()])).toEqual([]);
  });
});

describe("created clusters", () => {
  const cluster: CheckedResource = {
    type: "aws:eks/cluster:Cluster",
    name: "aws-usw2",
    props: { name: "aws-usw2", vpcConfig: { endpointPublicAccess: false } },
  };
  const group: CheckedResource = {
    type: "aws:eks/nodeGroup:NodeGroup",
    name: "aws-usw2-infer-l4",
    props: { clusterName: "aws-usw2", amiType: "AL2023_x86_64_NVIDIA" },
  };
  const release = (chart: string): CheckedResource => ({
    type: "kubernetes:helm.sh/v3:Release",
    name: chart,
    props: { chart },
  });

  it("need the device plugin and cluster-autoscaler for GPU node groups", () => {
    expect(gpuAddonViolations([cluster, group])).toEqual([
      "EKS cluster aws-usw2 gets GPU node groups but no nvidia-device-plugin or cluster-autoscaler Helm release: the AL2023 NVIDIA AMI needs the device plugin for nvidia.com/gpu to show, and pools at zero grow only with cluster-autoscaler",
    ]);
    const both = [release("nvidia-device-plugin"), release("cluster-autoscaler")];
    expect(gpuAddonViolations([cluster, group, ...both])).toEqual([]);
  });

  it("note that a private cluster's Kubernetes objects need a runner in its VPC", () => {
    expect(privateEndpointNotes([cluster])).toEqual([]);
    expect(privateEndpointNotes([cluster, release("velero")])[0]).toMatch(
      /^cluster aws-usw2 has a private API endpoint/,
    );
  });
});
