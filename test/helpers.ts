/**
 * Kept so tests written against it still compile: everything lives in test/support now.
 * New tests import from "./support".
 */
import { ROOT, haiProcess, type HaiRun } from "./support";

export { ROOT, capture, named, ofType } from "./support";

/** `node bin/hai.js <args>` from `cwd`; prefer the in-process `hai` of ./support. */
export function hai(args: string[], cwd = ROOT): HaiRun {
  return haiProcess(args, { cwd });
}
