import { describe, expect, it } from "vitest";
import { NameRegistry, autoNameBase, fitName, joinName, nameHash } from "../model/naming";
import { nameProblem, nameRule } from "../model/rules/names";

describe("fitName", () => {
  it("keeps a name that fits as it is (existing stacks keep their names)", () => {
    expect(fitName("gke-node-pool-name", ["gcp-euw4", "infer-l4"])).toBe("gcp-euw4-infer-l4");
    expect(fitName("gcp-service-account-id", ["gcp-euw4", "gpu"])).toBe("gcp-euw4-gpu");
  });

  it("shortens a long name to the limit with a stable hash of the parts", () => {
    const parts = ["gcp-europe-west4-training-cluster", "train-a100-80gb-spot"];
    const name = fitName("gke-node-pool-name", parts);
    expect(name).toHaveLength(40);
    expect(name).toBe(`gcp-europe-west4-training-cluster-${nameHash(parts)}`);
    expect(nameProblem(nameRule("gke-node-pool-name"), name)).toBeUndefined();
    expect(fitName("gke-node-pool-name", parts)).toBe(name);
  });

  it("gives two part lists that truncate alike different names", () => {
    const a = fitName("gcp-service-account-id", ["gcp-euw4-production", "infer-l4-a", "gpu"]);
    const b = fitName("gcp-service-account-id", ["gcp-euw4-production", "infer-l4-b", "gpu"]);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(30);
    expect(b.length).toBeLessThanOrEqual(30);
  });

  it("lengthens a name below the minimum", () => {
    const id = fitName("gcp-service-account-id", ["a", "b"]);
    expect(id).toBe(`a-b-${nameHash(["a", "b"])}`);
    expect(nameProblem(nameRule("gcp-service-account-id"), id)).toBeUndefined();
  });

  it("folds into the rule's alphabet and hashes what it changed", () => {
    const value = fitName("k8s-label-value", ["Site One", "llama/3"]);
    expect(value).toMatch(/^Site-One-llama-3-[0-9a-f]{6}$/);
  });

  it("leaves room for a provider's auto-name suffix", () => {
    const base = autoNameBase("eks-node-group-name", ["a".repeat(40), "b".repeat(20)]);
    expect(base.length + 8).toBeLessThanOrEqual(63);
    expect(autoNameBase("eks-node-group-name", ["aws-use1", "infer-l4"])).toBe("aws-use1-infer-l4");
  });
});

describe("NameRegistry", () => {
  it("finds two different part lists that join to one name", () => {
    const registry = new NameRegistry();
    const first = {
      name: joinName("aws-use1-dev", "l4"),
      parts: ["aws-use1-dev", "l4"],
      where: "clusters[0].gpuPools[0]",
    };
    const second = {
      name: joinName("aws-use1", "dev-l4"),
      parts: ["aws-use1", "dev-l4"],
      where: "clusters[1].gpuPools[0]",
    };
    expect(registry.claim("stack", first)).toBeUndefined();
    expect(registry.claim("stack", second)).toEqual(first);
    expect(registry.claim("other", second)).toBeUndefined();
  });

  it("accepts the same parts claiming their name again", () => {
    const registry = new NameRegistry();
    const claim = { name: "a-b", parts: ["a", "b"], where: "x" };
    registry.claim("s", claim);
    expect(registry.claim("s", { ...claim, where: "y" })).toBeUndefined();
  });
});
