import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PRICES } from "../model/catalog/prices";
import { SHAPE_ZONES, shapeZones } from "../model/catalog/zones";
import {
  CLUSTER_AUTOSCALER_IMAGES,
  DEFAULT_KUBERNETES_VERSION,
  HELM_CHARTS,
  clusterAutoscalerTag,
} from "../model/rules/defaults";
import {
  KUBERNETES_VERSIONS,
  standardVersions,
  supportStatus,
} from "../model/rules/kubernetesVersions";
import { COUNT_RULES, NAME_RULES, nameProblem, nameRule } from "../model/rules/names";
import { QUOTAS } from "../model/rules/quotas";
import {
  AWS_REGIONS,
  GCP_REGIONS,
  NEAREST_GCP_REGION,
  isKnownRegion,
  nearestGcpRegion,
} from "../model/rules/regions";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe("rule tables", () => {
  const sources = [
    ...NAME_RULES.map((r) => r.source),
    ...COUNT_RULES.map((r) => r.source),
    ...KUBERNETES_VERSIONS.map((r) => r.source),
    ...Object.values(QUOTAS).map((q) => q.source),
    ...Object.values(HELM_CHARTS).map((c) => c.source),
    ...CLUSTER_AUTOSCALER_IMAGES.map((c) => c.source),
    ...SHAPE_ZONES.map((z) => z.source),
  ];

  it("give every row a source and a date", () => {
    for (const s of sources) {
      expect(s.url).not.toBe("");
      expect(s.date).toMatch(DATE);
    }
  });

  it("have unique rule ids", () => {
    const ids = NAME_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keep one row per line", () => {
    for (const file of ["names.ts", "kubernetesVersions.ts"]) {
      const text = fs.readFileSync(path.join(__dirname, "..", "model", "rules", file), "utf8");
      const rows = text.split("\n").filter((l) => /^\s*\{ (id|cloud): "/.test(l));
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) {
        expect(row.trimEnd().endsWith("},")).toBe(true);
      }
    }
  });
});

describe("name rules", () => {
  it("refuse a GKE node pool name over 40 characters", () => {
    expect(nameProblem(nameRule("gke-node-pool-name"), "a".repeat(41))).toBe(
      "40 characters at most (got 41)",
    );
    expect(nameProblem(nameRule("gke-node-pool-name"), "a".repeat(40))).toBeUndefined();
  });

  it("refuse a service account id outside 6-30 characters or its alphabet", () => {
    const rule = nameRule("gcp-service-account-id");
    expect(nameProblem(rule, "abc")).toBe("6 characters at least (got 3)");
    expect(nameProblem(rule, "Abcdefg")).toMatch(/^only /);
    expect(nameProblem(rule, "abcdef-")).toMatch(/^only /);
  });

  it("check Kubernetes label values: 63 characters, alphanumeric at both ends", () => {
    const rule = nameRule("k8s-label-value");
    expect(nameProblem(rule, "")).toBeUndefined();
    expect(nameProblem(rule, "a".repeat(64))).toBe("63 characters at most (got 64)");
    expect(nameProblem(rule, "-a")).toMatch(/^only /);
  });
});

describe("Kubernetes versions", () => {
  it("know EKS 1.31 left extended support on 2026-11-26", () => {
    expect(supportStatus("aws", "1.31", "2026-11-26")).toBe("extended");
    expect(supportStatus("aws", "1.31", "2026-11-27")).toBe("ended");
    expect(supportStatus("aws", "1.35", "2026-11-30")).toBe("standard");
    expect(supportStatus("aws", "1.99", "2026-11-30")).toBe("unknown");
  });

  it("default to a version under standard support on the tables' date", () => {
    for (const cloud of ["aws", "gcp"] as const) {
      expect(standardVersions(cloud, "2026-11-30")).toContain(
        DEFAULT_KUBERNETES_VERSION[cloud].minor,
      );
    }
    expect(clusterAutoscalerTag(DEFAULT_KUBERNETES_VERSION.aws.minor)).toBe("v1.35.2");
  });
});

describe("zones and regions", () => {
  it("offer A100 80GB in europe-west4-a only", () => {
    expect(shapeZones("a2-ultragpu-8g", "europe-west4")).toEqual(["europe-west4-a"]);
    expect(shapeZones("g2-standard-4", "europe-west4")).toBeUndefined();
  });

  it("know made-up regions are not regions", () => {
    expect(isKnownRegion("aws", "us-east-1")).toBe(true);
    expect(isKnownRegion("aws", "us-east-9")).toBe(false);
    expect(isKnownRegion("gcp", "europe-west4")).toBe(true);
    expect(isKnownRegion("gcp", "europe-west99")).toBe(false);
  });

  it("map every AWS region in the table to a GCP region", () => {
    for (const row of NEAREST_GCP_REGION) {
      expect(AWS_REGIONS).toContain(row.aws);
      expect(GCP_REGIONS).toContain(row.gcp);
    }
    expect(nearestGcpRegion("aws", "us-east-1")).toBe("us-east4");
    expect(nearestGcpRegion("gcp", "europe-west4")).toBe("europe-west4");
  });
});

describe("prices re-checked (issue 10)", () => {
  it("date every price row and flag P4/P5 on-demand figures from before the June 2025 cut", () => {
    for (const p of PRICES) {
      expect(p.source.date).toMatch(DATE);
    }
    for (const type of ["p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge"]) {
      for (const p of PRICES.filter((x) => x.instanceType === type)) {
        expect(p.source.note).toMatch(/up to 45% in June 2025/);
        expect(p.source.date).toBe("2026-11-30");
      }
    }
  });
});
