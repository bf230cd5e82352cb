import { afterEach, describe, expect, it } from "vitest";
import type { Stack } from "@pulumi/pulumi/automation";
import {
  ROLLOUT_DEFAULTS,
  groupStackName,
  type FleetSite,
  type RolloutSettings,
} from "../model/rollout/plan";
import { runRollout, type RunOptions } from "../review/rollout/run";
import type { RolloutStack } from "../review/rollout/workspace";
import {
  FakeBackend,
  chatModel,
  fakePrometheus,
  fleetConfigOf,
  type FakeSiteMetrics,
} from "./support/fakeFleet";

// The Automation API's Stack is a RolloutStack: the real workspace drives the same calls.
const _automationStackFits = (s: Stack): RolloutStack => s;
void _automationStackFits;

const OLD = "0e9e39f";
const NEW = "1a2b3c4";
const site = (name: string, group: string, revision: string): FleetSite => ({
  name,
  group,
  models: [chatModel(revision)],
});
/** Eight stores in three groups: the canary is store-1, then store-2, then the other six. */
const names = [
  "store-1",
  "store-2",
  "store-3",
  "store-4",
  "store-5",
  "store-6",
  "store-7",
  "store-8",
];
const groupOf = (n: string) =>
  ["store-1", "store-2", "store-3"].includes(n)
    ? "eu"
    : ["store-4", "store-5"].includes(n)
      ? "us"
      : "apac";
const fleetAt = (revision: string) => names.map((n) => site(n, groupOf(n), revision));
const settings: RolloutSettings = {
  ...ROLLOUT_DEFAULTS,
  gates: { maxErrorRatePercent: 1, maxP95LatencyMs: 800 },
};

/** A backend with every site deployed at OLD in its group stack. */
function deployedBackend(clock: { now: number }): FakeBackend {
  const backend = new FakeBackend(fleetConfigOf(fleetAt(NEW)), clock);
  for (const group of ["eu", "us", "apac"]) {
    backend.seed(
      groupStackName("edge-retail", group),
      fleetAt(OLD).filter((s) => s.group === group),
    );
  }
  return backend;
}

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function world(metrics: (site: string) => FakeSiteMetrics) {
  const clock = { now: Date.parse("2026-11-30T02:00:00Z") };
  const prometheus = await fakePrometheus(metrics);
  closers.push(prometheus.close);
  const backend = deployedBackend(clock);
  const sleeps: number[] = [];
  let interrupt: (() => void) | undefined;
  const options = (over: Partial<RunOptions> = {}): RunOptions => ({
    fleet: "edge-retail",
    target: fleetAt(NEW),
    settings,
    prometheusUrl: prometheus.url,
    workspace: backend.workspace(),
    parallel: 4,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => (interrupt = undefined);
    },
    ...over,
  });
  return { clock, prometheus, backend, sleeps, options, interrupt: () => interrupt?.() };
}

const healthy: FakeSiteMetrics = { errorRatePercent: 0.2, p95LatencyMs: 450 };

