/**
 * The stack program run as a group stack, with the config `hai rollout` writes: only the group's edge
 * sites, no clusters, and each site's rollout record in the stack outputs (what the next run reads).
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { groupStackConfig, readGroupOutputs, type ConfigEntries } from "../model/rollout/stacks";
import { captureProgram } from "./support/capture";
import { readStackFile, stackFilePath } from "../stacks/config/parse";
import { hybridAiProgram } from "../stacks/program";
import { ROOT } from "./helpers";

describe("a group stack of edge-retail", () => {
  it("composes its group's sites only and exports what each runs with the rollout's record", async () => {
    const file = stackFilePath(path.join(ROOT, "stacks"), "edge-retail");
    const fleet = readStackFile(file, "edge-retail");
    const entries: ConfigEntries = Object.fromEntries(
      Object.entries(fleet.engineConfig).map(([k, value]) => [k, { value }]),
    );
    const sites = JSON.parse(entries["hybrid-ai:edgeSites"].value) as Array<{
      name: string;
      models: Array<{ name: string; revision: string }>;
    }>;
    const berlin = sites.find((s) => s.name === "store-berlin-01")!;
    const previous = berlin.models.map((m) => ({ ...m, revision: "5f0b02c" }));
    const config = groupStackConfig(
      entries,
      "eu-stores",
      new Map([
        ["store-berlin-01", { models: berlin.models, record: { id: "abc123", previous } }],
        ["store-lyon-03", { models: sites.find((s) => s.name === "store-lyon-03")!.models }],
      ]),
    );
    const capture = await captureProgram({
      project: "hybrid-ai",
      stack: "edge-retail.eu-stores",
      config: Object.fromEntries(Object.entries(config).map(([k, e]) => [k, e.value])),
      program: async () => (await hybridAiProgram()) as unknown as Record<string, unknown>,
    });
    const sitesBuilt = capture.resources
      .filter((r) => r.type === "hybrid-ai:edge:EdgeInferenceSite")
      .map((r) => r.name);
    expect(sitesBuilt).toEqual(["store-berlin-01", "store-lyon-03"]);
    expect(capture.resources.filter((r) => r.type.startsWith("hybrid-ai:compute:"))).toEqual([]);
    const read = readGroupOutputs(
      Object.fromEntries(Object.entries(capture.outputs).map(([k, value]) => [k, { value }])),
    );
    expect([...read.keys()]).toEqual(["store-berlin-01", "store-lyon-03"]);
    expect(read.get("store-berlin-01")?.record).toEqual({ id: "abc123", previous });
    expect(read.get("store-berlin-01")?.models.map((m) => m.revision)).toEqual([
      "0e9e39f",
      "2026-11-01",
    ]);
    expect(read.get("store-lyon-03")?.record).toBeUndefined();
  });
});
