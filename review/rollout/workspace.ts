/**
 * The parts of Pulumi's Automation API a rollout uses. The real implementation opens stacks with
 * `LocalWorkspace` in the project folder (needs the Pulumi CLI and the team's backend and secrets
 * provider); tests hand in a fake with the same shape.
 */
import type { ConfigEntries } from "../../model/rollout/stacks";

/** One update in a stack's history, as `Stack.history()` reports it. */
export interface StackUpdate {
  readonly kind: string;
  readonly result: string;
  readonly startTime: Date;
  readonly endTime?: Date;
}

/** A stack as a rollout drives it: a subset of the Automation API's `Stack`. */
export interface RolloutStack {
  readonly name: string;
  setAllConfig(config: ConfigEntries): Promise<void>;
  up(options?: {
    message?: string;
    onOutput?: (out: string) => void;
  }): Promise<{ outputs: Record<string, { value: unknown }> }>;
  outputs(): Promise<Record<string, { value: unknown }>>;
  /** Newest first. */
  history?(pageSize?: number, page?: number): Promise<StackUpdate[]>;
  /** Stops an update in progress. */
  cancel?(): Promise<void>;
}

/** Where a rollout finds its stacks. */
export interface RolloutWorkspace {
  /** Selects a group stack, creating it when it does not exist yet. */
  openStack(name: string): Promise<RolloutStack>;
  /** The fleet stack's config with secrets decrypted, to derive the group stacks' config from. */
  fleetConfig(fleet: string): Promise<ConfigEntries>;
}

/** The Automation API workspace of the project in `projectDir`. */
export function automationWorkspace(projectDir: string): RolloutWorkspace {
  const automation = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load; import() is ESM under nodenext
    require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  return {
    async openStack(name) {
      return automation().LocalWorkspace.createOrSelectStack({
        stackName: name,
        workDir: projectDir,
      });
    },
    async fleetConfig(fleet) {
      const stack = await automation().LocalWorkspace.selectStack({
        stackName: fleet,
        workDir: projectDir,
      });
      return stack.getAllConfig();
    },
  };
}
