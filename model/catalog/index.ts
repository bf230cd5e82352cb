/** The catalog: GPU models, machine shapes, prices and recovery timings, each figure with its source. */
export * from "./gpus";
export * from "./lookup";
export * from "./prices";
export * from "./recovery";
export * from "./shapes";
export { CATALOG_DATE } from "./sources";
export * from "./types";
