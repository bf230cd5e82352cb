/** Writes the review as JSON (schema: review/schema/review.schema.json). */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ReviewResult } from "../model";

/** The JSON text of a review. */
export function renderJson(review: ReviewResult): string {
  return JSON.stringify(review, null, 2) + "\n";
}

/** Writes `text` to `file`, creating its folder; writes to a temporary file first so a reader never sees half. */
export function writeReport(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
