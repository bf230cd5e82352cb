// The components, for programs that import them: `import { GpuCluster } from "hybrid-ai-infra/components"`.
export * from "./catalog/gpus";
export * from "./catalog/types";
export * from "./gpuCluster";
export * from "./gpuNodePool";
export * from "./regions";
export * from "./tags";
export * from "./validation";
