/** `hybrid-ai:schedules` and `hybrid-ai:edgeSites`. */
import { z } from "zod";
import { AUTOSCALING_METRICS } from "../../../components/edge/autoscalingPolicy";
import { EDGE_DISTRIBUTIONS } from "../../../components/edge/manifests";
import { EDGE_HARDWARE, INFERENCE_SERVERS } from "../../../components/edge/servers";
import { resourceName } from "./common";

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
