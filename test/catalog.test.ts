import { describe, it, expect } from "vitest";
import { GPU_IDS, type Source } from "../model/catalog/types";
import {
  CATALOG_DATE,
  HOURS_PER_MONTH,
  PRICES,
  SHAPES,
  defaultShape,
  gpuById,
  priceOf,
  shapeByName,
  shapesFor,
} from "../model/catalog";
import { GPUS } from "../model/catalog/gpus";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function expectSource(source: Source, what: string): void {
  expect(source.url, `${what}: source url`).toMatch(/\S/);
  expect(source.date, `${what}: source date`).toMatch(ISO_DATE);
  expect(Number.isNaN(Date.parse(source.date)), `${what}: source date parses`).toBe(false);
}

describe("GPU models", () => {
  it("has a model for every GPU id, keyed by its own id", () => {
    for (const id of GPU_IDS) {
      const model = GPUS[id];
      expect(model, id).toBeDefined();
      expect(model.id).toBe(id);
      expect(model.memoryGiB).toBeGreaterThan(0);
      expect(model.tdpWatts).toBeGreaterThan(0);
    }
    expect(Object.keys(GPUS).sort()).toEqual([...GPU_IDS].sort());
  });

  it("looks models up by id and refuses unknown ids, including prototype keys", () => {
    expect(gpuById("l4")?.name).toBe("NVIDIA L4");
    expect(gpuById("h200")?.memoryGiB).toBe(141);
    expect(gpuById("v100")).toBeUndefined();
    expect(gpuById("toString")).toBeUndefined();
    expect(gpuById("")).toBeUndefined();
  });
});

