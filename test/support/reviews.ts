/**
 * One `hai review` per stack and test worker, every report written: the tests that assert on the
 * review of the same stack (terminal output, JSON, Markdown, SARIF) share it instead of running the
 * program again. The run is in-process ({@link hai}); results are frozen.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ReviewResult } from "../../review/result/model";
import { deepFreeze } from "./freeze";
import { hai, type HaiRun } from "./hai";
import { readJson, scratchDir } from "./paths";

/** `hai review --stack <stack> --json … --markdown … --sarif …` from the project root, not quiet. */
export interface StackReview extends HaiRun {
  readonly args: readonly string[];
  readonly jsonFile: string;
  /** The JSON report's text, and parsed. */
  readonly jsonText: string;
  readonly json: ReviewResult;
  readonly markdown: string;
  readonly sarif: unknown;
}

const reviews = new Map<string, Promise<StackReview>>();

async function run(stack: string): Promise<StackReview> {
  const dir = scratchDir(`hai-review-${stack}`);
  const jsonFile = path.join(dir, `${stack}.json`);
  const md = path.join(dir, `${stack}.md`);
  const sarif = path.join(dir, `${stack}.sarif`);
  const args = ["review", "--stack", stack, "--json", jsonFile, "--markdown", md, "--sarif", sarif];
  // Links in the Markdown come from GITHUB_* in CI; relative here, as on a laptop.
  const r = await hai(args, { env: { GITHUB_SHA: "" } });
  const written = fs.existsSync(jsonFile);
  const jsonText = written ? fs.readFileSync(jsonFile, "utf8") : "";
  return deepFreeze({
    ...r,
    args,
    jsonFile,
    jsonText,
    json: written ? readJson<ReviewResult>(jsonFile) : (undefined as unknown as ReviewResult),
    markdown: written ? fs.readFileSync(md, "utf8") : "",
    sarif: written ? readJson(sarif) : undefined,
  });
}

/** The review of `stack` (stacks/Pulumi.<stack>.yaml), run once per worker. */
export function reviewOf(stack: string): Promise<StackReview> {
  let review = reviews.get(stack);
  if (review === undefined) {
    review = run(stack);
    reviews.set(stack, review);
  }
  return review;
}
