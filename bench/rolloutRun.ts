// A rollout of a generated fleet against the fake workspace and a fake Prometheus on 127.0.0.1:
// `SITES` sites in groups of `PER_GROUP` (one stack each), a one-site canary then everything, up to
// `PARALLEL` stacks updated at once, each update held `UP_MS` so they really overlap. Prints one JSON
// line: wall time, updates at once, and the heap after the run (run by bench/rollout.js).
import { runRollout } from "../review/rollout/run";
import { groupStackName } from "../model/rollout/plan";
import { FakeBackend, fakePrometheus, generatedFleet } from "../test/support/fakeFleet";

const SITES = Number(process.env.HAI_BENCH_SITES || 500);
const PER_GROUP = Number(process.env.HAI_BENCH_PER_GROUP || 5);
const PARALLEL = Number(process.env.HAI_BENCH_PARALLEL || 100);
const UP_MS = Number(process.env.HAI_BENCH_UP_MS || 200);

async function main(): Promise<void> {
  const before = generatedFleet(SITES, PER_GROUP, "0e9e39f");
  const after = generatedFleet(SITES, PER_GROUP, "1a2b3c4");
  const clock = { now: Date.parse("2026-11-30T02:00:00Z") };
  const backend = new FakeBackend(after.config, clock);
  backend.record = false;
  backend.onUp = () => new Promise<void>((resolve) => setTimeout(resolve, UP_MS));
  const groups = [...new Set(before.sites.map((s) => s.group))];
  for (const g of groups) {
    backend.seed(
      groupStackName("fleet", g),
      before.sites.filter((s) => s.group === g),
    );
  }
  const prometheus = await fakePrometheus(() => ({ errorRatePercent: 0.1, p95LatencyMs: 300 }));
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  const result = await runRollout({
    fleet: "fleet",
    target: after.sites,
    settings: {
      waves: [{ sites: 1 }, { percent: 100 }],
      soakMinutes: 30,
      gates: { maxErrorRatePercent: 1, maxP95LatencyMs: 800 },
    },
    prometheusUrl: prometheus.url,
    workspace: backend.workspace(),
    parallel: PARALLEL,
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    onInterrupt: () => () => undefined,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  await prometheus.close();
  global.gc?.();
  console.log(
    JSON.stringify({
      status: result.status,
      sites: SITES,
      stacks: groups.length,
      waves: result.waves.map((w) => ({ sites: w.sites.length, stacks: w.stacks.length })),
      parallel: PARALLEL,
      maxRunning: backend.maxRunning,
      wallSeconds,
      peakRssMiB: peakRss / 1024 / 1024,
      heapAfterMiB: process.memoryUsage().heapUsed / 1024 / 1024,
    }),
  );
  if (result.status !== "complete") {
    process.exitCode = 1;
  }
}

void main();
