/**
 * Helpers the guardrail policies share: reading a policy's settings over its defaults, the environment
 * a resource belongs to, GPU pool facts read from node group / node pool properties, tag maps.
 *
 * Everything here is pure: policies run the same under `pulumi preview --policy-pack policies` and in
 * `hai review`, which feeds them through @pulumi/policy's own analyzer handlers.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { shapeByName } from "../components/catalog/gpus";

/** Type tokens the policies look at. One list, so later resource kinds are added in one place. */
export const T = {
  eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
  eksCluster: "aws:eks/cluster:Cluster",
  gkeNodePool: "gcp:container/nodePool:NodePool",
  gkeCluster: "gcp:container/cluster:Cluster",
  awsProvider: "pulumi:providers:aws",
  gcpProvider: "pulumi:providers:gcp",
  k8sProvider: "pulumi:providers:kubernetes",
  deployment: "kubernetes:apps/v1:Deployment",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  service: "kubernetes:core/v1:Service",
  k8sSecret: "kubernetes:core/v1:Secret",
  s3Bucket: "aws:s3/bucket:Bucket",
  s3BucketV2: "aws:s3/bucketV2:BucketV2",
  s3Versioning: "aws:s3/bucketVersioning:BucketVersioning",
  s3VersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  s3Replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  s3Encryption:
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  s3EncryptionV2:
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ebsVolume: "aws:ebs/volume:Volume",
  gcsBucket: "gcp:storage/bucket:Bucket",
  gcpDisk: "gcp:compute/disk:Disk",
} as const;

export const S3_BUCKET_TYPES: readonly string[] = [T.s3Bucket, T.s3BucketV2];

/** Value CrossGuard passes for a property unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What `hai review` passes in place of a secret value; the real CLI passes the decrypted value. */
export const SECRET_MARKER = "[secret]";

export type Obj = Record<string, unknown>;
export const asObj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asStrings = (v: unknown): string[] =>
  asArray(v).filter((x): x is string => typeof x === "string");

/** Settings every policy accepts beside its own. */
export interface CommonSettings {
  /**
   * Environment of the stack (`dev`, `staging`, `prod`), used for resources that carry no
   * `environment` tag or label. `hai policy-config` fills it in.
   */
  readonly environment?: string;
  /** Set by `hai review` only: secret values arrive as `[secret]` rather than decrypted. */
  readonly secretsRedacted?: boolean;
}

const COMMON_SCHEMA: PolicyConfigSchema["properties"] = {
  environment: {
    type: "string",
    description: "the stack's environment, for resources without an environment tag",
  },
  secretsRedacted: {
    type: "boolean",
    description: "set by hai review; leave unset under the Pulumi CLI",
  },
};

/** A config schema with the common settings added. */
export function configSchema(properties: PolicyConfigSchema["properties"]): PolicyConfigSchema {
  return { properties: { ...COMMON_SCHEMA, ...properties } };
}

/** The policy's settings: its config over its defaults (the CLI applies schema defaults; hai may not). */
export function settingsOf<T extends object>(
  args: { getConfig<C extends object>(): C },
  defaults: T,
): T & CommonSettings {
  const given = args.getConfig<Partial<T> & CommonSettings>() ?? {};
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given)) {
    if (v !== undefined && v !== null) {
      out[k] = v;
    }
  }
  return out as T & CommonSettings;
}

/** Tags (AWS), labels (GCP, Kubernetes) of a resource, whichever it has; undefined when none. */
export function tagsOf(type: string, props: Obj): Obj | undefined {
  if (type.startsWith("kubernetes:")) {
    const meta = asObj(props.metadata);
    return meta.labels === undefined ? undefined : asObj(meta.labels);
  }
  if (type === T.gkeNodePool) {
    const config = asObj(props.nodeConfig);
    return config.resourceLabels === undefined ? undefined : asObj(config.resourceLabels);
  }
  for (const key of ["tags", "resourceLabels", "labels"]) {
    if (props[key] !== undefined && props[key] !== UNKNOWN) {
      return asObj(props[key]);
    }
  }
  return undefined;
}

/** The environment a resource belongs to: its `environment` tag or label, else the stack's. */
export function environmentOf(
  type: string,
  props: Obj,
  settings: CommonSettings,
): string | undefined {
  const tags = tagsOf(type, props) ?? {};
  const env = tags.environment ?? tags["hybrid-ai/environment"];
  return typeof env === "string" && env !== "" ? env : settings.environment;
}

/** A GPU pool as read from an EKS node group's or a GKE node pool's properties. */
export interface PoolFacts {
  readonly cloud: "aws" | "gcp";
  /** GPU catalog key, or the accelerator type as found. */
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly spot: boolean;
  /** Machine shapes, first preferred. */
  readonly instanceTypes: readonly string[];
  readonly zones: readonly string[];
  /** The shutdown schedule the pool is tagged with, if any. */
  readonly schedule?: string;
}

const num = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);

