/**
 * The energy and carbon estimate: watts per node from board power, utilisation and host share; kWh with
 * the region's PUE; kg CO2e from its grid; what a schedule saves; cheaper or cleaner regions; edge sites
 * with `hybrid-ai:sites` facts; and the catalog's sources.
 */
import { describe, expect, it } from "vitest";
import { GRID_INTENSITY, PUE, gridIntensityOf, pueOf } from "../model/catalog/energy";
import {
  estimateEnergy,
  estimatePoolEnergy,
  estimateSiteEnergy,
  nodeWatts,
  type EnergyPoolInput,
} from "../model/estimate/energy";
import { estimateSavings } from "../model/estimate/savings";

const l4: EnergyPoolInput = {
  urn: "urn:l4",
  pool: "aws-use1-infer-l4",
  cloud: "aws",
  region: "us-east-1",
  gpu: "l4",
  gpusPerNode: 1,
  minNodes: 2,
  maxNodes: 10,
  capacity: "on-demand",
  instanceTypes: ["g6.xlarge"],
};

describe("energy catalog", () => {
  it("every row has a source and a date; one figure per cloud region", () => {
    for (const row of [...GRID_INTENSITY, ...PUE]) {
      expect(row.source.url, `${row.cloud} ${row.region}`).toMatch(/^https:\/\//);
      expect(row.source.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const keys = GRID_INTENSITY.map((g) => `${g.cloud}/${g.region}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reads Google's 2024 figure for GCP regions and CCF's for AWS; PUE falls back to the fleet", () => {
    expect(gridIntensityOf("gcp", "europe-west4")?.gramsCo2ePerKwh).toBe(208.81);
    expect(gridIntensityOf("gcp", "us-central1")?.gramsCo2ePerKwh).toBe(412.72);
    expect(gridIntensityOf("aws", "us-east-1")?.gramsCo2ePerKwh).toBe(379.069);
    expect(gridIntensityOf("aws", "mars-north-1")).toBeUndefined();
    expect(pueOf("gcp", "europe-west4").pue).toBe(1.07);
    expect(pueOf("gcp", "us-east1").pue).toBe(1.1);
    expect(pueOf("aws", "us-west-2").pue).toBe(1.14);
  });
});

describe("pools", () => {
  it("a g6.xlarge draws half its L4's 72 W plus 4 vCPUs and 16 GiB of host", () => {
    // 4 x (0.74 + 0.5 x (3.5 - 0.74)) + 16 x 1.0737 x 0.392 = 8.48 + 6.73
    expect(nodeWatts("aws", "g6.xlarge")).toEqual({ gpu: 36, host: 15.2 });
    expect(nodeWatts("aws", "g9.huge")).toBe("no shape g9.huge of aws in the catalog");
  });

  it("kWh = watts x 730 h x PUE 1.14; kg CO2e at 379.069 g/kWh", () => {
    const row = estimatePoolEnergy(l4);
    // 51.2 W x 730 h x 1.14 / 1000 = 42.61 kWh a node
    expect(row.kwh).toEqual({ min: 85.2, max: 426.1 });
    expect(row.kgCo2e).toEqual({ min: 32.3, max: 161.5 });
    expect(row.pue).toBe(1.14);
    expect(row.notes).toEqual([]);
  });

  it("a schedule's saving in kWh and CO2e is the hours it switches the pool off", () => {
    const row = estimatePoolEnergy({
      ...l4,
      minNodes: 0,
      maxNodes: 2,
      schedule: "office-hours",
      onHoursPerWeek: 60,
    });
    // on 60/168 of 730 h = 260.71 h; off 469.29 h x 51.2 W x 1.14 x 2 nodes
    expect(row.hoursPerMonth).toBe(260.71);
    expect(row.scheduleSaving).toEqual({
      kwh: { min: 0, max: 54.8 },
      kgCo2e: { min: 0, max: 20.8 },
    });
  });

  it("names a cheaper and a cleaner region of the same cloud with the same shape", () => {
    const row = estimatePoolEnergy({ ...l4, capacity: "spot" });
    expect(row.cheaperRegion?.region).toBe("eu-central-1");
    expect(row.cleanerRegion).toMatchObject({ region: "eu-central-1", gramsCo2ePerKwh: 311 });
    const cleanest = estimatePoolEnergy({ ...l4, region: "eu-central-1" });
    expect(cleanest.cleanerRegion).toBeUndefined();
  });

  it("an unknown shape is left out of the sums with its reason, never counted as zero", () => {
    const e = estimateEnergy([l4, { ...l4, pool: "odd", instanceTypes: ["g9.huge"] }]);
    expect(e.withoutEnergy).toEqual(["odd"]);
    expect(e.kwh).toEqual({ min: 85.2, max: 426.1 });
    expect(e.rows[1].notes).toEqual(["no energy figure: no shape g9.huge of aws in the catalog"]);
  });
});

describe("edge sites", () => {
  const site = {
    site: "store-berlin-01",
    location: "fra-dc1",
    hardware: "nvidia-l4",
    minAccelerators: 2,
    maxAccelerators: 4,
  };
  it("uses the site's PUE, grid and electricity price from hybrid-ai:sites", () => {
    const row = estimateSiteEnergy(site, {
      pue: 1.35,
      gridGramsCo2PerKwh: 380,
      electricityUsdPerKwh: 0.24,
    });
    // 36 W x 730 h x 1.35 / 1000 = 35.478 kWh an accelerator
    expect(row.kwh).toEqual({ min: 71, max: 141.9 });
    expect(row.kgCo2e).toEqual({ min: 27, max: 53.9 });
    expect(row.electricityUsd).toEqual({ min: 17.03, max: 34.06 });
    expect(row.pueSource).toBe("hybrid-ai:sites");
  });
  it("finds the facts by site name first, then location; without them says so", () => {
    const e = estimateEnergy([], [site], { "fra-dc1": { pue: 1.5, gridGramsCo2PerKwh: 100 } });
    expect(e.rows[0].pue).toBe(1.5);
    const byName = estimateEnergy([], [site], {
      "fra-dc1": { pue: 1.5, gridGramsCo2PerKwh: 100 },
      "store-berlin-01": { pue: 1.2, gridGramsCo2PerKwh: 100 },
    });
    expect(byName.rows[0].pue).toBe(1.2);
    const none = estimateEnergy([], [site]);
    expect(none.withoutCarbon).toEqual(["store-berlin-01"]);
    expect(none.rows[0].notes[0]).toBe(
      "no hybrid-ai:sites entry for store-berlin-01 or fra-dc1: PUE 1.0 assumed, grid intensity unknown",
    );
  });
});

describe("savings", () => {
  it("a schedule saves dollars, kWh and CO2e; spot saves dollars only", () => {
    const dev = {
      ...l4,
      pool: "dev-l4",
      minNodes: 0,
      maxNodes: 2,
      capacity: "spot" as const,
      schedule: "office-hours",
      onHoursPerWeek: 60,
    };
    const [schedule, spot] = estimateSavings([dev]);
    // off 469.29 h x $0.4102 (g6.xlarge spot, us-east-1) x 2 nodes
    expect(schedule).toEqual({
      lever: "schedule office-hours",
      pools: ["dev-l4"],
      usd: { min: 0, max: 385.0 },
      kwh: { min: 0, max: 54.8 },
      kgCo2e: { min: 0, max: 20.8 },
    });
    // (0.8048 - 0.4102) x 260.714 h (60/168 of 730) x 2 nodes
    expect(spot.usd).toEqual({ min: 0, max: 205.76 });
    expect(spot.kwh).toEqual({ min: 0, max: 0 });
    expect(spot.note).toBe("spot runs the same hardware for the same hours: no energy saved");
  });
});

describe("pools on targets the energy tables do not cover", () => {
  it("leaves AKS, LKE and on-prem pools out of the totals with a note, and saves no USD on owned machines", () => {
    const azure = {
      ...l4,
      urn: "urn:aks",
      pool: "aks-eus2-burst-t4",
      cloud: "azure" as const,
      region: "eastus2",
      instanceTypes: ["Standard_NC4as_T4_v3"],
    };
    const onprem = {
      ...l4,
      urn: "urn:onprem",
      pool: "fra-dc1-l40s",
      cloud: "onprem" as const,
      region: "fra-dc1",
      instanceTypes: [],
      schedule: "office-hours",
      onHoursPerWeek: 60,
    };
    for (const p of [azure, onprem]) {
      const row = estimatePoolEnergy(p);
      expect(row.kwh).toBeUndefined();
      expect(row.notes).toEqual([
        `no energy figure: the catalog has no PUE or host power for ${p.cloud === "azure" ? "Azure" : "on-prem"} pools`,
      ]);
    }
    const estimate = estimateEnergy([l4, azure, onprem]);
    expect(estimate.withoutEnergy).toEqual(["aks-eus2-burst-t4", "fra-dc1-l40s"]);
    const schedule = estimateSavings([onprem], []).find((s) => s.lever === "schedule office-hours");
    expect(schedule?.usd).toBeUndefined();
  });
});
