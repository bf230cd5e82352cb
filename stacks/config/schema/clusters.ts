/** `hybrid-ai:clusters`: clusters and their GPU pools. */
import { z } from "zod";
import { AKS_GPU_DRIVERS } from "../../../components/compute/aks";
import {
  AWS_GPU_AMI_TYPES,
  CAPACITY_TYPES,
  PROVISIONERS,
} from "../../../components/compute/gpuNodePool";
import { TARGETS, type GpuId } from "../../../model/catalog/types";
import { resourceName } from "./common";

/** One GPU pool of a cluster. */
export const gpuPoolSchema = z.strictObject({
  name: resourceName,
  // Any text: the pool validator checks it against the catalog (and suggests the nearest key).
  gpu: z.custom<GpuId>((v) => typeof v === "string"),
  gpusPerNode: z.int().positive().optional(),
  instanceTypes: z.array(z.string().min(1)).min(1).optional(),
  /** Required for cloud pools; an on-prem pool's size is its `nodes`. */
  minNodes: z.int().optional(),
  maxNodes: z.int().optional(),
  desiredNodes: z.int().optional(),
  capacity: z.enum(CAPACITY_TYPES).default("on-demand"),
  /** Required on AWS, GCP and Azure; Akamai regions and on-prem sites have no zones. */
  zones: z.array(z.string()).optional(),
  diskGiB: z.int().min(20).max(16384).optional(),
  amiType: z.enum(Object.keys(AWS_GPU_AMI_TYPES) as [keyof typeof AWS_GPU_AMI_TYPES]).optional(),
  /** Name of a `hybrid-ai:schedules` entry switching the pool off outside its windows. */
  schedule: z.string().optional(),
  /** AWS: `karpenter` provisions the pool with a Karpenter NodePool. */
  provisioner: z.enum(PROVISIONERS).optional(),
  /** AWS with Karpenter: the EC2NodeClass AMI alias, e.g. `al2023@v20260812`. */
  amiAlias: z.string().min(1).optional(),
  /** Azure: `aks` installs the NVIDIA driver, `gpu-operator` skips it for the operator. */
  gpuDriver: z.enum(AKS_GPU_DRIVERS).optional(),
  /** Azure spot: most USD per node-hour; -1 pays up to the on-demand price. */
  spotMaxPriceUsd: z.number().optional(),
  /** On-prem: the machines, as Kubernetes Node names. */
  nodes: z.array(z.string().min(1)).optional(),
  /** On-prem: what one machine cost, for the amortised monthly cost. */
  hardware: z
    .strictObject({
      purchaseUsd: z.number().positive(),
      purchasedOn: z.iso.date(),
      amortizeYears: z.number().positive().max(15),
    })
    .optional(),
  /** On-prem and Akamai: share GPUs by time-slicing or MIG (the GPU operator). */
  sharing: z
    .strictObject({ timeSlicing: z.int().optional(), mig: z.string().optional() })
    .optional(),
  /** On-prem: the Deployments a schedule scales to zero (the machines stay on). */
  workloads: z
    .strictObject({
      namespace: z.string().min(1),
      deployments: z
        .array(
          z.strictObject({
            deployment: z.string().min(1),
            replicas: z.int().min(1),
            scaledObject: z.string().min(1).optional(),
          }),
        )
        .min(1),
    })
    .optional(),
});
/** A pool as the rules hand it on: sizes and zones filled in (an on-prem pool's from its nodes). */
export type GpuPoolConfig = Omit<
  z.infer<typeof gpuPoolSchema>,
  "minNodes" | "maxNodes" | "zones"
> & {
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly zones: string[];
};

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
  cloud: z.enum(TARGETS),
  /** Required for clouds; on-prem clusters have a `site` instead. */
  region: z.string().optional(),
  /** On-prem: the site (data centre) name. */
  site: z.string().optional(),
  /** Azure: resource group of the AKS cluster. */
  resourceGroup: z.string().min(1).optional(),
  /** On-prem: the cluster's kubeconfig, a `secure:` value. */
  kubeconfig: z.string().min(1).optional(),
  /** On-prem: the machines already have the NVIDIA driver. */
  driverPreinstalled: z.boolean().optional(),
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
/** A cluster as the rules hand it on: `region` is the site on-prem. */
export type ClusterConfig = Omit<z.infer<typeof clusterSchema>, "gpuPools" | "region"> & {
  readonly region: string;
  readonly gpuPools: GpuPoolConfig[];
};
