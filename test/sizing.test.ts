import { describe, expect, it } from "vitest";
import { GIB, estimateMemory, kvBytesPerToken, weightBytes } from "../model/sizing/memory";
import { KNOWN_MODELS, knownModel, type KnownModel } from "../model/sizing/models";
import { PUBLISHED_FIGURES } from "../model/sizing/published";

function model(id: string): KnownModel {
  const m = knownModel(id);
  if (m === undefined) {
    throw new Error(`no model ${id}`);
  }
  return m;
}

const toBytes = (value: number, unit: "GB" | "GiB") => (unit === "GB" ? value * 1e9 : value * GIB);

describe("sizing arithmetic against published figures", () => {
  it("covers at least five models", () => {
    expect(new Set(PUBLISHED_FIGURES.map((f) => f.model)).size).toBeGreaterThanOrEqual(5);
  });

  for (const f of PUBLISHED_FIGURES) {
    const label = `${f.model} ${f.kind} ${f.precision}${f.contextTokens ? ` ${f.contextTokens} tokens` : ""}: ${f.value} ${f.unit}`;
    it(`${f.agrees ? "agrees with" : "differs from, as recorded,"} ${label}`, () => {
      const m = model(f.model);
      if (f.kind === "weights") {
        const ours = weightBytes(m.paramsBillion, f.precision);
        const published = toBytes(f.value, f.unit);
        expect(Math.abs(ours - published) / published <= 0.05).toBe(f.agrees);
      } else if (f.kind === "kvCache") {
        const ours = kvBytesPerToken(m, f.precision) * f.contextTokens!;
        const published = toBytes(f.value, f.unit);
        expect(Math.abs(ours - published) / published <= 0.05).toBe(f.agrees);
      } else {
        const est = estimateMemory({
          ...m,
          precision: f.precision,
          contextTokens: m.maxContextTokens,
          concurrentRequests: f.concurrentRequests ?? 1,
        });
        expect(est.totalGiB * GIB <= toBytes(f.value, f.unit)).toBe(f.agrees);
      }
    });
  }

  it("finds the 405B KV figure exactly twice this arithmetic (the recorded disagreement)", () => {
    const m = model("llama-3.1-405b");
    const ours = (kvBytesPerToken(m, "fp16") * 128000) / GIB;
    expect(ours).toBeCloseTo(61.52, 2);
    expect(123.05 / ours).toBeCloseTo(2, 3);
  });
});

describe("estimateMemory", () => {
  it("puts Llama 3.1 70B in bf16, 8k context, 8 requests at roughly 150-200 GiB, each part shown", () => {
    const est = estimateMemory({
      ...model("llama-3.1-70b"),
      precision: "bf16",
      contextTokens: 8192,
      concurrentRequests: 8,
    });
    expect(est).toEqual({
      weightsGiB: 131.5,
      kvCacheGiB: 20,
      kvPerTokenKiB: 320,
      runtimeOverheadGiB: 16.83,
      totalGiB: 168.34,
      precision: "bf16",
      kvPrecision: "fp16",
    });
  });

  it("keeps a 16-bit KV cache under int4 weights unless told otherwise", () => {
    const m = model("llama-3.1-8b");
    const int4 = estimateMemory({
      ...m,
      precision: "int4",
      contextTokens: 8192,
      concurrentRequests: 1,
    });
    expect(int4.kvPrecision).toBe("fp16");
    const fp8kv = estimateMemory({
      ...m,
      precision: "int4",
      kvPrecision: "fp8",
      contextTokens: 8192,
      concurrentRequests: 1,
    });
    expect(fp8kv.kvCacheGiB).toBe(int4.kvCacheGiB / 2);
  });

  it("knows every model by its id, case-insensitively", () => {
    for (const m of KNOWN_MODELS) {
      expect(knownModel(m.id.toUpperCase())).toBe(m);
    }
    expect(knownModel("gpt-5")).toBeUndefined();
  });
});
