/**
 * Helpers the guardrail policies share: reading a policy's settings over its defaults, the environment
 * a resource belongs to, GPU pool facts read from node group / node pool properties, tag maps.
 *
 * Everything here is pure: policies run the same under `pulumi preview --policy-pack policies` and in
 * `hai review`, which feeds them through @pulumi/policy's own analyzer handlers.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { readPool, type PoolFacts } from "../model/readers/pools";
import { S3_BUCKET_TYPES, SECRET_MARKER, T, UNKNOWN } from "../model/contracts";

export { S3_BUCKET_TYPES, SECRET_MARKER, T, UNKNOWN };

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
  const pool = readPool(args.type, args.props);
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