/** Facts of a GPU pool, or undefined for any other resource. */
export function poolFacts(type: string, props: Obj): PoolFacts | undefined {
  if (type === T.eksNodeGroup) {
    const scaling = asObj(props.scalingConfig);
    const types = asStrings(props.instanceTypes);
    const shape = types.length > 0 ? shapeByName("aws", types[0]) : undefined;
    const tags = asObj(props.tags);
    const labels = asObj(props.labels);
    const templateGpus = Number(
      tags["k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu"],
    );
    const zones =
      typeof tags["hybrid-ai/zones"] === "string"
        ? (tags["hybrid-ai/zones"] as string).split(" ").filter(Boolean)
        : [];
    const schedule = tags["hybrid-ai/schedule"];
    return {
      cloud: "aws",
      gpu: shape?.gpu ?? String(labels["hybrid-ai/accelerator"] ?? "unknown"),
      gpusPerNode: shape?.gpusPerNode ?? (Number.isFinite(templateGpus) ? templateGpus : 0),
      minNodes: num(scaling.minSize, 0),
      maxNodes: num(scaling.maxSize, 0),
      spot: props.capacityType === "SPOT",
      instanceTypes: types,
      zones,
      schedule: typeof schedule === "string" && schedule !== "" ? schedule : undefined,
    };
  }
  if (type === T.gkeNodePool) {
    const config = asObj(props.nodeConfig);
    const autoscaling = asObj(props.autoscaling);
    const zones = asStrings(props.nodeLocations);
    const shape =
      typeof config.machineType === "string" ? shapeByName("gcp", config.machineType) : undefined;
    const accel = asObj(asArray(config.guestAccelerators)[0]);
    const perZone = Math.max(zones.length, 1);
    const labels = asObj(config.resourceLabels);
    const schedule = labels.schedule;
    return {
      cloud: "gcp",
      gpu: shape?.gpu ?? String(accel.type ?? "unknown"),
      gpusPerNode: num(accel.count, shape?.gpusPerNode ?? 0),
      minNodes: num(
        autoscaling.totalMinNodeCount,
        num(autoscaling.minNodeCount, num(props.nodeCount, 0)) * perZone,
      ),
      maxNodes: num(
        autoscaling.totalMaxNodeCount,
        num(autoscaling.maxNodeCount, num(props.nodeCount, 0)) * perZone,
      ),
      spot: config.spot === true || config.preemptible === true,
      instanceTypes: typeof config.machineType === "string" ? [config.machineType] : [],
      zones,
      schedule: typeof schedule === "string" && schedule !== "" ? schedule : undefined,
    };
  }
  return undefined;
}

/** Whether a name matches one of the simple globs (`*` matches any run of characters). */
export function matchesAny(name: string, globs: readonly string[]): boolean {
  return globs.some((g) => new RegExp(`^${g.split("*").map(escapeRegExp).join(".*")}$`).test(name));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a pod template asks for GPUs (any container limits or requests `nvidia.com/gpu`). */
export function requestsGpu(podSpec: Obj): boolean {
  return asArray(podSpec.containers).some((c) => {
    const res = asObj(asObj(c).resources);
    return (
      asObj(res.limits)["nvidia.com/gpu"] !== undefined ||
      asObj(res.requests)["nvidia.com/gpu"] !== undefined
    );
  });
}

/** Label that marks a Kubernetes workload as a model-serving endpoint. */
export const INFERENCE_LABEL = { key: "app.kubernetes.io/component", value: "inference" } as const;

/** Whether a Deployment serves a model: it requests GPUs or carries the inference label. */
export function isInferenceDeployment(props: Obj): boolean {
  const template = asObj(asObj(props.spec).template);
  const labels = {
    ...asObj(asObj(props.metadata).labels),
    ...asObj(asObj(template.metadata).labels),
  };
  return labels[INFERENCE_LABEL.key] === INFERENCE_LABEL.value || requestsGpu(asObj(template.spec));
}

/** `namespace/name` of a Kubernetes object (namespace `default` when not given). */
export function k8sName(props: Obj, fallback: string): string {
  const meta = asObj(props.metadata);
  const ns = typeof meta.namespace === "string" ? meta.namespace : "default";
  return `${ns}/${typeof meta.name === "string" ? meta.name : fallback}`;
}

/**
 * A GPU pool a pool policy applies to: the pool's facts, the policy's settings over its defaults, and
 * the pool's environment, when that environment is one the policy's `environments` setting names.
 */
export function poolInScope<T extends { readonly environments: readonly string[] }>(
  args: { type: string; props: Obj; getConfig<C extends object>(): C },
  defaults: T,
): { pool: PoolFacts; settings: T & CommonSettings; env: string } | undefined {
  const pool = poolFacts(args.type, args.props);
  if (pool === undefined) {
    return undefined;
  }
  const settings = settingsOf(args, defaults);
  const env = environmentOf(args.type, args.props, settings);
  if (env === undefined || !settings.environments.includes(env)) {
    return undefined;
  }
  return { pool, settings, env };
}
