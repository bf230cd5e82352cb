import { hideCredentials } from "../../review/redactCredentials";
import { describe, expect, it } from "vitest";
import { endpointDisallowPublic } from "../../policies/security/endpointPublic";
import { storageRequireEncryption } from "../../policies/security/storageEncryption";
import { credentialRequireSecret } from "../../policies/security/credentialSecret";
import { regionEnforceAllowed } from "../../policies/security/regionAllowed";
import { evaluatePolicies } from "../../review/policy/evaluate";
import { awsProvider, costTags, eksPool, gkePool, messages, res, service } from "../support";

describe("security-endpoint-disallow-public", () => {
  const eks = (vpcConfig: Record<string, unknown>) =>
    res("aws:eks/cluster:Cluster", "aws-usw2", { name: "aws-usw2", vpcConfig, tags: costTags });
  const gke = (extra: Record<string, unknown>) =>
    res("gcp:container/cluster:Cluster", "gcp-euw4", { name: "gcp-euw4", ...extra });
  it("passes internal LoadBalancers, ClusterIP Services and private control planes", async () => {
    const compliant = [
      service("LoadBalancer", {
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
      }),
      service("LoadBalancer", { "networking.gke.io/load-balancer-type": "Internal" }),
      service("LoadBalancer", {}, { loadBalancerSourceRanges: ["10.0.0.0/8"] }),
      service("ClusterIP"),
      eks({ endpointPrivateAccess: true, endpointPublicAccess: false }),
      eks({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
      gke({ privateClusterConfig: { enablePrivateEndpoint: true } }),
    ];
    expect(await messages(endpointDisallowPublic, compliant)).toEqual([]);
  });
  it("flags a public LoadBalancer", async () => {
    expect(await messages(endpointDisallowPublic, [service("LoadBalancer")])).toEqual([
      "Service serving/llm is a public LoadBalancer open to 0.0.0.0/0",
    ]);
  });
  it("flags an EKS endpoint open to 0.0.0.0/0 (public by default)", async () => {
    expect(await messages(endpointDisallowPublic, [eks({ subnetIds: ["subnet-1"] })])).toEqual([
      "EKS cluster aws-usw2 has a public endpoint open to 0.0.0.0/0",
    ]);
  });
  it("flags a GKE endpoint with 0.0.0.0/0 authorized", async () => {
    const open = gke({
      privateClusterConfig: { enablePrivateEndpoint: false },
      masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "0.0.0.0/0" }] },
    });
    expect(await messages(endpointDisallowPublic, [open])).toEqual([
      "GKE cluster gcp-euw4 has a public endpoint open to 0.0.0.0/0",
    ]);
  });
});

describe("security-storage-require-encryption", () => {
  const bucket = res("aws:s3/bucket:Bucket", "models", { bucket: "acme-models", tags: costTags });
  const sse = res(
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    "models-sse",
    {
      bucket: "acme-models",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
    },
  );
  const volume = (encrypted: boolean) =>
    res("aws:ebs/volume:Volume", "cache", { size: 100, encrypted, tags: costTags });
  const cluster = (encryptionConfig?: unknown) =>
    res("aws:eks/cluster:Cluster", "aws-usw2", {
      name: "aws-usw2",
      ...(encryptionConfig ? { encryptionConfig } : {}),
    });
  it("passes encrypted volumes, buckets with SSE and clusters encrypting secrets", async () => {
    expect(
      await messages(storageRequireEncryption, [
        bucket,
        sse,
        volume(true),
        cluster({ resources: ["secrets"], provider: { keyArn: "arn" } }),
      ]),
    ).toEqual([]);
  });
  it("flags an unencrypted EBS volume", async () => {
    expect(await messages(storageRequireEncryption, [volume(false)])).toEqual([
      "EBS volume cache is not encrypted",
    ]);
  });
  it("flags an S3 bucket without SSE configuration", async () => {
    expect(await messages(storageRequireEncryption, [bucket])).toEqual([
      "S3 bucket models has no server-side encryption configuration",
    ]);
  });
  it("flags an EKS cluster without secrets encryption", async () => {
    expect(await messages(storageRequireEncryption, [cluster()])).toEqual([
      "EKS cluster aws-usw2 does not encrypt Kubernetes secrets with a KMS key",
    ]);
  });
});

