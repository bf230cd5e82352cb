/** Stack files as text: the DR tests' four clusters and a prod-shaped disaster-recovery block. */
import { stringify } from "yaml";

export const CLUSTERS = [
  {
    name: "aws-use1",
    cloud: "aws",
    region: "us-east-1",
    existingClusterName: "ml-prod",
    subnetIds: ["subnet-0a1", "subnet-0b2"],
    gpuPools: [
      {
        name: "infer-l4",
        gpu: "l4",
        instanceTypes: ["g6.xlarge"],
        minNodes: 2,
        maxNodes: 10,
        zones: ["us-east-1a", "us-east-1b"],
      },
      { name: "train-h100", gpu: "h100", minNodes: 0, maxNodes: 2, zones: ["us-east-1a"] },
    ],
  },
  {
    name: "aws-usw2",
    cloud: "aws",
    region: "us-west-2",
    subnetIds: ["subnet-1a1", "subnet-1b2"],
    create: { kubernetesVersion: "1.35" },
    gpuPools: [
      {
        name: "infer-l4",
        gpu: "l4",
        minNodes: 1,
        maxNodes: 4,
        zones: ["us-west-2a", "us-west-2b"],
      },
    ],
  },
  {
    name: "gcp-euw4",
    cloud: "gcp",
    region: "europe-west4",
    project: "acme-ml",
    existingClusterName: "ml-eu",
    gpuPools: [
      {
        name: "infer-l4",
        gpu: "l4",
        minNodes: 2,
        maxNodes: 8,
        zones: ["europe-west4-a", "europe-west4-b"],
      },
    ],
  },
  {
    name: "gcp-euw1",
    cloud: "gcp",
    region: "europe-west1",
    project: "acme-ml",
    existingClusterName: "ml-eu-dr",
    gpuPools: [
      {
        name: "infer-l4",
        gpu: "l4",
        minNodes: 0,
        maxNodes: 2,
        zones: ["europe-west1-b", "europe-west1-c"],
      },
    ],
  },
];

/** A DR config with prod's shape; override what a test needs. */
export function drConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    primary: "aws-use1",
    secondary: "aws-usw2",
    strategy: "warm-standby",
    rpoMinutes: 15,
    rtoMinutes: 30,
    dns: { zone: "ai.example.com", record: "inference" },
    artifacts: { bucket: "acme-models" },
    failover: false,
    ...overrides,
  };
}

/** The text of a stack file. */
export function stackYaml(
  dr: Record<string, unknown> | undefined,
  clusters: unknown[] = CLUSTERS,
  environment = "prod",
): string {
  const config: Record<string, unknown> = {
    "hybrid-ai:environment": environment,
    "hybrid-ai:owner": "ml-platform",
    "hybrid-ai:costCenter": "cc-4711",
    "hybrid-ai:clusters": clusters,
  };
  if (dr !== undefined) {
    config["hybrid-ai:disasterRecovery"] = dr;
  }
  return stringify({ config });
}
