#!/usr/bin/env node
// `npm run bench:rollout`: the two fleet-scale figures of `hai rollout`, each measured as a whole
// process and repeated: `hai rollout plan` on a generated 500-site fleet file (start-up, YAML, config
// checks and planning), and a rollout of that fleet against the fake workspace with 100 group stacks
// updated at once (bench/rolloutRun.ts). Prints medians and checks them against the targets.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { measure: measureProcess, median, fmt } = require("./measure");

const ROOT = path.resolve(__dirname, "..");
const SITES = Number(process.env.HAI_BENCH_SITES || 500);
const PER_GROUP = Number(process.env.HAI_BENCH_PER_GROUP || 5);
const RUNS = Number(process.env.HAI_BENCH_RUNS || 3);
const TARGETS = { planSeconds: 10, runMaxRssMiB: 400 };

// The same generator the tests use, loaded through the TypeScript hook.
require(path.join(ROOT, "bin", "ts-hook.js"));
const { fleetStackYaml } = require(path.join(ROOT, "test", "support", "fakeFleet.ts"));

function measure(dir, args, label) {
  return measureProcess({
    cwd: ROOT,
    usageDir: dir,
    args,
    label,
    env: { HAI_BENCH_SITES: String(SITES), HAI_BENCH_PER_GROUP: String(PER_GROUP) },
  });
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-bench-rollout-"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.fleet.yaml"),
    fleetStackYaml(SITES, PER_GROUP, "0e9e39f"),
  );
  console.log(
    `hai rollout bench: ${SITES} sites in ${Math.ceil(SITES / PER_GROUP)} group stacks; ${RUNS} runs each`,
  );
  const plans = [];
  const runs = [];
  let lastRun;
  try {
    for (let i = 0; i < RUNS; i++) {
      const json = path.join(dir, "plan.json");
      const p = measure(
        dir,
        [
          path.join(ROOT, "bin", "hai.js"),
          "rollout",
          "plan",
          "--stack",
          "fleet",
          "--stacks-dir",
          dir,
          "--json",
          json,
        ],
        "plan",
      );
      const plan = JSON.parse(fs.readFileSync(json, "utf8")).plan;
      if (plan.waves[0].sites.length !== 1) {
        throw new Error(`the first wave has ${plan.waves[0].sites.length} sites, not 1`);
      }
      plans.push(p);
      const r = measure(
        dir,
        [
          "--expose-gc",
          "--require",
          path.join(ROOT, "bin", "ts-hook.js"),
          path.join(__dirname, "rolloutRun.ts"),
        ],
        "run",
      );
      lastRun = JSON.parse(r.stdout.trim().split("\n").pop());
      runs.push(r);
      process.stderr.write(
        `  run ${i + 1}: plan ${fmt(p.wallSeconds)} s (${fmt(p.cpuSeconds)} s CPU) ${fmt(p.maxRssMiB, 0)} MiB · rollout ${fmt(r.wallSeconds)} s ${fmt(r.maxRssMiB, 0)} MiB, ${lastRun.maxRunning} stacks at once\n`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const row = (xs) => ({
    wall: median(xs.map((x) => x.wallSeconds)),
    cpu: median(xs.map((x) => x.cpuSeconds)),
    rss: median(xs.map((x) => x.maxRssMiB)),
  });
  const p = row(plans);
  const r = row(runs);
  console.log("");
  console.log("                          wall s   cpu s   peak MiB");
  console.log(
    `plan (${SITES} sites)        ${fmt(p.wall).padStart(8)} ${fmt(p.cpu).padStart(7)} ${fmt(p.rss, 0).padStart(10)}`,
  );
  console.log(
    `rollout (fake workspace) ${fmt(r.wall).padStart(8)} ${fmt(r.cpu).padStart(7)} ${fmt(r.rss, 0).padStart(10)}`,
  );
  console.log(
    `rollout waves: ${lastRun.waves.map((w) => `${w.sites} sites/${w.stacks} stacks`).join(", ")}; ${lastRun.maxRunning} stack updates at once; heap after ${fmt(lastRun.heapAfterMiB, 1)} MiB`,
  );
  const checks = [
    [`plan ${fmt(p.wall)} s <= ${TARGETS.planSeconds} s`, p.wall <= TARGETS.planSeconds],
    [
      `rollout peak ${fmt(r.rss, 0)} MiB <= ${TARGETS.runMaxRssMiB} MiB`,
      r.rss <= TARGETS.runMaxRssMiB,
    ],
    [
      `${lastRun.maxRunning} stacks updated at once (asked ${lastRun.parallel})`,
      lastRun.maxRunning === lastRun.parallel,
    ],
  ];
  console.log("");
  for (const [text, ok] of checks) {
    console.log(`${ok ? "ok  " : "MISS"} ${text}`);
  }
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
}

main();
