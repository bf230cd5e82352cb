#!/usr/bin/env node
// `npm run bench`: `hai review` on a generated ~10,000-resource stack beside the raw SDK floor, in one
// run, each measured as a whole process (start-up included) and repeated; prints medians and ratios.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { fleetStack } = require("./generate");
const { measure: measureProcess, median, fmt } = require("./measure");

const ROOT = path.resolve(__dirname, "..");
const TARGET_RESOURCES = Number(process.env.HAI_BENCH_RESOURCES || 10000);
const RUNS = Number(process.env.HAI_BENCH_RUNS || 3);
const TARGETS = { wallSeconds: 10, maxRssMiB: 600, ratio: 1.3 };

function setUp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-bench-"));
  fs.mkdirSync(path.join(dir, "stacks"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const stack = fleetStack(TARGET_RESOURCES);
  fs.writeFileSync(path.join(dir, "stacks", "Pulumi.bench.yaml"), stack.text);
  return { dir, stack };
}

/** Exit codes of a run that completed: 0, or 1 when `hai review` found broken guardrails. */
const RAN = new Set([0, 1]);

function measure(dir, args, label) {
  return measureProcess({ cwd: dir, usageDir: dir, args, label, ok: [...RAN] });
}

function main() {
  const { dir, stack } = setUp();
  const tsx = ["--require", path.join(ROOT, "bin", "ts-hook.js")];
  console.log(
    `hai bench: ${stack.pools} GPU pools, ${stack.expectedResources} resources expected; ${RUNS} runs each, alternating`,
  );
  const floor = [];
  const review = [];
  let reviewed;
  try {
    for (let i = 0; i < RUNS; i++) {
      const f = measure(dir, [...tsx, path.join(__dirname, "floor.ts"), "bench"], "floor");
      const registered = JSON.parse(f.stdout.trim().split("\n").pop()).registered;
      floor.push(f);
      const jsonFile = path.join(dir, "review.json");
      review.push(
        measure(
          dir,
          [
            path.join(ROOT, "bin", "hai.js"),
            "review",
            "--stack",
            "bench",
            "--quiet",
            "--json",
            jsonFile,
          ],
          "review",
        ),
      );
      reviewed = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
      if (reviewed.resources.length !== registered) {
        throw new Error(
          `review captured ${reviewed.resources.length} resources but the floor registered ${registered}`,
        );
      }
      process.stderr.write(
        `  run ${i + 1}: floor ${fmt(f.wallSeconds)} s ${fmt(f.maxRssMiB, 0)} MiB · review ${fmt(review[i].wallSeconds)} s ${fmt(review[i].maxRssMiB, 0)} MiB\n`,
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
  const f = row(floor);
  const r = row(review);
  const ratio = r.wall / f.wall;
  console.log("");
  console.log(`resources: ${reviewed.resources.length} (${reviewed.gpuPools.length} GPU pools)`);
  console.log("                 wall s   cpu s   peak MiB");
  console.log(
    `SDK floor      ${fmt(f.wall).padStart(8)} ${fmt(f.cpu).padStart(7)} ${fmt(f.rss, 0).padStart(10)}`,
  );
  console.log(
    `hai review     ${fmt(r.wall).padStart(8)} ${fmt(r.cpu).padStart(7)} ${fmt(r.rss, 0).padStart(10)}`,
  );
  console.log(
    `review / floor ${fmt(ratio).padStart(8)}x ${fmt(r.cpu / f.cpu).padStart(6)}x ${fmt(r.rss / f.rss).padStart(9)}x`,
  );
  const checks = [
    [`wall ${fmt(r.wall)} s <= ${TARGETS.wallSeconds} s`, r.wall <= TARGETS.wallSeconds],
    [`peak ${fmt(r.rss, 0)} MiB <= ${TARGETS.maxRssMiB} MiB`, r.rss <= TARGETS.maxRssMiB],
    [`ratio ${fmt(ratio)}x <= ${TARGETS.ratio}x the floor`, ratio <= TARGETS.ratio],
  ];
  console.log("");
  for (const [text, ok] of checks) {
    console.log(`${ok ? "ok  " : "MISS"} ${text}`);
  }
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
}

main();
