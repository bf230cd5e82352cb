/**
 * Real Pulumi files (test/fixtures/real, sources in SOURCE.md) read as the review reads them. The
 * preview fixtures are derived from the real event logs by the CLI's digest logic (review/result/digest.ts);
 * `UPDATE_FIXTURES=1 npx vitest run test/fromFile.real.test.ts` writes them again.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeText, readPulumiDocument } from "../review/result/decode";
import { parseEventLines, previewDigest, type DigestOptions } from "../review/result/digest";
import { readFileInput } from "../review/result/fileInput";
import { UsageError } from "../review/errors";

const REAL = path.join(__dirname, "fixtures", "real");
const real = (...p: string[]) => path.join(REAL, ...p);

/** preview fixture → (event log, `pulumi preview --json` flags) */
const PREVIEWS: Record<string, [string, DigestOptions]> = {
  "up-4.json": ["up-4.json", {}],
  "up-4.show-sames.json": ["up-4.json", { showSames: true }],
  "webserver-userdata.json": ["webserver-userdata.json", {}],
  "webserver-userdata.replacement-steps.json": [
    "webserver-userdata.json",
    { showSames: true, showReplacementSteps: true },
  ],
  "fail-duplicate-alias.json": ["fail-duplicate-alias-preview.json", {}],
};

function derived(events: string, options: DigestOptions): string {
  const text = fs.readFileSync(real("events", events), "utf8");
  // Go's json.MarshalIndent(&digest, "", "    ") and fmt.Println.
  return JSON.stringify(previewDigest(parseEventLines(text), options), null, 4) + "\n";
}

describe("preview fixtures derived from real event logs", () => {
  for (const [file, [events, options]] of Object.entries(PREVIEWS)) {
    it(`${file} is ShowPreviewDigest of events/${events}`, () => {
      const want = derived(events, options);
      if (process.env.UPDATE_FIXTURES) {
        fs.writeFileSync(real("preview", file), want);
      }
      expect(fs.readFileSync(real("preview", file), "utf8")).toBe(want);
    });
  }
});
