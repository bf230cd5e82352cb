import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { reviewStack } from "../review/run/stack";
import { findProject } from "../review/run/project";
import { renderJson, writeJsonReport } from "../review/report/json";
import { MAX_TERMINAL_ROWS } from "../review/report/format";
import { renderTerminal } from "../review/report/terminal";
import type { ReviewResult } from "../review/result/model";
import { ROOT } from "./support";

describe("review reports", () => {
  // One program run serves every test of the file.
  let review: ReviewResult;
  beforeAll(async () => {
    review = await reviewStack({ stack: "dev", project: findProject(ROOT) });
  });

  it("streams the same JSON text it would render at once", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hai-json-")), "review.json");
    writeJsonReport(file, review);
    expect(fs.readFileSync(file, "utf8")).toBe(renderJson(review));
    expect(JSON.parse(fs.readFileSync(file, "utf8")).resources).toHaveLength(
      review.resources.length,
    );
  });

  it("caps terminal tables at fleet scale and says where the rest is", () => {
    const pool = review.gpuPools[0];
    const many = {
      ...review,
      gpuPools: Array.from({ length: MAX_TERMINAL_ROWS + 5 }, (_, i) => ({
        ...pool,
        pool: `p${i}`,
      })),
    };
    const text = renderTerminal(many);
    expect(text).toContain("... and 5 more pools (all of them are in --json)");
    expect(text).toContain(`p${MAX_TERMINAL_ROWS - 1} `);
    expect(text).not.toContain(`p${MAX_TERMINAL_ROWS} `);
  });

  it("caps the energy table too, its totals still over every pool", () => {
    const row = review.energy.rows[0];
    const rows = Array.from({ length: MAX_TERMINAL_ROWS + 3 }, (_, i) => ({
      ...row,
      name: `e${i}`,
    }));
    const text = renderTerminal({ ...review, energy: { ...review.energy, rows } });
    expect(text).toContain("... and 3 more pools and sites (all of them are in --json)");
    expect(text).toContain(`e${MAX_TERMINAL_ROWS - 1} `);
    expect(text).not.toContain(`e${MAX_TERMINAL_ROWS} `);
    expect(text).toContain("Total: ");
  });
});