describe("hai rollout run against a fake workspace and a fake Prometheus", () => {
  it("rolls out wave by wave, updating only each wave's sites, soaking and reading gates", async () => {
    const w = await world(() => healthy);
    const result = await runRollout(w.options());
    expect(result.status).toBe("complete");
    expect(result.waves.map((x) => x.sites.map((s) => `${s.site}:${s.status}`))).toEqual([
      ["store-1:passed"],
      ["store-2:passed"],
      [
        "store-3:passed",
        "store-4:passed",
        "store-5:passed",
        "store-6:passed",
        "store-7:passed",
        "store-8:passed",
      ],
    ]);
    // Wave 1 touches only the eu stack, and only store-1 moves: the others stay at OLD.
    const ups = w.backend.ups();
    expect(ups[0]).toEqual({
      op: "up",
      stack: "edge-retail.eu",
      message: `hai rollout ${result.id} wave 1`,
      sites: {
        "store-1": `support-chat@${NEW}`,
        "store-2": `support-chat@${OLD}`,
        "store-3": `support-chat@${OLD}`,
      },
    });
    expect(ups.map((u) => `${u.stack} ${u.message?.replace(result.id, "<id>")}`)).toEqual([
      "edge-retail.eu hai rollout <id> wave 1",
      "edge-retail.eu hai rollout <id> wave 2",
      "edge-retail.eu hai rollout <id> wave 3",
      "edge-retail.us hai rollout <id> wave 3",
      "edge-retail.apac hai rollout <id> wave 3",
      // The last wave's verdicts reach the stacks' outputs, so no later run judges them again.
      "edge-retail.eu hai rollout <id>: record verified sites",
      "edge-retail.us hai rollout <id>: record verified sites",
      "edge-retail.apac hai rollout <id>: record verified sites",
    ]);
    expect(w.sleeps).toEqual([30 * 60_000, 30 * 60_000, 30 * 60_000]);
    for (const n of names) {
      expect(w.backend.deployed(n)).toEqual({
        models: [chatModel(NEW)],
        record: { id: result.id, previous: [chatModel(OLD)], verified: true },
      });
    }
    // Both gates read from each site's own Prometheus over the soak window.
    expect(w.prometheus.queries.filter((q) => q.site === "store-1").map((q) => q.query)).toEqual([
      expect.stringContaining('service=~"store-1-.*",code=~"5.."}[30m]'),
      expect.stringContaining("histogram_quantile(0.95"),
    ]);
    // A second run finds nothing to do.
    const again = await runRollout(w.options());
    expect(again.status).toBe("nothing");
    expect(w.backend.ups()).toHaveLength(8);
  });

  it("stops after a failing canary and restores the previous revision there", async () => {
    const w = await world((s) =>
      s === "store-1" ? { errorRatePercent: 4.5, p95LatencyMs: 450 } : healthy,
    );
    const result = await runRollout(w.options());
    expect(result.status).toBe("halted");
    expect(result.message).toBe(
      "wave 1 failed (store-1: error rate 4.5% > 1%); its sites were rolled back",
    );
    expect(result.waves).toHaveLength(1);
    expect(result.waves[0].sites).toEqual([
      {
        site: "store-1",
        group: "eu",
        status: "rolled-back",
        updated: true,
        reasons: [`restored support-chat meta-llama/Llama-3.1-8B-Instruct@${OLD}`],
      },
    ]);
    const ups = w.backend.ups();
    expect(ups.map((u) => [u.stack, u.sites["store-1"], u.message])).toEqual([
      ["edge-retail.eu", `support-chat@${NEW}`, `hai rollout ${result.id} wave 1`],
      ["edge-retail.eu", `support-chat@${OLD}`, `hai rollout ${result.id}: roll back`],
    ]);
    expect(w.backend.deployed("store-1")?.models).toEqual([chatModel(OLD)]);
    for (const n of names.slice(1)) {
      expect(w.backend.deployed(n)).toEqual({ models: [chatModel(OLD)] });
    }
    // The same target is not tried again by accident.
    const again = await runRollout(w.options());
    expect(again.status).toBe("refused");
    expect(again.message).toContain("pass --retry");
    expect(w.backend.ups()).toHaveLength(2);
  });

  it("marks an unreachable site pending without holding up its wave, and reaches it next run", async () => {
    let offline = true;
    const w = await world((s) => (s === "store-6" && offline ? { offline: true } : healthy));
    const result = await runRollout(w.options());
    expect(result.status).toBe("complete");
    expect(result.pending).toEqual(["store-6"]);
    expect(result.message).toContain("1 pending, run again to reach them");
    expect(result.waves[2].sites.map((s) => s.site)).toEqual([
      "store-3",
      "store-4",
      "store-5",
      "store-7",
      "store-8",
    ]);
    expect(w.backend.deployed("store-6")).toEqual({ models: [chatModel(OLD)] });
    const apac = w.backend.ups().find((u) => u.stack === "edge-retail.apac")!;
    expect(apac.sites).toEqual({
      "store-6": `support-chat@${OLD}`,
      "store-7": `support-chat@${NEW}`,
      "store-8": `support-chat@${NEW}`,
    });

    offline = false;
    const before = w.backend.ups().length;
    const next = await runRollout(w.options());
    expect(next.status).toBe("complete");
    expect(next.pending).toEqual([]);
    const ups = w.backend.ups().slice(before);
    expect(ups.map((u) => u.message?.replace(next.id, "<id>"))).toEqual([
      "hai rollout <id> wave 3",
      "hai rollout <id>: record verified sites",
    ]);
    expect(ups.map((u) => u.stack)).toEqual(["edge-retail.apac", "edge-retail.apac"]);
    expect(w.backend.deployed("store-6")?.models).toEqual([chatModel(NEW)]);
  });

  it("resumes an interrupted rollout where it stopped, waiting out the rest of the soak", async () => {
    const w = await world(() => healthy);
    let sleepsSeen = 0;
    const first = await runRollout(
      w.options({
        sleep: async (ms) => {
          sleepsSeen += 1;
          if (sleepsSeen === 2) {
            // Ten minutes into wave 2's soak, the operator presses Ctrl-C.
            w.clock.now += 10 * 60_000;
            w.interrupt();
            return new Promise<void>(() => undefined);
          }
          w.clock.now += ms;
        },
      }),
    );
    expect(first.status).toBe("interrupted");
    expect(first.waves.map((x) => x.index)).toEqual([1]);
    expect(w.backend.deployed("store-2")?.models).toEqual([chatModel(NEW)]);
    const upsBefore = w.backend.ups().length;
    expect(upsBefore).toBe(2);

    w.sleeps.length = 0;
    const resumed = await runRollout(w.options());
    expect(resumed.status).toBe("complete");
    expect(resumed.id).toBe(first.id);
    // Same waves as planned before; no site of waves 1-2 is updated again.
    expect(resumed.plan.waves.map((x) => x.sites.map((s) => s.site))).toEqual(
      first.plan.waves.map((x) => x.sites.map((s) => s.site)),
    );
    expect(resumed.waves[0].sites[0]).toMatchObject({
      site: "store-1",
      status: "passed",
      updated: false,
    });
    expect(resumed.waves[1].sites[0]).toMatchObject({
      site: "store-2",
      status: "passed",
      updated: false,
    });
    expect(
      w.backend
        .ups()
        .slice(upsBefore)
        .map((u) => u.message),
    ).toEqual([
      `hai rollout ${first.id} wave 3`,
      `hai rollout ${first.id} wave 3`,
      `hai rollout ${first.id} wave 3`,
      `hai rollout ${first.id}: record verified sites`,
      `hai rollout ${first.id}: record verified sites`,
      `hai rollout ${first.id}: record verified sites`,
    ]);
    // Wave 2 had soaked 10 of its 30 minutes (from the eu stack's history): 20 remain, then wave 3.
    expect(w.sleeps).toEqual([20 * 60_000, 30 * 60_000]);
  });

  it("cancels an update in progress on interrupt", async () => {
    const w = await world(() => healthy);
    w.backend.onUp = (stack) => {
      if (stack === "edge-retail.eu") {
        w.interrupt();
        return new Promise<void>((resolve) => setTimeout(resolve, 20));
      }
      return undefined;
    };
    const result = await runRollout(w.options());
    expect(result.status).toBe("interrupted");
    expect(w.backend.calls.filter((c) => c.op === "cancel")).toEqual([
      { op: "cancel", stack: "edge-retail.eu" },
    ]);
  });

  it("halts and rolls back when a wave's update fails", async () => {
    const w = await world(() => healthy);
    w.backend.failUp.set(
      "edge-retail.us",
      "kubernetes:apps/v1:Deployment store-4-support-chat: timed out waiting to be Ready",
    );
    const result = await runRollout(w.options());
    expect(result.status).toBe("halted");
    expect(result.waves).toHaveLength(3);
    const wave3 = result.waves[2].sites;
    expect(wave3.find((s) => s.site === "store-4")).toMatchObject({
      status: "failed",
      reasons: [
        "pulumi up edge-retail.us failed: error: kubernetes:apps/v1:Deployment store-4-support-chat: timed out waiting to be Ready",
      ],
    });
    expect(wave3.find((s) => s.site === "store-7")).toMatchObject({ status: "rolled-back" });
    expect(w.backend.deployed("store-7")?.models).toEqual([chatModel(OLD)]);
    // Sites of the waves that passed keep the new revision.
    expect(w.backend.deployed("store-1")?.models).toEqual([chatModel(NEW)]);
  });

  it("updates up to `parallel` group stacks at a time", async () => {
    const w = await world(() => healthy);
    w.backend.onUp = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
    await runRollout(w.options({ parallel: 2 }));
    expect(w.backend.maxRunning).toBe(2);
  });
});
