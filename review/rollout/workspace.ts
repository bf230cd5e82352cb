/**
 * The parts of Pulumi's Automation API a rollout uses. The real implementation opens stacks with
 * `LocalWorkspace` in the project folder (needs the Pulumi CLI and the team's backend and secrets
 * provider); tests hand in a fake with the same shape.
 */
import type { ConfigEntries } from "../../model/rollout/stacks";
import { UsageError } from "../errors";

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

/** One line out of an Automation API error (its message holds the CLI's whole output). */
export function firstErrorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text
    .split("\n")
    .map((l) => l.trim().replace(/^(stdout|stderr|err\?):\s*/, ""))
    .filter((l) => l !== "" && !/^code:/.test(l));
  const line = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? "unknown error";
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** A Pulumi CLI failure as a message for the user, never a stack trace. */
function pulumiProblem(what: string, err: unknown): UsageError {
  const text = err instanceof Error ? err.message : String(err);
  if (/ENOENT/.test(text) && /pulumi/.test(text)) {
    return new UsageError(
      "hai rollout run drives the group stacks through the Pulumi CLI: install it (https://www.pulumi.com/docs/install/) and log in to the team's backend",
    );
  }
  return new UsageError(`${what}: ${firstErrorLine(err)}`);
}

/** The Automation API workspace of the project in `projectDir`. */
export function automationWorkspace(projectDir: string): RolloutWorkspace {
  const automation = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load; import() is ESM under nodenext
    require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  return {
    async openStack(name) {
      try {
        return await automation().LocalWorkspace.createOrSelectStack({
          stackName: name,
          workDir: projectDir,
        });
      } catch (err) {
        throw pulumiProblem(`opening group stack ${name}`, err);
      }
    },
    async fleetConfig(fleet) {
      try {
        const stack = await automation().LocalWorkspace.selectStack({
          stackName: fleet,
          workDir: projectDir,
        });
        return await stack.getAllConfig();
      } catch (err) {
        throw pulumiProblem(`reading the config of fleet stack ${fleet}`, err);
      }
    },
  };
}
