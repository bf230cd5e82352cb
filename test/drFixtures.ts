/** Kept so tests written against it still compile: import from "./support" instead. */
export { CLUSTERS, captureStack, configProblems, drConfig, stackYaml } from "./support";
