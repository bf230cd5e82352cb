/**
 * hybrid-ai-infra: Pulumi components for GPU fleets across clouds, own racks and edge sites, with the
 * catalog, the schedule compiler and the validators they use.
 *
 * @example
 * import { GpuCluster, ShutdownSchedule } from "hybrid-ai-infra";
 */
export * from "./components";
export * from "./model/catalog";
export * from "./model/regions";
export * from "./model/tags";
export * from "./model/validation";
export * from "./model/schedule/windows";
export { COMPONENT_TYPES, GPU_TAINT, POOL_LABEL_KEYS, EDGE_LABEL_KEYS } from "./model/contracts";
export * from "./model/outputs";
