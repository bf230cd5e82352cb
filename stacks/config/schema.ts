/**
 * The stack config contract: every key under the `hybrid-ai:` namespace of `stacks/Pulumi.<stack>.yaml`.
 *
 * Objects are strict: an unknown key is an error, so a typo never passes silently. Values that other
 * validators own (GPU names, zones, bounds between keys) are typed loosely here and checked by the
 * components' pure validators, which give better messages and run even when a sibling key is wrong.
 */
import { z } from "zod";
import { CAPACITY_TYPES, AWS_GPU_AMI_TYPES } from "../../components/gpuNodePool";
import { ENVIRONMENTS } from "../../components/tags";
import type { EdgeSiteConfig, ScheduleConfig } from "./edge";
import { DNS_PROVIDERS, DR_STRATEGIES } from "../../components/disasterRecoveryRegion";
import { allowedRegionsSchema, budgetSchema, policyConfigSchema } from "./policySchema";

/** The config namespace: the Pulumi project name. */
export const CONFIG_NAMESPACE = "hybrid-ai";

/** A name that is safe as a resource name, a Kubernetes label value and a GCP label value. */
export const resourceName = z.string().regex(/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/, {
  error:
    "must be 1-40 lower-case letters, digits or '-', starting with a letter and not ending with '-'",
});

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

/** A boolean, also as the strings `pulumi config set --path` may store. */
const flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

/** `hybrid-ai:disasterRecovery`: how the stack survives the loss of its primary region. */
export const disasterRecoverySchema = z.strictObject({
  /** A cluster of this stack that serves in normal operation. */
  primary: resourceName,
  /** Another cluster of this stack, in another region, that takes over. */
  secondary: resourceName,
  strategy: z.enum(DR_STRATEGIES),
  rpoMinutes: z.number().positive(),
  rtoMinutes: z.number().positive(),
  dns: z.strictObject({
    provider: z.enum(DNS_PROVIDERS).optional(),
    managedZone: z.string().optional(),
    zone: z.string().min(1),
    record: z.string().min(1),
    ttlSeconds: z.int().optional(),
    healthCheckPath: z.string().optional(),
    healthCheckIntervalSeconds: z.int().optional(),
    failureThreshold: z.int().optional(),
    /** Host names of each cluster's ingress, by cluster name. */
    endpoints: z.record(z.string(), z.string().min(1)).optional(),
  }),
  artifacts: z.strictObject({ bucket: z.string().min(1) }),
  failover: flag.default(false),
  rehearsal: flag.default(false),
  warmStandbyPercent: z.number().optional(),
  /** Primary pools to protect; by default every pool with minNodes > 0. */
  pools: z.array(z.strictObject({ name: resourceName, maxNodes: z.int().optional() })).optional(),
  backups: z
    .strictObject({ schedule: z.string().optional(), ttlHours: z.int().optional() })
    .optional(),
  /** Measured figures that replace the cited defaults of the RTO estimate. */
  estimates: z
    .strictObject({
      nodeProvisioningMinutes: z.number().positive().optional(),
      modelLoadMinutes: z.number().positive().optional(),
    })
    .optional(),
});
export type DisasterRecoveryConfig = z.infer<typeof disasterRecoverySchema>;

/**
 * Top-level keys, without the namespace. Top-level scalars reach a Pulumi program as strings, so
 * numbers and booleans there use `z.coerce`. Later features add their keys here.
 */
export const stackConfigShape = {
  environment: z.enum(ENVIRONMENTS),
  owner: z.string().min(1),
  costCenter: z.string().min(1),
  clusters: z.array(z.unknown()).min(1),
  /** Shutdown schedules by name (stacks/config/edge.ts). */
  schedules: z.record(z.string(), z.unknown()).optional(),
  /** Edge inference sites (stacks/config/edge.ts). */
  edgeSites: z.array(z.unknown()).optional(),
  disasterRecovery: disasterRecoverySchema.optional(),
  /** Guardrail enforcement levels, settings and waivers (stacks/config/policySchema.ts). */
  policy: policyConfigSchema.optional(),
  budget: budgetSchema.optional(),
  allowedRegions: allowedRegionsSchema.optional(),
};
export const stackConfigSchema = z.strictObject(stackConfigShape);

/** The validated stack config. */
export type StackConfig = Omit<
  z.infer<typeof stackConfigSchema>,
  "clusters" | "schedules" | "edgeSites"
> & {
  readonly clusters: ClusterConfig[];
  readonly schedules: Record<string, ScheduleConfig>;
  readonly edgeSites: EdgeSiteConfig[];
};
