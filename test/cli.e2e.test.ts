/**
 * `hai review` end to end. The dev review and the usage errors run `node bin/hai.js` as a user runs
 * it; the rest runs the same CLI in-process (test/support/hai.ts), prod's review shared with the
 * other files that read it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, hai, haiProcess, reviewOf, scratchDir } from "./support";

const schema = JSON.parse(
  fs.readFileSync(path.join(ROOT, "review", "schema", "review.schema.json"), "utf8"),
);

describe("hai review (as a user runs it)", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = scratchDir("hai-e2e");
  });

  it("reviews the dev stack: both clouds' pools, GPU capacity and a cost estimate", () => {
    const r = haiProcess(["review", "--stack", "dev"]);
    expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Stack dev (dev)");
    expect(r.stdout).toMatch(/aws-use1-dev-l4 .* l4 .* spot/);
    expect(r.stdout).toMatch(/gcp-usc1-dev-t4 .* t4 .* spot/);
    expect(r.stdout).toContain("GPUs: 0-4 in total (aws 0-2, gcp 0-2)");
    expect(r.stdout).toMatch(/Total: \$0\.00 at min, \$[\d,.]+ at max per month/);
    expect(r.stdout).toMatch(/aws:eks\/nodeGroup:NodeGroup\s+│\s+1/);
  });

  it("writes the documented JSON for the prod stack", async () => {
    const r = await reviewOf("prod");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.jsonText);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.stack).toBe("prod");
    expect(json.gpuPools.map((p: { pool: string }) => p.pool)).toEqual([
      "aws-use1-infer-l4",
      "aws-use1-infer-l40s",
      "aws-use1-train-h100",
      "aws-usw2-infer-l4",
      // The DR region's warm standby for the primary's serving pools, in us-west-2.
      "prod-dr-standby-infer-l4",
      "prod-dr-standby-infer-l40s",
      "gcp-euw4-infer-l4",
      "gcp-euw4-train-a100",
    ]);
    for (const p of json.gpuPools) {
      // A100 80GB runs only in europe-west4-a (issue 10; prod waives multi-zone for that pool).
      expect(p.zones.length, p.pool).toBeGreaterThanOrEqual(
        p.pool === "gcp-euw4-train-a100" ? 1 : 2,
      );
    }
    expect(json.capacity.byCloud.map((c: { cloud: string }) => c.cloud)).toEqual(["aws", "gcp"]);
    expect(json.cost.monthlyMaxUsd).toBeGreaterThan(json.cost.monthlyMinUsd);
  });

  it("exits 2 listing every config problem with file:line, and no stack trace", async () => {
    const project = path.join(tmp, "bad");
    fs.mkdirSync(path.join(project, "stacks"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    fs.writeFileSync(
      path.join(project, "stacks", "Pulumi.broken.yaml"),
      fs
        .readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8")
        .replace("minNodes: 2\n          maxNodes: 10", "minNodes: 12\n          maxNodes: 10")
        .replace("gpu: l40s", "gpu: l50s")
        .replace("zones: [us-east-1a, us-east-1b, us-east-1c]", "zones: [us-east-1a, eu-west-1b]")
        .replace(
          "capacity: on-demand\n          zones: [us-west-2a",
          "capacty: on-demand\n          zones: [us-west-2a",
        ),
    );
    const r = await hai(["review", "--stack", "broken"], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toBe("hai: stacks/Pulumi.broken.yaml: 4 problems");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^ {2}stacks\/Pulumi\.broken\.yaml:\d+:\d+: hybrid-ai:clusters\[0\]\.gpuPools\[0\]\.maxNodes must be >= minNodes \(got 10 < 12\)$/,
      ),
      expect.stringMatching(
        /^ {2}stacks\/Pulumi\.broken\.yaml:\d+:\d+: hybrid-ai:clusters\[0\]\.gpuPools\[1\]\.gpu must be one of .* \(got "l50s"\)$/,
      ),
      expect.stringMatching(
        /^ {2}stacks\/Pulumi\.broken\.yaml:\d+:\d+: hybrid-ai:clusters\[0\]\.gpuPools\[1\]\.zones\[1\] is not a zone of region us-east-1 \(got "eu-west-1b"\)/,
      ),
      expect.stringMatching(
        /^ {2}stacks\/Pulumi\.broken\.yaml:\d+:\d+: hybrid-ai:clusters\[1\]\.gpuPools\[0\]\.capacty is not a known key; did you mean "capacity"\?/,
      ),
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for an unknown stack, naming the stacks there are", async () => {
    const r = await hai(["review", "--stack", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /no stack "nope": stacks\/Pulumi\.nope\.yaml does not exist; stacks: .*dev.*prod/,
    );
  });

  it("exits 2 for usage errors and 0 for --help", async () => {
    // The bin's own exit code for a usage error; the rest is commander's, the same in-process.
    expect(haiProcess(["review"]).code).toBe(2);
    expect((await hai(["revew", "--stack", "dev"])).stderr).toMatch(/Did you mean review\?/);
    const help = await hai(["review", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--json <file>");
  });
});
