/**
 * Internal functions of @pulumi/pulumi the mock runs need, marked @internal (so absent from its type
 * declarations) but stable across 3.x. Checked on load: if a release moves them, hai fails here with
 * a clear message instead of hanging, and test/capture.test.ts fails.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const settings = require("@pulumi/pulumi/runtime/settings") as {
  waitForRPCs?: () => Promise<void>;
};
const state = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage?: <T>(callback: () => Promise<T>) => Promise<T>;
  setStackResource?: (stack: unknown) => void;
};

function required<T>(value: T | undefined, what: string): T {
  if (typeof value !== "function") {
    throw new Error(
      `@pulumi/pulumi no longer exports ${what}; hai needs the pinned SDK version (see package.json)`,
    );
  }
  return value;
}

/** Resolves once every outstanding resource registration has been answered. */
export const waitForRPCs: () => Promise<void> = required(
  settings.waitForRPCs,
  "runtime/settings.waitForRPCs",
);

/** Runs `callback` with a fresh runtime state (config, stack, monitor), isolated from other runs. */
export const withLocalStorage: <T>(callback: () => Promise<T>) => Promise<T> = required(
  state.withLocalStorage,
  "runtime/state.withLocalStorage",
);

/**
 * Forgets the root stack resource, which keeps every resource object of a run reachable (through
 * parents and children) after the run is over.
 */
export const setStackResource: (stack: unknown) => void = required(
  state.setStackResource,
  "runtime/state.setStackResource",
);
