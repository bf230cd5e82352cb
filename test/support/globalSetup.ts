/**
 * Once per `npm test`: a folder of its own for program runs (HAI_RUN_CACHE, review/engine/runCache.ts),
 * so the tests that review the same stack with the same config, in this process, another worker or a
 * spawned `hai`, run its program once. Emptied when watch mode runs tests again, removed at the end.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";
import { RUN_CACHE_ENV } from "../../review/engine/runCache";

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-test-runs-"));
  process.env[RUN_CACHE_ENV] = dir;
  project.onTestsRerun(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
  });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