describe("security-credential-require-secret", () => {
  const provider = (kubeconfig: string) =>
    res("pulumi:providers:kubernetes", "edge-site-1", { kubeconfig });
  it("passes a kubeconfig given as a secret", async () => {
    expect(await messages(credentialRequireSecret, [provider("[secret]")])).toEqual([]);
  });
  it("flags a plain-text kubeconfig without printing it", async () => {
    const found = await messages(credentialRequireSecret, [
      provider("apiVersion: v1\nusers: [{user: {token: abc}}]"),
    ]);
    expect(found).toEqual([
      "Kubernetes provider edge-site-1 takes kubeconfig in plain text, not as a secret",
    ]);
    expect(found.join()).not.toContain("abc");
  });
  it("flags plain data in a Kubernetes Secret", async () => {
    const secret = res("kubernetes:core/v1:Secret", "hf-token", {
      metadata: { name: "hf" },
      stringData: { HF_TOKEN: "hf_abc" },
    });
    expect(await messages(credentialRequireSecret, [secret])).toEqual([
      "kubernetes:core/v1:Secret hf-token takes stringData.HF_TOKEN in plain text, not as a secret",
    ]);
  });
  it("is not applicable under the Pulumi CLI, which decrypts secrets before policies run", async () => {
    const d = await evaluatePolicies({
      resources: [provider("apiVersion: v1")],
      policies: [credentialRequireSecret],
      config: { [credentialRequireSecret.name]: { environment: "prod" } },
    });
    expect(d).toEqual([]);
  });
});

describe("security-region-enforce-allowed", () => {
  const allowed = { allowedRegions: ["us-east-1", "europe-west4"] };
  it("passes resources in allowed regions", async () => {
    expect(
      await messages(regionEnforceAllowed, [awsProvider, eksPool(), gkePool()], allowed),
    ).toEqual([]);
  });
  it("flags a provider in another region", async () => {
    const p = res("pulumi:providers:aws", "aws-apse1-provider", { region: "ap-southeast-1" });
    expect(await messages(regionEnforceAllowed, [p], allowed)).toEqual([
      "aws-apse1-provider is in ap-southeast-1, outside the allowed regions (us-east-1, europe-west4)",
    ]);
  });
  it("flags a GCS bucket and Cloud Scheduler job outside them", async () => {
    const bucket = res("gcp:storage/bucket:Bucket", "models-us", { location: "US-CENTRAL1" });
    const job = res("gcp:cloudscheduler/job:Job", "dev-shutdown", {
      region: "us-central1",
      schedule: "0 20 * * 1-5",
    });
    expect(await messages(regionEnforceAllowed, [bucket, job], allowed)).toEqual([
      "models-us is in US-CENTRAL1, outside the allowed regions (us-east-1, europe-west4)",
      "dev-shutdown is in us-central1, outside the allowed regions (us-east-1, europe-west4)",
    ]);
  });
  it("is not applicable when the stack lists no regions", async () => {
    const p = res("pulumi:providers:aws", "aws-apse1-provider", { region: "ap-southeast-1" });
    expect(await messages(regionEnforceAllowed, [p])).toEqual([]);
  });
});

describe("reports never repeat a credential", () => {
  it("hides plain-text credential values and keeps secrets' placeholder", async () => {
    expect(
      hideCredentials({
        kubeconfig: "apiVersion: v1",
        nested: [{ token: "abc", name: "x" }],
        password: "[secret]",
      }),
    ).toEqual({
      kubeconfig: "[redacted]",
      nested: [{ token: "[redacted]", name: "x" }],
      password: "[secret]",
    });
  });
});
