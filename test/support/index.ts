/** Shared test support: import from here, never copy a helper into a test file. */
export * from "./programs";
export * from "./config";
export * from "./freeze";
export * from "./hai";
export * from "./paths";
export * from "./policies";
export * from "./resources";
export * from "./reviews";
export * from "./stacks";
