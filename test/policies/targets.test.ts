/** Pool guardrails on AKS and LKE pools: zones, spot, regions and Linode's string tags. */
import { describe, expect, it } from "vitest";
import { resourceRequireAllocationTags } from "../../policies/cost/allocationTags";
import { poolRequireSpot } from "../../policies/cost/poolSpot";
import { poolRequireMultiZone } from "../../policies/redundancy/poolMultiZone";
import { regionEnforceAllowed } from "../../policies/security/regionAllowed";
import { aksPool, costTags, lkePool, messages, run } from "./fixtures";

describe("pool guardrails on AKS and LKE", () => {
  it("count Azure zones, and flag an AKS pool in one", async () => {
    expect(await messages(poolRequireMultiZone, [aksPool()])).toEqual([]);
    expect(await messages(poolRequireMultiZone, [aksPool({ availabilityZones: ["1"] })])).toEqual([
      "GPU pool aks-eus2-infer-t4 runs in 1 zone (1); prod pools need at least 2",
    ]);
  });

  it("do not ask an Akamai pool for zones or spot, which Akamai does not have", async () => {
    expect(await messages(poolRequireMultiZone, [lkePool()])).toEqual([]);
    expect(await messages(poolRequireSpot, [lkePool()], { environments: ["prod"] })).toEqual([]);
    expect(
      await messages(poolRequireSpot, [aksPool({ scaleSetPriority: "Regular" })], {
        environments: ["prod"],
      }),
    ).toEqual(["GPU pool aks-eus2-infer-t4 buys on-demand capacity; prod pools use spot"]);
  });

  it("read the region of AKS and LKE pools, not Azure's zone numbers", async () => {
    const allowed = { allowedRegions: ["eastus2", "us-ord"] };
    expect(await messages(regionEnforceAllowed, [aksPool(), lkePool()], allowed)).toEqual([]);
    expect(
      await messages(regionEnforceAllowed, [aksPool(), lkePool()], {
        allowedRegions: ["westeurope"],
      }),
    ).toEqual([
      "aks-eus2-infer-t4 is in eastus2, outside the allowed regions (westeurope)",
      "lke-ord-infer-rtx4000 is in us-ord, outside the allowed regions (westeurope)",
    ]);
  });

  it("read Linode's key:value tags for the cost-allocation keys", async () => {
    expect(await messages(resourceRequireAllocationTags, [lkePool()])).toEqual([]);
    const untagged = lkePool({ tags: [`owner:${costTags.owner}`] });
    const d = await run(resourceRequireAllocationTags, [untagged]);
    expect(d.map((x) => x.message)).toEqual([
      "lke-ord-infer-rtx4000 (linode:index/lkeNodePool:LkeNodePool) lacks cost-allocation labels: cost-center, environment",
    ]);
  });
});
