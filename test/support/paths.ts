/** Where the project and its test fixtures are, and fresh scratch folders. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** test/fixtures/stacks: a project of deliberately bad and DR stacks. */
export const FIXTURE_STACKS = path.join(ROOT, "test", "fixtures", "stacks");

/** A new empty folder under the OS temp dir. */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** Parses a JSON file. */
export function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}
