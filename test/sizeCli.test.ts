/** `hai size` as a user runs it: the memory breakdown, the ranking, the snippets and --json. */
import { describe, expect, it } from "vitest";
import type { SizeResult } from "../cli/size";
import { sizeModel } from "../cli/size";
import { hai } from "./support";

describe("hai size", () => {
  it("puts Llama 3.1 70B in bf16, 8k context, 8 requests at 150-200 GiB and ranks nodes that hold it", async () => {
    const r = await hai([
      "size",
      "--model",
      "llama-3.1-70b",
      "--precision",
      "bf16",
      "--context",
      "8k",
      "--concurrency",
      "8",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as SizeResult;
    expect(result.memory).toMatchObject({ weightsGiB: 131.5, kvCacheGiB: 20, totalGiB: 168.34 });
    expect(result.memory.totalGiB).toBeGreaterThan(150);
    expect(result.memory.totalGiB).toBeLessThan(200);
    const priced = result.candidates.filter((c) => c.monthlyUsd !== undefined);
    expect(priced.length).toBeGreaterThan(5);
    // Cheapest first, and every one holds the total.
    for (let i = 1; i < priced.length; i++) {
      expect(priced[i].monthlyUsd!).toBeGreaterThanOrEqual(priced[i - 1].monthlyUsd!);
    }
    expect(result.candidates.every((c) => c.gpuMemoryGiB >= result.memory.totalGiB)).toBe(true);
    // Akamai's largest plans (4x RTX 4000 Ada, 4x RTX 6000) hold 80 and 96 GiB: not enough.
    expect(new Set(priced.map((c) => c.provider))).toEqual(new Set(["aws", "gcp", "azure"]));
    expect(result.candidates.some((c) => c.provider === "onprem")).toBe(true);
    expect(result.candidates.some((c) => c.kind === "edge")).toBe(false);
    expect(priced[0].snippet).toContain(`instanceTypes: [${priced[0].name}]`);
  });

  it("names single-GPU shapes and edge hardware for an 8B model, with the breakdown in the table", async () => {
    const r = await hai(["size", "--model", "llama-3.1-8b"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/weights\s+│\s+14\.96/);
    expect(r.stdout).toMatch(/KV cache\s+│\s+1\.00/);
    expect(r.stdout).toContain("At the edge (nvidia-l4):");
    const result = sizeModel({ model: "llama-3.1-8b" });
    expect(
      result.candidates.filter((c) => c.kind !== "edge" && c.gpus === 1).length,
    ).toBeGreaterThan(10);
    expect(result.candidates.filter((c) => c.kind === "edge").map((c) => c.name)).toEqual([
      "nvidia-l4",
      "jetson-orin",
    ]);
    expect(result.candidates[0]).toMatchObject({ provider: "akamai", name: "g2-gpu-rtx4000a1-s" });
  });

  it("sizes a model by its parameters, says where the attention shape came from, and quantises", async () => {
    const result = sizeModel({ params: "13", precision: "int4", context: "4096" });
    expect(result.model.attentionFrom).toContain("nearest known model by size");
    expect(result.memory.weightsGiB).toBe(6.05);
  });

  it("adds the on-prem pools of a stack with their amortised cost", async () => {
    const r = await hai(["size", "--model", "llama-3.1-70b", "--stack", "hybrid", "--json"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as SizeResult;
    expect(result.candidates.find((c) => c.name === "fra-dc1/train-h100")).toMatchObject({
      monthlyUsd: 6458.33,
      gpus: 8,
    });
  });

  it("rejects an unknown model and bad numbers with exit code 2", async () => {
    const unknown = await hai(["size", "--model", "gpt-9"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--model "gpt-9" is not a known model; known: mistral-7b');
    const bad = await hai(["size", "--params", "70", "--concurrency", "-1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency must be a whole number > 0 (got "-1")');
  });
});
