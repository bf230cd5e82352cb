// The components, for Pulumi programs that import them: every component with its args and types, its
// validators and defaults. The package root (index.ts) re-exports this with the catalog look-ups.
export * from "./compute/gpuCluster";
export * from "./compute/gpuNodePool";
export * from "./edge/autoscalingPolicy";
export * from "./edge/edgeInferenceSite";
export {
  EDGE_HARDWARE,
  INFERENCE_SERVERS,
  type EdgeHardware,
  type InferenceServer,
} from "./edge/servers";
export { EDGE_DISTRIBUTIONS, type EdgeDistribution } from "./edge/manifests";
export * from "./schedule/shutdownSchedule";
export * from "./dr/disasterRecoveryRegion";
