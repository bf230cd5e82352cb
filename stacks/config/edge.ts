/**
 * Stack config of schedules and edge sites: `hybrid-ai:schedules`, `hybrid-ai:edgeSites`, and the
 * cross-references to schedules from GPU pools and sites. Schemas type the shape; the components' pure
 * validators check meaning, and every problem is reported at once, located in the stack file.
 */
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { AUTOSCALING_METRICS } from "../../components/autoscalingPolicy";
import {
  validateEdgeInferenceSiteArgs,
  type EdgeModelArgs,
} from "../../components/edgeInferenceSite";
import { EDGE_DISTRIBUTIONS } from "../../components/edge/manifests";
import { EDGE_HARDWARE, INFERENCE_SERVERS } from "../../components/edge/servers";
import { validateScheduleSpec, type ScheduleSpec } from "../../components/schedule/windows";
import type { CostAllocation } from "../../components/tags";
import { show, withPrefix, type KeyPath, type Problem } from "../../components/validation";
import { resourceName } from "./schema";

/** One schedule, keyed by its name under `hybrid-ai:schedules`. */
export const scheduleSchema = z.strictObject({
  timezone: z.string(),
  on: z.array(z.string()),
  holidays: z.array(z.string()).optional(),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

/** A model's scaling rule. */
export const autoscalingSchema = z.strictObject({
  metric: z.enum(AUTOSCALING_METRICS).optional(),
  minReplicas: z.int(),
  maxReplicas: z.int(),
  queueDepthTarget: z.number().optional(),
  targetUtilizationPercent: z.int().optional(),
  fallbackReplicas: z.int().optional(),
  wakeQuery: z.string().min(1).optional(),
});

/** One model of an edge site. */
export const edgeModelSchema = z.strictObject({
  name: resourceName,
  server: z.enum(INFERENCE_SERVERS),
  image: z.string().min(1),
  model: z.string().min(1),
  revision: z.string().min(1),
  replicas: z.int().optional(),
  gpus: z.int().optional(),
  cacheGiB: z.int().optional(),
  cpu: z.number().positive().optional(),
  memoryGiB: z.int().positive().optional(),
  autoscaling: autoscalingSchema.optional(),
});
export type EdgeModelConfig = z.infer<typeof edgeModelSchema>;

/** One edge site; its models are parsed one by one so every model's problems are reported. */
export const edgeSiteSchema = z.strictObject({
  name: resourceName,
  kubeconfig: z.string().min(1),
  location: z.string().min(1),
  hardware: z.enum(EDGE_HARDWARE),
  distribution: z.enum(EDGE_DISTRIBUTIONS).optional(),
  manageRuntimeClass: z.boolean().optional(),
  cacheStorageClass: z.string().min(1).optional(),
  prometheusAddress: z.url().optional(),
  schedule: z.string().optional(),
  models: z.array(z.unknown()).min(1),
});
export type EdgeSiteConfig = Omit<z.infer<typeof edgeSiteSchema>, "models"> & {
  readonly models: EdgeModelConfig[];
};

/** Keys allowed at a key path under schedules or edgeSites, for "did you mean" hints; undefined elsewhere. */
export function edgeAllowedKeys(path: readonly (string | number)[]): string[] | undefined {
  const names = path.filter((p) => typeof p === "string");
  const last = names[names.length - 1];
  if (names[0] === "schedules" && names.length === 2) {
    return Object.keys(scheduleSchema.shape);
  }
  if (last === "edgeSites") {
    return Object.keys(edgeSiteSchema.shape);
  }
  if (last === "models") {
    return Object.keys(edgeModelSchema.shape);
  }
  if (last === "autoscaling") {
    return Object.keys(autoscalingSchema.shape);
  }
  return undefined;
}

/** Parses `raw` with `schema`, reporting its issues at `prefix`; undefined when it does not parse. */
export type ParseAt = <T>(schema: z.ZodType<T>, raw: unknown, prefix: KeyPath) => T | undefined;

/** Schedules and edge sites out of the config values, and their problems (not yet located). */
export interface EdgeConfig {
  readonly schedules: Record<string, ScheduleConfig>;
  readonly edgeSites: EdgeSiteConfig[];
  readonly problems: Problem[];
}

const placeholderCost: CostAllocation = {
  owner: "-",
  costCenter: "-",
  environment: "dev",
  stack: "-",
};

/**
 * Validates `schedules` and `edgeSites`. `poolSchedules` lists the `schedule` keys of GPU pools with
 * their key paths, so unknown names are reported where they are written. `isSecret` tells whether a
 * site's kubeconfig is a `secure:` value in the stack file; a plain one is refused (and never shown).
 */
export function validateEdgeConfig(
  values: Record<string, unknown>,
  parse: ParseAt,
  poolSchedules: ReadonlyArray<{ path: KeyPath; name: string }>,
  isSecret: (siteIndex: number) => boolean,
): EdgeConfig {
  const problems: Problem[] = [];
  const schedules: Record<string, ScheduleConfig> = {};
  const rawSchedules = values.schedules;
  if (rawSchedules !== null && typeof rawSchedules === "object" && !Array.isArray(rawSchedules)) {
    for (const [name, raw] of Object.entries(rawSchedules)) {
      const nameOk = resourceName.safeParse(name);
      if (!nameOk.success) {
        problems.push({
          path: ["schedules", name],
          message: `is not a valid schedule name: ${nameOk.error.issues[0].message}`,
        });
      }
      const parsed = parse(scheduleSchema, raw, ["schedules", name]);
      if (parsed === undefined) {
        continue;
      }
      problems.push(...withPrefix(["schedules", name], validateScheduleSpec(parsed)));
      schedules[name] = parsed;
    }
  }
  const known = Object.keys(
    rawSchedules !== null && typeof rawSchedules === "object" ? rawSchedules : {},
  );
  const checkRef = (path: KeyPath, name: string) => {
    if (!known.includes(name)) {
      const hint =
        known.length > 0
          ? `; did you mean ${show(closest(name, known))}? Schedules: ${known.join(", ")}`
          : "; define it under hybrid-ai:schedules";
      problems.push({ path, message: `names no schedule ${show(name)}${hint}` });
    }
  };
  for (const ref of poolSchedules) {
    checkRef(ref.path, ref.name);
  }

  const edgeSites: EdgeSiteConfig[] = [];
  const rawSites = Array.isArray(values.edgeSites) ? values.edgeSites : [];
  const seen = new Map<string, number>();
  rawSites.forEach((rawSite, i) => {
    const prefix = ["edgeSites", i];
    const site = parse(edgeSiteSchema, rawSite, prefix);
    if (site === undefined) {
      return;
    }
    const models: EdgeModelConfig[] = [];
    const parsedIndex: number[] = [];
    site.models.forEach((rawModel, j) => {
      const model = parse(edgeModelSchema, rawModel, [...prefix, "models", j]);
      if (model !== undefined) {
        models.push(model);
        parsedIndex.push(j);
      }
    });
    if (site.schedule !== undefined) {
      checkRef([...prefix, "schedule"], site.schedule);
    }
    if (!isSecret(i)) {
      problems.push({
        path: [...prefix, "kubeconfig"],
        message: `must be a secret, not plain text in the stack file: pulumi config set --secret --path 'edgeSites[${i}].kubeconfig' < kubeconfig`,
      });
    }
    const first = seen.get(site.name);
    if (first !== undefined) {
      problems.push({
        path: [...prefix, "name"],
        message: `repeats site name ${show(site.name)} (first used at edgeSites[${first}])`,
      });
    }
    seen.set(site.name, i);
    const args = {
      ...site,
      costAllocation: placeholderCost,
      models: models as EdgeModelArgs[],
      schedule: undefined,
    };
    if (models.length === site.models.length) {
      problems.push(...withPrefix(prefix, validateEdgeInferenceSiteArgs(site.name, args)));
    } else {
      // Some models did not parse: still check the others, one by one, at their own index.
      parsedIndex.forEach((j, k) => {
        const one = validateEdgeInferenceSiteArgs(site.name, { ...args, models: [args.models[k]] });
        problems.push(
          ...one.map((p) => ({
            path:
              p.path[0] === "models"
                ? [...prefix, "models", j, ...p.path.slice(2)]
                : [...prefix, ...p.path],
            message: p.message,
          })),
        );
      });
    }
    edgeSites.push({ ...site, models });
  });
  return { schedules, edgeSites, problems };
}

/** The schedule spec a config names, for the components. */
export function scheduleSpec(config: ScheduleConfig): ScheduleSpec {
  return { timezone: config.timezone, on: config.on, holidays: config.holidays };
}
