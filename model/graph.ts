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
  /**
   * Outputs a component registered (`registerOutputs`), secrets redacted. Stack policies read these,
   * as the CLI's stack validation sees outputs.
   */
  outputs?: Record<string, unknown>;
}
