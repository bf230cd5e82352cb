/** `hybrid-ai:clusters`: clusters and their GPU pools. */
import { z } from "zod";
import { AWS_GPU_AMI_TYPES, CAPACITY_TYPES } from "../../../components/compute/gpuNodePool";
import { resourceName } from "./common";

/** One GPU pool of a cluster. */
export const gpuPoolSchema = z.strictObject({
  name: resourceName,
  gpu: z.string(),
  gpusPerNode: z.int().positive().optional(),
  instanceTypes: z.array(z.string().min(1)).min(1).optional(),
  minNodes: z.int(),
  maxNodes: z.int(),
  desiredNodes: z.int().optional(),
  capacity: z.enum(CAPACITY_TYPES).default("on-demand"),
  zones: z.array(z.string()),
  diskGiB: z.int().min(20).max(16384).optional(),
  amiType: z.enum(Object.keys(AWS_GPU_AMI_TYPES) as [keyof typeof AWS_GPU_AMI_TYPES]).optional(),
  /** Name of a `hybrid-ai:schedules` entry switching the pool off outside its windows. */
  schedule: z.string().optional(),
});
export type GpuPoolConfig = z.infer<typeof gpuPoolSchema>;

/** Settings of a cluster the stack creates. */
export const clusterCreateSchema = z.strictObject({
  kubernetesVersion: z
    .string()
    .regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version like 1.31" })
    .optional(),
  publicEndpoint: z.boolean().optional(),
  authorizedCidrs: z.array(z.cidrv4()).optional(),
});

/** One cluster; its pools are parsed one by one so every pool's problems are reported. */
export const clusterSchema = z.strictObject({
  name: resourceName,
  cloud: z.enum(["aws", "gcp"]),
  region: z.string(),
  project: z.string().optional(),
  existingClusterName: z.string().min(1).optional(),
  create: clusterCreateSchema.optional(),
  subnetIds: z
    .array(
      z.string().regex(/^subnet-[0-9a-z]+$/, { error: "must be a subnet id like subnet-0a1b2c3d" }),
    )
    .optional(),
  nodeRoleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { error: "must be an IAM role ARN" })
    .optional(),
  nodeServiceAccountEmail: z.email().optional(),
  gpuPools: z.array(z.unknown()),
});
export type ClusterConfig = Omit<z.infer<typeof clusterSchema>, "gpuPools"> & {
  readonly gpuPools: GpuPoolConfig[];
};
