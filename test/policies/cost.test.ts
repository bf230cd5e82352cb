import { describe, expect, it } from "vitest";
import { gpuLimitPerPool } from "../../policies/cost/gpuPerPool";
import { gpuLimitPerStack } from "../../policies/cost/gpuPerStack";
import { gpuEnforceAllowedTypes } from "../../policies/cost/gpuTypes";
import { poolRequireSpot } from "../../policies/cost/poolSpot";
import { poolRequireShutdownSchedule } from "../../policies/cost/poolSchedule";
import { resourceRequireAllocationTags } from "../../policies/cost/allocationTags";
import { stackLimitMonthlyBudget } from "../../policies/cost/monthlyBudget";
import { UNKNOWN } from "../../policies/lib";
import {
  awsProvider,
  costTags,
  deployment,
  eksPool,
  gkePool,
  messages,
  res,
  run,
} from "../support";

const dev = { environment: "dev" };

describe("cost-gpu-limit-per-pool", () => {
  it("passes a pool under the cap", async () => {
    expect(await messages(gpuLimitPerPool, [eksPool(), gkePool()])).toEqual([]);
  });
  it("flags maxNodes x GPUs per node over the cap", async () => {
    const big = eksPool({
      instanceTypes: ["p5.48xlarge"],
      scalingConfig: { minSize: 0, maxSize: 10 },
    });
    expect(await messages(gpuLimitPerPool, [big])).toEqual([
      "GPU pool aws-use1-infer-l4 may grow to 80 GPUs (10 nodes x 8); the cap per pool is 64",
    ]);
  });
  it("takes the cap from the stack's settings", async () => {
    expect(await messages(gpuLimitPerPool, [gkePool()], { maxGpus: 4 })).toEqual([
      "GPU pool gcp-euw4-infer-l4 may grow to 8 GPUs (8 nodes x 1); the cap per pool is 4",
    ]);
  });
});

describe("cost-gpu-limit-per-stack", () => {
  it("passes a stack under the cap", async () => {
    expect(await messages(gpuLimitPerStack, [eksPool(), gkePool()])).toEqual([]);
  });
  it("flags the pools' sum over the cap", async () => {
    expect(await messages(gpuLimitPerStack, [eksPool(), gkePool()], { maxGpus: 16 })).toEqual([
      "the stack's 2 GPU pools may grow to 18 GPUs; the cap per stack is 16",
    ]);
  });
});

describe("cost-gpu-enforce-allowed-types", () => {
  it("passes an L4 pool in dev", async () => {
    expect(await messages(gpuEnforceAllowedTypes, [eksPool({}, { environment: "dev" })])).toEqual(
      [],
    );
  });
  it("flags an H100 pool in dev", async () => {
    const h100 = eksPool({ instanceTypes: ["p5.48xlarge"] }, { environment: "dev" });
    expect(await messages(gpuEnforceAllowedTypes, [h100])).toEqual([
      "GPU pool aws-use1-infer-l4 uses h100, which dev does not allow (allowed: t4, a10g, l4, l40s)",
    ]);
  });
  it("allows H100 in prod", async () => {
    expect(
      await messages(gpuEnforceAllowedTypes, [eksPool({ instanceTypes: ["p5.48xlarge"] })]),
    ).toEqual([]);
  });
});

describe("cost-pool-require-spot", () => {
  it("passes a spot dev pool", async () => {
    expect(
      await messages(poolRequireSpot, [eksPool({ capacityType: "SPOT" }, { environment: "dev" })]),
    ).toEqual([]);
  });
  it("flags an on-demand dev pool", async () => {
    const pool = gkePool({}, { environment: "dev" });
    expect(await messages(poolRequireSpot, [pool])).toEqual([
      "GPU pool gcp-euw4-infer-l4 buys on-demand capacity; dev pools use spot",
    ]);
  });
});

describe("cost-pool-require-shutdown-schedule", () => {
  it("passes dev pools tagged or labelled with a schedule", async () => {
    const eks = eksPool({}, { environment: "dev", "hybrid-ai/schedule": "office-hours" });
    const gke = gkePool({}, { environment: "dev", schedule: "office-hours" });
    expect(await messages(poolRequireShutdownSchedule, [eks, gke])).toEqual([]);
  });
  it("flags a dev pool without one, advisory", async () => {
    const d = await run(poolRequireShutdownSchedule, [eksPool({}, { environment: "dev" })]);
    expect(d).toEqual([
      {
        policy: "cost-pool-require-shutdown-schedule",
        enforcement: "advisory",
        message:
          "GPU pool aws-use1-infer-l4 has no shutdown schedule (no tag hybrid-ai/schedule); dev pools switch off when unused",
        urn: eksPool().urn,
      },
    ]);
  });
  it("ignores prod pools", async () => {
    expect(await messages(poolRequireShutdownSchedule, [eksPool()])).toEqual([]);
  });
});

describe("cost-resource-require-allocation-tags", () => {
  it("passes tagged cloud resources and labelled Kubernetes objects; skips providers", async () => {
    expect(
      await messages(resourceRequireAllocationTags, [
        eksPool(),
        gkePool(),
        deployment(),
        awsProvider,
      ]),
    ).toEqual([]);
  });
  it("flags a missing cost-center tag", async () => {
    const { "cost-center": _, ...tags } = costTags;
    const bucket = res("aws:s3/bucket:Bucket", "models", { bucket: "acme-models", tags });
    expect(await messages(resourceRequireAllocationTags, [bucket])).toEqual([
      "models (aws:s3/bucket:Bucket) lacks cost-allocation tags: cost-center",
    ]);
  });
  it("flags a taggable type with no tags at all", async () => {
    const vol = res("aws:ebs/volume:Volume", "cache", {
      availabilityZone: "us-east-1a",
      size: 100,
      encrypted: true,
    });
    expect(await messages(resourceRequireAllocationTags, [vol])).toEqual([
      "cache (aws:ebs/volume:Volume) lacks cost-allocation tags: owner, cost-center, environment",
    ]);
  });
});

describe("cost-stack-limit-monthly-budget", () => {
  it("passes a stack within budget", async () => {
    expect(
      await messages(stackLimitMonthlyBudget, [awsProvider, eksPool()], { monthlyUsd: 10_000 }),
    ).toEqual([]);
  });
  it("flags a stack over budget", async () => {
    expect(
      await messages(stackLimitMonthlyBudget, [awsProvider, eksPool()], { monthlyUsd: 5_000 }),
    ).toEqual(["the GPU pools may cost $5,875 a month at maximum size; the budget is $5,000"]);
  });
  it("still estimates during a preview where the cluster name is unknown", async () => {
    expect(
      await messages(stackLimitMonthlyBudget, [awsProvider, eksPool({ clusterName: UNKNOWN })], {
        monthlyUsd: 5_000,
      }),
    ).toEqual(["the GPU pools may cost $5,875 a month at maximum size; the budget is $5,000"]);
  });
  it("is not applicable without a budget", async () => {
    expect(await messages(stackLimitMonthlyBudget, [awsProvider, eksPool()])).toEqual([]);
  });
});

describe("settings", () => {
  it("dev settings apply through the environment setting when a resource has no tag", async () => {
    const untagged = eksPool({ tags: { "hybrid-ai/zones": "us-east-1a" } });
    expect(await messages(poolRequireSpot, [untagged], dev)).toEqual([
      "GPU pool aws-use1-infer-l4 buys on-demand capacity; dev pools use spot",
    ]);
  });
});
