/** Writes the review as JSON (schema: review/schema/review.schema.json). */
import type { ReviewResult } from "../result/model";
import { writeOutput } from "./output";

/** The JSON text of a review. */
export function renderJson(review: ReviewResult): string {
  return JSON.stringify(review, null, 2) + "\n";
}

/** Writes `text` to `file` (`-` is stdout): see ./output.ts. */
export function writeReport(file: string, text: string, stdout?: (t: string) => void): void {
  writeOutput(file, (w) => w(text), stdout ?? ((t) => process.stdout.write(t)));
}

/**
 * Writes a review as JSON, resource by resource, so a fleet-sized review never exists as one string.
 * The text is the same as {@link renderJson}'s.
 */
export function writeJsonReport(
  file: string,
  review: ReviewResult,
  stdout?: (t: string) => void,
): void {
  writeOutput(file, (w) => streamJson(review, w), stdout ?? ((t) => process.stdout.write(t)));
}

/** The JSON text of a review in pieces. */
export function streamJson(review: ReviewResult, write: (text: string) => void): void {
  const resources = review.resources;
  // Spreading keeps the key order, with the resources left to stream in place.
  const head = JSON.stringify({ ...review, resources: [] }, null, 2);
  const at = head.indexOf('"resources": []');
  write(head.slice(0, at) + '"resources": [');
  resources.forEach((r, i) => {
    const item = JSON.stringify(r, null, 2).replace(/\n/g, "\n    ");
    write(`${i === 0 ? "" : ","}\n    ${item}`);
  });
  write((resources.length > 0 ? "\n  ]" : "]") + head.slice(at + '"resources": []'.length) + "\n");
}
