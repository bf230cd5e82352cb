/**
 * Stack config of schedules and edge sites: `hybrid-ai:schedules`, `hybrid-ai:edgeSites`, and the
 * cross-references to schedules from GPU pools and sites. Schemas type the shape; the components' pure
 * validators check meaning, and every problem is reported at once, located in the stack file.
 */
import { NameRegistry, joinName } from "../../../model/naming";
import { validateShutdownScheduleArgs } from "../../../components/schedule/shutdownSchedule";
import type { PoolScheduleRef } from "./clusters";
import { closest } from "fastest-levenshtein";
import {
  validateEdgeInferenceSiteArgs,
  type EdgeModelArgs,
} from "../../../components/edge/edgeInferenceSite";
import { validateScheduleSpec, type ScheduleSpec } from "../../../model/schedule/windows";
import { show, withPrefix, type KeyPath, type Problem } from "../../../model/validation";
import { PLACEHOLDER_COST_ALLOCATION } from "../defaults";
import type { ParseAt } from "../issues";
import {
  edgeModelSchema,
  edgeSiteSchema,
  resourceName,
  scheduleSchema,
  type EdgeModelConfig,
  type EdgeSiteConfig,
  type ScheduleConfig,
} from "../schema";

/** Schedules and edge sites out of the config values, and their problems (not yet located). */
export interface EdgeConfig {
  readonly schedules: Record<string, ScheduleConfig>;
  readonly edgeSites: EdgeSiteConfig[];
  readonly problems: Problem[];
}

/**
 * Validates `schedules` and `edgeSites`. `poolSchedules` lists the `schedule` keys of GPU pools with
 * their key paths, so unknown names are reported where they are written. `isSecret` tells whether a
 * site's kubeconfig is a `secure:` value in the stack file; a plain one is refused (and never shown).
 */
export function validateEdgeConfig(
  values: Record<string, unknown>,
  parse: ParseAt,
  poolSchedules: ReadonlyArray<PoolScheduleRef>,
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
    const schedule = schedules[ref.name];
    if (ref.aws !== undefined && schedule !== undefined) {
      const args = {
        scheduleName: ref.name,
        schedule,
        target: { awsNodeGroup: { autoscalingGroupName: "", ...ref.aws } },
      };
      // Only the count here: the schedule's own problems are reported where it is declared.
      if (validateScheduleSpec(schedule).length === 0) {
        for (const p of validateShutdownScheduleArgs(args)) {
          if (p.path.length === 1 && p.path[0] === "schedule") {
            problems.push({ path: ref.path, message: `${show(ref.name)} ${p.message}` });
          }
        }
      }
    }
  }

  const edgeSites: EdgeSiteConfig[] = [];
  const rawSites = Array.isArray(values.edgeSites) ? values.edgeSites : [];
  const seen = new Map<string, number>();
  const names = new NameRegistry();
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
    site.models.forEach((rawModel, j) => {
      const modelName =
        typeof rawModel === "object" &&
        rawModel !== null &&
        typeof (rawModel as { name?: unknown }).name === "string"
          ? (rawModel as { name: string }).name
          : undefined;
      if (modelName === undefined) {
        return;
      }
      const name = joinName(site.name, modelName);
      const where = `edgeSites[${i}].models[${j}]`;
      const earlier = names.claim("edge", { name, parts: [site.name, modelName], where });
      if (earlier !== undefined) {
        problems.push({
          path: [...prefix, "models", j, "name"],
          message: `makes resources named ${show(name)}, as ${earlier.where} (${earlier.parts.join(" + ")}) does: rename the model or the site so <site>-<model> names differ`,
        });
      }
    });
    const args = {
      ...site,
      costAllocation: PLACEHOLDER_COST_ALLOCATION,
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