describe("shapes", () => {
  it("only carries GPUs the catalog knows, with sane sizes", () => {
    for (const s of SHAPES) {
      expect(gpuById(s.gpu), `${s.cloud}/${s.name}`).toBeDefined();
      expect(Number.isInteger(s.gpusPerNode) && s.gpusPerNode >= 1, s.name).toBe(true);
      expect(s.vcpu).toBeGreaterThan(0);
      expect(s.memoryGiB).toBeGreaterThan(0);
    }
  });

  it("has unique names per cloud", () => {
    const keys = SHAPES.map((s) => `${s.cloud}/${s.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("names the GKE accelerator type on every GCP shape and on no AWS shape", () => {
    for (const s of SHAPES) {
      if (s.cloud === "gcp") {
        expect(s.gcpAcceleratorType, s.name).toMatch(/^nvidia-/);
      } else {
        expect(s.gcpAcceleratorType, s.name).toBeUndefined();
      }
    }
  });

  it("filters by cloud and GPU", () => {
    const gcpL4 = shapesFor("gcp", "l4");
    expect(gcpL4.length).toBeGreaterThan(0);
    expect(gcpL4.every((s) => s.cloud === "gcp" && s.gpu === "l4")).toBe(true);
    expect(shapesFor("aws").every((s) => s.cloud === "aws")).toBe(true);
    expect(shapesFor("aws").length + shapesFor("gcp").length).toBe(SHAPES.length);
    expect(shapesFor("gcp", "a10g")).toEqual([]);
  });

  it("finds a shape by name only on its own cloud", () => {
    expect(shapeByName("aws", "g6.xlarge")?.gpu).toBe("l4");
    expect(shapeByName("gcp", "g6.xlarge")).toBeUndefined();
    expect(shapeByName("gcp", "a3-ultragpu-8g")?.gcpAcceleratorType).toBe("nvidia-h200-141gb");
  });
});

describe("defaultShape", () => {
  it("picks the smallest single-GPU shape when no count is given", () => {
    expect(defaultShape("aws", "l4")?.name).toBe("g6.xlarge");
    expect(defaultShape("gcp", "l4")?.name).toBe("g2-standard-4");
    expect(defaultShape("aws", "t4")?.name).toBe("g4dn.xlarge");
    expect(defaultShape("gcp", "t4")?.name).toBe("n1-standard-4");
  });

  it("falls back to the fewest GPUs when no 1-GPU shape exists", () => {
    expect(defaultShape("aws", "a100-40gb")?.name).toBe("p4d.24xlarge");
    expect(defaultShape("aws", "h100")?.name).toBe("p5.48xlarge");
    expect(defaultShape("gcp", "h200")?.name).toBe("a3-ultragpu-8g");
  });

  it("honours an exact GPU count", () => {
    expect(defaultShape("aws", "l4", 4)?.name).toBe("g6.12xlarge");
    expect(defaultShape("gcp", "t4", 2)?.name).toBe("n1-standard-16");
    expect(defaultShape("gcp", "a100-80gb", 8)?.name).toBe("a2-ultragpu-8g");
    expect(defaultShape("aws", "a100-40gb", 1)).toBeUndefined();
  });

  it("returns undefined when the cloud has no shape for the GPU", () => {
    expect(defaultShape("gcp", "a10g")).toBeUndefined();
    expect(defaultShape("gcp", "l40s")).toBeUndefined();
  });
});

describe("prices", () => {
  it("knows the us-east-1 g6.xlarge on-demand price", () => {
    const p = priceOf("aws", "us-east-1", "g6.xlarge");
    expect(p?.onDemandUsdPerHour).toBeCloseTo(0.8048, 4);
    expect(p?.spotUsdPerHour).toBeDefined();
  });

  it("includes the GPUs in GCP prices", () => {
    // g2-standard-4 in us-central1: VM 0.14679 + one L4 0.56004.
    expect(priceOf("gcp", "us-central1", "g2-standard-4")?.onDemandUsdPerHour).toBeCloseTo(
      0.70683,
      5,
    );
    // n1-standard-4 + one T4 in us-central1: 0.19 + 0.35.
    expect(priceOf("gcp", "us-central1", "n1-standard-4")?.onDemandUsdPerHour).toBeCloseTo(0.54, 5);
  });

  it("reports a missing price as unknown", () => {
    expect(priceOf("aws", "ap-south-1", "g6.xlarge")).toBeUndefined();
    expect(priceOf("gcp", "us-central1", "n1-standard-16")).toBeUndefined();
    expect(priceOf("aws", "us-west-2", "p5e.48xlarge")?.onDemandUsdPerHour).toBeUndefined();
  });

  it("names a known shape of its own cloud in every row", () => {
    for (const p of PRICES) {
      expect(shapeByName(p.cloud, p.instanceType), `${p.cloud}/${p.instanceType}`).toBeDefined();
    }
  });

  it("has no duplicate (cloud, region, instanceType) rows", () => {
    const keys = PRICES.map((p) => `${p.cloud}/${p.region}/${p.instanceType}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("carries at least one positive figure per row", () => {
    for (const p of PRICES) {
      const figures = [p.onDemandUsdPerHour, p.spotUsdPerHour].filter(
        (x): x is number => x !== undefined,
      );
      expect(figures.length, `${p.region}/${p.instanceType}`).toBeGreaterThan(0);
      for (const f of figures) {
        expect(Number.isFinite(f) && f > 0).toBe(true);
      }
    }
  });

  it("has spot below on-demand wherever both are known", () => {
    for (const p of PRICES) {
      if (p.onDemandUsdPerHour !== undefined && p.spotUsdPerHour !== undefined) {
        expect(p.spotUsdPerHour, `${p.cloud}/${p.region}/${p.instanceType}`).toBeLessThan(
          p.onDemandUsdPerHour,
        );
      }
    }
  });
});

describe("sources and constants", () => {
  it("gives every figure a source with a YYYY-MM-DD date", () => {
    for (const m of Object.values(GPUS)) {
      expectSource(m.source, `gpu ${m.id}`);
    }
    for (const s of SHAPES) {
      expectSource(s.source, `shape ${s.cloud}/${s.name}`);
    }
    for (const p of PRICES) {
      expectSource(p.source, `price ${p.cloud}/${p.region}/${p.instanceType}`);
    }
  });

  it("dates the catalog and uses the 730-hour month", () => {
    expect(CATALOG_DATE).toMatch(ISO_DATE);
    expect(HOURS_PER_MONTH).toBe(730);
    expect(HOURS_PER_MONTH).toBe(8760 / 12);
  });
});
