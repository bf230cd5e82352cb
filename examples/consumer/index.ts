// A platform team's own Pulumi program: hybrid-ai-infra installed from npm, its components imported
// from the package root. `pulumi up` runs it as any TypeScript program; CI installs the packed package
// into a copy of this folder, type-checks it strictly and runs it through Pulumi's loader
// (scripts/check-package.sh).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  EdgeInferenceSite,
  GpuNodePool,
  ShutdownSchedule,
  compileSchedule,
  type CostAllocation,
  type ScheduleSpec,
} from "hybrid-ai-infra";

const config = new pulumi.Config();

const costAllocation: CostAllocation = {
  owner: "ml-platform",
  costCenter: "cc-4711",
  environment: "dev",
  stack: pulumi.getStack(),
};

// Office hours in Berlin: the dev GPUs run 07:00-19:00 on weekdays, and not on these holidays.
const officeHours: ScheduleSpec = {
  timezone: "Europe/Berlin",
  on: ["Mon-Fri 07:00-19:00"],
  holidays: ["2026-12-24", "2026-12-25", "2026-12-31"],
};

const awsUsEast1 = new aws.Provider("aws-use1", { region: "us-east-1" });

const pool = new GpuNodePool(
  "dev-l4",
  {
    cloud: "aws",
    region: "us-east-1",
    clusterName: config.get("clusterName") ?? "ml-dev",
    gpu: "l4",
    capacity: "spot",
    minNodes: 0,
    maxNodes: 2,
    zones: ["us-east-1a", "us-east-1b"],
    subnetIds: ["subnet-0a1", "subnet-0b2"],
    nodeRoleArn: "arn:aws:iam::123456789012:role/ml-dev-nodes",
    costAllocation,
    schedule: { name: "office-hours", onHoursPerWeek: compileSchedule(officeHours).onHoursPerWeek },
  },
  { provider: awsUsEast1 },
);

if (pool.autoscalingGroupName === undefined) {
  throw new Error("an EKS pool has an Auto Scaling group");
}
new ShutdownSchedule(
  "dev-l4-office-hours",
  {
    scheduleName: "office-hours",
    schedule: officeHours,
    target: {
      awsNodeGroup: {
        autoscalingGroupName: pool.autoscalingGroupName,
        minNodes: 0,
        maxNodes: 2,
      },
    },
  },
  { provider: awsUsEast1 },
);

const store = new EdgeInferenceSite("store-berlin-01", {
  kubeconfig: config.requireSecret("storeKubeconfig"),
  location: "eu-central",
  hardware: "nvidia-l4",
  costAllocation,
  models: [
    {
      name: "support-chat",
      server: "vllm",
      image: "vllm/vllm-openai:v0.6.3",
      model: "meta-llama/Llama-3.1-8B-Instruct",
      revision: "0e9e39f",
      autoscaling: { minReplicas: 1, maxReplicas: 3, queueDepthTarget: 5 },
    },
  ],
});

export const gpuPool = pool.nodePoolName;
export const gpusPerNode = pool.gpusPerNode;
export const storeNamespace = store.namespace;
