/**
 * A Pulumi resource graph as every reader sees it, whatever produced it: a program run by hai's engine,
 * a `pulumi preview --json`, a `pulumi stack export`.
 */
import { SECRET_MARKER } from "./contracts";

/** What a redacted secret reads as in captured inputs and every report. */
export const REDACTED = SECRET_MARKER;

/** One registered resource. */
export interface CapturedResource {
  readonly urn: string;
  /** Type token, e.g. `aws:eks/nodeGroup:NodeGroup`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Whether a provider manages it (false for components). */
  readonly custom: boolean;
  /** URN of the parent, when it has one. */
  readonly parent?: string;
  /** Provider reference `<provider urn>::<id>`, when one is set. */
  readonly provider?: string;
  /** Inputs as the program gave them; secret values read {@link REDACTED}. */
  readonly inputs: Record<string, unknown>;
  /** Property paths (`kubeconfig`, `data.token`) whose values were secret. */
  readonly secretPaths: readonly string[];
  /** URNs this resource depends on. */
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  /** The id it was given (custom resources run by hai's engine: a mock id). */
  readonly id?: string;
  /** Read with `get`: an existing resource, not one the stack creates. */
  readonly read?: boolean;
  /** Property paths whose values were unknown when it was registered (a preview). */
  readonly unknownPaths?: readonly string[];
  /** Dependencies per input property. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Resource options that differ from the defaults. */
  readonly options?: ResourceOptions;
  /**
   * Outputs a component registered (`registerOutputs`), secrets redacted. Stack policies read these,
   * as the CLI's stack validation sees outputs.
   */
  outputs?: Record<string, unknown>;
}

/** Resource options as registered, where they differ from the defaults. */
export interface ResourceOptions {
  readonly retainOnDelete?: boolean;
  readonly deleteBeforeReplace?: boolean;
  readonly ignoreChanges?: readonly string[];
  readonly replaceOnChanges?: readonly string[];
  readonly additionalSecretOutputs?: readonly string[];
  readonly deletedWith?: string;
  /** How many aliases it declares. */
  readonly aliases?: number;
  readonly importId?: string;
  readonly customTimeouts?: {
    readonly create?: string;
    readonly update?: string;
    readonly delete?: string;
  };
  /** Providers of a component by package (`aws` to `urn::id`). */
  readonly providers?: Readonly<Record<string, string>>;
}

/** A program run's resource graph. */
export interface Capture {
  readonly project: string;
  readonly stack: string;
  /** Resources in the order the engine received them, the stack resource first. */
  readonly resources: CapturedResource[];
  /** Stack outputs, secrets redacted. */
  readonly outputs: Record<string, unknown>;
}
