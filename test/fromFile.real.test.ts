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

/** Every value in a tree, for "no special object is left" checks. */
function* leaves(v: unknown): Generator<unknown> {
  yield v;
  if (v !== null && typeof v === "object") {
    for (const x of Object.values(v)) {
      yield* leaves(x);
    }
  }
}

describe("states and checkpoints", () => {
  it("pulumi-eks state: resource references become their IDs, so no signature object is left", () => {
    const input = readFileInput("state", real("state", "eks-managed-nodegroups.json"));
    expect(input).toMatchObject({ project: "example-managed-nodegroups", stack: "test" });
    expect(input.completeness).toBe("complete");
    const sig = "4dabf18193072939515e22adb298388d";
    for (const r of input.resources) {
      for (const leaf of leaves([r.inputs, r.outputs])) {
        expect(leaf !== null && typeof leaf === "object" && sig in leaf).toBe(false);
      }
    }
    const mng = input.resources.find(
      (r) => r.type === "eks:index:ManagedNodeGroup" && r.name === "example-managed-ng3",
    );
    expect(mng?.outputs?.nodeGroup).toBe(
      "example-managed-nodegroups-eksCluster-35ddec1:example-managed-ng3-f80d68f",
    );
  });

  it("a local backend's checkpoint is a state: project and stack from its URNs, secrets and archives decoded", () => {
    const input = readFileInput("state", real("state", "checkpoint-secrets.json"));
    expect(input).toMatchObject({
      kind: "state",
      format: "checkpoint",
      project: "countdown",
      stack: "foo",
    });
    const role = input.resources.find((r) => r.type === "aws:iam/role:Role")!;
    expect(role.inputs.assumeRolePolicy).toBe("[secret]");
    expect(role.secretPaths).toContain("assumeRolePolicy");
    const fn = input.resources.find((r) => r.type === "aws:lambda/function:Function")!;
    expect(String(fn.inputs.code)).toMatch(/^\[archive/);
  });

  it("reads UTF-8 with a BOM and UTF-16 (with and without a BOM) alike", () => {
    const original = fs.readFileSync(real("state", "aws-secretversion.json"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-enc-"));
    try {
      const text = original.toString("utf8");
      const variants: Record<string, Buffer> = {
        "bom.json": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]),
        "utf16le-bom.json": Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(text, "utf16le"),
        ]),
        "utf16le.json": Buffer.from(text, "utf16le"),
        "utf16be-bom.json": Buffer.concat([
          Buffer.from([0xfe, 0xff]),
          Buffer.from(text, "utf16le").swap16(),
        ]),
      };
      const want = readFileInput("state", real("state", "aws-secretversion.json")).resources;
      for (const [name, bytes] of Object.entries(variants)) {
        fs.writeFileSync(path.join(dir, name), bytes);
        expect(decodeText(bytes)).toBe(text);
        expect(readFileInput("state", path.join(dir, name)).resources).toEqual(want);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a file read with the wrong flag names the flag that reads it", () => {
    expect(() => readFileInput("preview", real("state", "gcp-cluster.json"))).toThrow(
      /is a `pulumi stack export` state.*review it with --from-state/,
    );
    expect(() => readFileInput("state", real("events", "up-4.json"))).toThrow(
      /is an engine event log.*--from-events/,
    );
    expect(() => readFileInput("state", real("state"))).toThrow(UsageError);
    expect(readPulumiDocument(real("preview", "up-4.json")).kind).toBe("preview");
  });
});

describe("previews and event logs", () => {
  it("a preview without --show-sames is partial, judged by its changeSummary (the root stack step is always there)", () => {
    const partial = readFileInput("preview", real("preview", "up-4.json"));
    expect(partial.completeness).toBe("partial");
    expect(partial.notes[0]).toMatch(/not the 4 unchanged one\(s\).*--show-sames/);
    const full = readFileInput("preview", real("preview", "up-4.show-sames.json"));
    expect(full.completeness).toBe("complete");
    expect(full.config).toEqual({ "aws:region": "us-west-2" });
    // The same change either way.
    expect(partial.changes).toEqual(full.changes);
    expect(full.changes).toEqual([
      expect.objectContaining({
        name: "eks-sg",
        op: "update",
        type: "aws:ec2/securityGroup:SecurityGroup",
      }),
    ]);
    expect(full.changes[0].properties).toContainEqual({
      path: "ingress[1].fromPort",
      kind: "add",
      new: 22,
    });
  });

  it("a replacement counts once, with the property that forces it, whatever the flags", () => {
    for (const file of ["webserver-userdata.json", "webserver-userdata.replacement-steps.json"]) {
      const input = readFileInput("preview", real("preview", file));
      expect(input.changes).toHaveLength(1);
      const [c] = input.changes;
      expect(c).toMatchObject({
        name: "web-server-www",
        op: "replace",
        replaceReasons: ["userData"],
      });
      expect(c.properties).toEqual([
        expect.objectContaining({ path: "userData", kind: "update", replaces: true }),
      ]);
      expect(String(c.properties[0].new)).toContain("Hello, Pulumi!");
      expect(input.resources.filter((r) => r.name === "web-server-www")).toHaveLength(1);
    }
    const events = readFileInput("events", real("events", "webserver-userdata.json"));
    expect(events.changes.map((c) => [c.name, c.op, c.replaceOrder])).toEqual([
      ["web-server-www", "replace", "create-before-delete"],
    ]);
  });

  it("a failed preview says so: error diagnostics make it failed, whatever its steps", () => {
    const input = readFileInput("preview", real("preview", "fail-duplicate-alias.json"));
    expect(input.completeness).toBe("failed");
    expect(input.diagnostics[0]).toMatchObject({ severity: "error" });
    expect(input.diagnostics[0].message).toMatch(/^error: Duplicate resource alias/);
  });

  it("read steps are external resources, not the stack's", () => {
    const input = readFileInput("events", real("events", "external-read-preview.json"));
    expect(input.resources).toEqual([]);
    expect(input.external.map((r) => r.name)).toEqual(["resA"]);
    const replaced = readFileInput("events", real("events", "read-replace-step.json"));
    expect(replaced.resources).toEqual([]);
    expect(replaced.external.map((r) => r.name)).toEqual(["resA"]);
  });

  it("deletes appear as changes, with the old state, and leave the stack", () => {
    const input = readFileInput("events", real("events", "destroy-with-components.json"));
    expect(input.changes.map((c) => [c.name, c.op])).toEqual([
      ["mychild", "delete"],
      ["mycomponent", "delete"],
    ]);
    expect(input.resources.map((r) => r.name)).toEqual(["myproject-dev"]);
    expect(input.before.map((r) => r.name)).toContain("mychild");
  });

  it("an interrupted or failed update is not complete", () => {
    const cut = readFileInput("events", real("events", "up-interrupted.json"));
    expect(cut.completeness).toBe("failed");
    expect(cut.notes[0]).toMatch(/interrupted: 4 step\(s\) started and never finished/);
    const failed = readFileInput(
      "events",
      real("events", "failed-stacks-dont-rewrite-operations.json"),
    );
    expect(failed.completeness).toBe("failed");
    // Only the old copy of an earlier replacement is deleted: not a replacement.
    expect(failed.changes.find((c) => c.name === "test-r")?.op).toBe("delete");
  });
});
