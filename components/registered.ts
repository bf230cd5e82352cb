/** The shape a component's `registerOutputs` takes for an output type of model/outputs.ts. */
import type * as pulumi from "@pulumi/pulumi";

/** `T` with any value, at any depth, given as a Pulumi input (an Output, a promise or the value). */
export type Registered<T> = T extends readonly (infer E)[]
  ? pulumi.Input<readonly Registered<E>[]>
  : T extends object
    ? { readonly [K in keyof T]: Registered<T[K]> } | pulumi.Input<T>
    : pulumi.Input<T>;
