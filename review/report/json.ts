/** Writes the review as JSON (schema: review/schema/review.schema.json). */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ReviewResult } from "../result/model";

/** The JSON text of a review. */
export function renderJson(review: ReviewResult): string {
  return JSON.stringify(review, null, 2) + "\n";
}

/** Writes `text` to `file`, creating its folder; writes to a temporary file first so a reader never sees half. */
export function writeReport(file: string, text: string): void {
  writeAtomically(file, (fd) => fs.writeSync(fd, text));
}

/**
 * Writes a review as JSON, resource by resource, so a fleet-sized review never exists as one string.
 * The text is the same as {@link renderJson}'s.
 */
export function writeJsonReport(file: string, review: ReviewResult): void {
  writeAtomically(file, (fd) => {
    const resources = review.resources;
    // Spreading keeps the key order, with the resources left to stream in place.
    const head = JSON.stringify({ ...review, resources: [] }, null, 2);
    const at = head.indexOf('"resources": []');
    fs.writeSync(fd, head.slice(0, at) + '"resources": [');
    resources.forEach((r, i) => {
      const item = JSON.stringify(r, null, 2).replace(/\n/g, "\n    ");
      fs.writeSync(fd, `${i === 0 ? "" : ","}\n    ${item}`);
    });
    fs.writeSync(
      fd,
      (resources.length > 0 ? "\n  ]" : "]") + head.slice(at + '"resources": []'.length) + "\n",
    );
  });
}

function writeAtomically(file: string, write: (fd: number) => void): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  try {
    write(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
