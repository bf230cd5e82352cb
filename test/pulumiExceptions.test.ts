/** Pulumi policy exceptions (the documented shape) read as waivers. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NEVER, readPulumiExceptions } from "../review/policy/pulumiExceptions";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-exc-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, doc: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
};
const URN =
  "urn:pulumi:prod::hybrid-ai::hybrid-ai:compute:GpuNodePool$aws:eks/nodeGroup:NodeGroup::aws-use1-infer";

describe("readPulumiExceptions", () => {
  it("reads `pulumi policy exception list --output json`: each policy and target is a waiver; removed ones and other packs are skipped", () => {
    const file = write("list.json", {
      exceptions: [
        {
          id: "EXC-42",
          policyPack: "acme/hybrid-ai-guardrails",
          match: [
            {
              policies: ["redundancy-pool-require-multi-zone", "cost-pool-limit-gpus"],
              targets: [URN],
            },
          ],
          reason: "single-zone batch pool, approved in CHG-1",
          status: "active",
          expiresAt: "2027-01-31T00:00:00Z",
          createdBy: { name: "Ann", githubLogin: "ann" },
          createdAt: "2026-11-01T00:00:00Z",
        },
        {
          id: "EXC-7",
          policyPack: "hybrid-ai-guardrails",
          match: [{ policies: ["x"], targets: [URN] }],
          reason: "old",
          status: "removed",
        },
        {
          id: "EXC-9",
          policyPack: "other-pack",
          match: [{ policies: ["x"], targets: [URN] }],
          reason: "theirs",
          status: "active",
        },
      ],
    });
    const waivers = readPulumiExceptions(file, "hybrid-ai-guardrails");
    expect(waivers.map((w) => [w.policy, w.resource, w.expires, w.approvedBy])).toEqual([
      ["redundancy-pool-require-multi-zone", URN, "2027-01-31", "ann"],
      ["cost-pool-limit-gpus", URN, "2027-01-31", "ann"],
    ]);
    expect(waivers[0].source).toBe(`Pulumi policy exception EXC-42 (${file})`);
  });

  it("reads one exception as `pulumi policy exception new --file` takes it; expiresInSeconds counts from now, none never expires", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    const one = write("one.json", {
      policyPack: "hybrid-ai-guardrails",
      match: [{ policies: ["p"], targets: [URN] }],
      reason: "r",
      expiresInSeconds: 3 * 24 * 3600,
    });
    expect(readPulumiExceptions(one, "hybrid-ai-guardrails", now)[0].expires).toBe("2026-12-03");
    const never = write("never.json", [
      { match: [{ policies: ["p"], targets: [URN] }], reason: "r" },
    ]);
    expect(readPulumiExceptions(never, "hybrid-ai-guardrails", now)[0].expires).toBe(NEVER);
  });

  it("a file of another shape is a usage error naming it", () => {
    const bad = write("bad.json", { waivers: [] });
    expect(() => readPulumiExceptions(bad, "hybrid-ai-guardrails")).toThrow(
      /bad\.json: exception 1 is not a Pulumi policy exception/,
    );
  });
});
