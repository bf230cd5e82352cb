/**
 * Small programs and whole stacks run in-process against the offline engine (`./capture`), and
 * look-ups in what they made.
 */
import { readStackFile } from "../../stacks/config/parse";
import { hybridAiProgram } from "../../stacks/program";
import type { Capture, CapturedResource } from "../../model/graph";
import { captureProgram } from "./capture";
import { deepFreeze } from "./freeze";

export type { Capture, CapturedResource };

/** Runs `program` as stack `stack` of project hybrid-ai with the given config. */
export function capture(
  program: () => unknown,
  config: Record<string, string> = {},
  stack = "test",
): Promise<Capture> {
  return captureProgram({
    project: "hybrid-ai",
    stack,
    config,
    program: async () => {
      await program();
      return {};
    },
  });
}

const stackRuns = new Map<string, Promise<Capture>>();

/**
 * Runs our stack program on a stack file's text (stack `stack`). The program is deterministic, so
 * a worker runs each text once: tests that read the same stack share the (frozen) capture.
 */
export function captureStack(text: string, stack = "t"): Promise<Capture> {
  const key = `${stack}\n${text}`;
  let run = stackRuns.get(key);
  if (run === undefined) {
    const file = readStackFile(`/virtual/Pulumi.${stack}.yaml`, stack, text);
    run = captureProgram({
      project: "hybrid-ai",
      stack,
      config: file.engineConfig,
      program: (drain) => hybridAiProgram({ drain }) as unknown as Promise<Record<string, unknown>>,
    }).then(deepFreeze);
    // A failed run is not kept: the next caller sees the error again.
    run.catch(() => stackRuns.delete(key));
    stackRuns.set(key, run);
  }
  return run;
}

type Resources = Capture | readonly CapturedResource[];
const list = (c: Resources) => ("resources" in c ? c.resources : c);

/** Resources of one type. */
export function ofType(c: Resources, type: string): CapturedResource[] {
  return list(c).filter((r) => r.type === type);
}

/** The one resource with this name (and type), failing loudly when there is not exactly one. */
export function named(c: Resources, name: string, type?: string): CapturedResource {
  const found = list(c).filter((r) => r.name === name && (type === undefined || r.type === type));
  if (found.length !== 1) {
    throw new Error(
      `expected one resource named ${name}${type ? ` of ${type}` : ""}, found ${found.length}`,
    );
  }
  return found[0];
}
