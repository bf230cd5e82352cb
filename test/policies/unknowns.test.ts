/**
 * Values unknown during a preview (a new cluster's name, tags computed from it) do not turn guardrails
 * into "can't run during preview" advisories: policies read what is known and say what is not.
 */
import { describe, expect, it } from "vitest";
import { credentialRequireSecret } from "../../policies/security/credentialSecret";
import { stackLimitMonthlyBudget } from "../../policies/cost/monthlyBudget";
import { gpuLimitPerStack } from "../../policies/cost/gpuPerStack";
import { stackRequireKnownCapacity } from "../../policies/cost/knownCapacity";
import { UNKNOWN } from "../../policies/lib";
import { awsProvider, eksPool, res, run } from "./fixtures";

describe("unknown values", () => {
  it("unknown tags on one pool leave the stack budget judged and mandatory", async () => {
    const d = await run(stackLimitMonthlyBudget, [awsProvider, eksPool({ tags: UNKNOWN })], {
      monthlyUsd: 5_000,
    });
    expect(d.map((x) => [x.enforcement, x.message])).toEqual([
      ["mandatory", "the GPU pools may cost $5,875 a month at maximum size; the budget is $5,000"],
    ]);
  });

  it("unknown tags leave the GPU cap per stack judged", async () => {
    const d = await run(gpuLimitPerStack, [awsProvider, eksPool({ tags: UNKNOWN })], {
      maxGpus: 4,
    });
    expect(d.map((x) => x.enforcement)).toEqual(["mandatory"]);
  });

  it("the credential guardrail still fires on a resource with an unknown value", async () => {
    const provider = res("pulumi:providers:kubernetes", "k8s", {
      kubeconfig: "apiVersion: v1\nusers: []",
      cluster: UNKNOWN,
    });
    const d = await run(credentialRequireSecret, [provider], { secretsRedacted: true });
    expect(d.map((x) => [x.enforcement, x.message])).toEqual([
      ["mandatory", "Kubernetes provider k8s takes kubeconfig in plain text, not as a secret"],
    ]);
  });

  it("a pool of unknown GPUs and an unpriced pool make the budget and cap say they cannot confirm", async () => {
    const unpriced = eksPool({ instanceTypes: ["g6.xlarge"] });
    const unknownGpus = res(
      "aws:eks/nodeGroup:NodeGroup",
      "gr6",
      {
        amiType: "AL2023_x86_64_NVIDIA",
        instanceTypes: ["gr6.4xlarge"],
        scalingConfig: { minSize: 1, maxSize: 2 },
      },
      { provider: `${awsProvider.urn}::id` },
    );
    const eu = res("pulumi:providers:aws", "euc1", { region: "ap-south-2" });
    const far = { ...unpriced, urn: `${unpriced.urn}-far`, name: "far", provider: `${eu.urn}::id` };
    const msgs = (
      await run(stackRequireKnownCapacity, [awsProvider, eu, far, unknownGpus], {
        monthlyUsd: 100_000,
      })
    ).map((x) => x.message);
    expect(msgs[0]).toMatch(
      /^cannot confirm the GPU cap: 1 GPU pool\(s\) of unknown GPUs or size \(gr6: GPUs per node/,
    );
    expect(msgs[1]).toMatch(/^cannot confirm the budget: 2 GPU pool\(s\) have no catalog price/);
  });
});
