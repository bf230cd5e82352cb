/**
 * The edge fleet found in a resource graph: sites from their labelled namespaces, models from their
 * Deployments, scaling bounds from HPAs and KEDA ScaledObjects, schedules from CronJobs. Read from
 * inputs, so a mock run, a preview and a state export all give the same answer.
 */
import { EDGE_LABEL_KEYS } from "../contracts";
import type { ResourceLike } from "./pools";

/** One model of a site. */
export interface EdgeModelInfo {
  readonly model: string;
  readonly server: string;
  readonly image: string;
  /** `<model>@<revision>` the server loads. */
  readonly modelRef?: string;
  /** GPUs per replica; 0 on CPU. */
  readonly gpusPerReplica: number;
  /** Replicas at creation. */
  readonly replicas: number;
  /** How it scales; absent for a fixed replica count. */
  readonly autoscaling?: {
    readonly kind: "keda" | "hpa";
    /** `queue: <metric>` or `cpu` / `gpu`. */
    readonly metric: string;
    readonly minReplicas: number;
    readonly maxReplicas: number;
  };
}

/** One edge site. */
export interface EdgeSiteInfo {
  readonly site: string;
  readonly namespace: string;
  readonly location: string;
  readonly hardware: string;
  /** Shutdown schedule of the site, when it has one. */
  readonly schedule?: string;
  /** CronJobs switching the site, with the zone they run in. */
  readonly scheduleJobs: number;
  readonly timezone?: string;
  readonly models: readonly EdgeModelInfo[];
}

export const K8S_NAMESPACE = "kubernetes:core/v1:Namespace";
export const K8S_DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const K8S_HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
export const KEDA_SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
export const K8S_CRON_JOB = "kubernetes:batch/v1:CronJob";

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const num = (v: unknown, fallback = 0): number =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : fallback;

/** Key of an object in a site: provider and namespace (sites may reuse a namespace name on different clusters). */
const key = (r: ResourceLike, namespace: string) => `${r.provider ?? ""}|${namespace}`;

/** Extracts every edge site, sorted by name, models in declaration order. */
export function extractEdgeSites(resources: readonly ResourceLike[]): EdgeSiteInfo[] {
  const scalers = new Map<string, EdgeModelInfo["autoscaling"]>();
  const jobs = new Map<string, { count: number; timezone?: string }>();
  for (const r of resources) {
    const meta = asObj(r.inputs.metadata);
    const spec = asObj(r.inputs.spec);
    const ns = str(meta.namespace);
    if (r.type === K8S_HPA) {
      const first: Obj = Array.isArray(spec.metrics) ? asObj(spec.metrics[0]) : {};
      const kind = first.type === "Resource" ? str(asObj(first.resource).name, "resource") : "gpu";
      scalers.set(`${key(r, ns)}|${str(asObj(spec.scaleTargetRef).name)}`, {
        kind: "hpa",
        metric: kind,
        minReplicas: num(spec.minReplicas, 1),
        maxReplicas: num(spec.maxReplicas),
      });
    } else if (r.type === KEDA_SCALED_OBJECT) {
      const triggers = Array.isArray(spec.triggers) ? spec.triggers.map(asObj) : [];
      const query = str(asObj(triggers.find((t) => t.name === "queue")?.metadata).query);
      const metric = /^sum\(([^{]+)\{/.exec(query)?.[1] ?? "prometheus";
      scalers.set(`${key(r, ns)}|${str(asObj(spec.scaleTargetRef).name)}`, {
        kind: "keda",
        metric: `queue: ${metric}`,
        minReplicas: spec.idleReplicaCount === 0 ? 0 : num(spec.minReplicaCount),
        maxReplicas: num(spec.maxReplicaCount),
      });
    } else if (
      r.type === K8S_CRON_JOB &&
      asObj(meta.labels)[EDGE_LABEL_KEYS.schedule] !== undefined
    ) {
      const j = jobs.get(key(r, ns)) ?? { count: 0 };
      j.count += 1;
      j.timezone = str(spec.timeZone) || j.timezone;
      jobs.set(key(r, ns), j);
    }
  }

  const sites = new Map<string, EdgeSiteInfo & { models: EdgeModelInfo[] }>();
  for (const r of resources) {
    if (r.type !== K8S_NAMESPACE) {
      continue;
    }
    const meta = asObj(r.inputs.metadata);
    const labels = asObj(meta.labels);
    const site = str(labels[EDGE_LABEL_KEYS.site]);
    if (site === "") {
      continue;
    }
    const namespace = str(meta.name);
    const j = jobs.get(key(r, namespace));
    const schedule = str(labels[EDGE_LABEL_KEYS.schedule]);
    sites.set(key(r, namespace), {
      site,
      namespace,
      location: str(labels[EDGE_LABEL_KEYS.location], "unknown"),
      hardware: str(labels[EDGE_LABEL_KEYS.hardware], "unknown"),
      ...(schedule !== "" ? { schedule } : {}),
      scheduleJobs: j?.count ?? 0,
      ...(j?.timezone ? { timezone: j.timezone } : {}),
      models: [],
    });
  }
  for (const r of resources) {
    if (r.type !== K8S_DEPLOYMENT) {
      continue;
    }
    const meta = asObj(r.inputs.metadata);
    const site = sites.get(key(r, str(meta.namespace)));
    if (site === undefined) {
      continue;
    }
    const labels = asObj(meta.labels);
    const spec = asObj(r.inputs.spec);
    const pod = asObj(asObj(spec.template).spec);
    const container = asObj(Array.isArray(pod.containers) ? pod.containers[0] : undefined);
    const limits = asObj(asObj(container.resources).limits);
    const name = str(meta.name);
    const autoscaling = scalers.get(`${key(r, site.namespace)}|${name}`);
    const modelRef = str(asObj(meta.annotations)[EDGE_LABEL_KEYS.modelRef]);
    site.models.push({
      model: str(labels[EDGE_LABEL_KEYS.model], name),
      server: str(labels[EDGE_LABEL_KEYS.server], "unknown"),
      image: str(container.image, "unknown"),
      ...(modelRef !== "" ? { modelRef } : {}),
      gpusPerReplica: num(limits["nvidia.com/gpu"]),
      replicas: num(spec.replicas, 1),
      ...(autoscaling !== undefined ? { autoscaling } : {}),
    });
  }
  return [...sites.values()].sort((a, b) => a.site.localeCompare(b.site));
}
