#!/usr/bin/env node
// `npm run bench`: side by side in one run, on bench/fleet (a program on our components sized by
// config), each measured as whole processes (start-up included), alternating, repeated:
//   - hai review: the program run by Pulumi's own runtime against hai's offline engine, analysed and
//     reported (`hai review --cwd bench/fleet`);
//   - the SDK floor through the same runner: the same program and runtime against the same engine
//     answering the same way but recording and analysing nothing (bench/engineFloor.ts);
//   - the in-process reference: the program's function under Pulumi's mock runtime in one process
//     (no language host, no gRPC), what hai's former in-process capture ran on (bench/inprocess.ts).
// With HAI_BENCH_LARGE=<n> it also runs the engine's streamed capture (graph to a JSON Lines file)
// and the floor at n resources, and compares hai's own peak memory with the 10k run's.
// Peak memory is per process: hai's own and the program's (Pulumi's SDK), read from bench/usage.js.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { fleetClusters } = require("./generate");
const { measure: measureProcess, median, fmt } = require("./measure");

const ROOT = path.resolve(__dirname, "..");
const FLEET = path.join(__dirname, "fleet");
const SIZE = Number(process.env.HAI_BENCH_RESOURCES || 10000);
const RUNS = Number(process.env.HAI_BENCH_RUNS || 2);
const LARGE = Number(process.env.HAI_BENCH_LARGE || 0);
const TARGETS = { wallSeconds: 10, maxRssMiB: 500, ratio: 1.3 };
const TS = ["--require", path.join(ROOT, "bin", "ts-hook.js")];

/** The stack file of a fleet of `n` resources; removed when the bench ends. */
function stackFor(n) {
  const stack = `n${n}`;
  const file = path.join(FLEET, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(
    file,
    `# Written by bench/run.js; removed when it ends.\nconfig:\n  gpu-fleet:resources: "${n}"\n`,
  );
  return { stack, file };
}

/** Runs a command with usage recording in it and every process it starts (bench/measure.js). */
function measure(label, args, tmp, nodeOptions = "") {
  return measureProcess({ cwd: ROOT, usageDir: tmp, args, label, nodeOptions, ok: [0, 1] });
}

/**
 * The program process keeps every resource object (Pulumi's SDK): about 1.1 GiB per 10k resources,
 * past Node's default old-space limit (4 GiB here) from about 35k. A team with such a program raises
 * the limit for `pulumi up` too (runtime option `nodeargs`, or NODE_OPTIONS); the large runs do.
 */
const LARGE_HEAP = "--max-old-space-size=16384";

const lastJson = (out) => JSON.parse(out.trim().split("\n").pop());

function row(label, xs) {
  const m = {
    wall: median(xs.map((x) => x.wallSeconds)),
    cpu: median(xs.map((x) => x.cpuSeconds)),
    hai: median(xs.map((x) => x.haiRssMiB)),
    program: median(xs.map((x) => x.programRssMiB)),
  };
  console.log(
    `${label.padEnd(30)}${fmt(m.wall).padStart(8)}${fmt(m.cpu).padStart(8)}${fmt(m.hai, 0).padStart(10)}${(m.program ? fmt(m.program, 0) : "-").padStart(12)}`,
  );
  return m;
}

function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hai-bench-"));
  const { expectedResources, pools } = fleetClusters(SIZE);
  const { stack, file } = stackFor(SIZE);
  const files = [file];
  console.log(
    `hai bench: bench/fleet at ${expectedResources} resources (${pools} GPU pools); ${RUNS} runs each, alternating; ${os.availableParallelism()} CPUs, load ${os.loadavg()[0].toFixed(1)}`,
  );
  const review = [];
  const floor = [];
  const inprocess = [];
  let large;
  try {
    for (let i = 0; i < RUNS; i++) {
      const jsonFile = path.join(tmp, "review.json");
      const r = measure(
        "review",
        [
          path.join(ROOT, "bin", "hai.js"),
          "review",
          "--cwd",
          FLEET,
          "--stack",
          stack,
          "--quiet",
          "--json",
          jsonFile,
        ],
        tmp,
      );
      const reviewed = JSON.parse(fs.readFileSync(jsonFile, "utf8")).resources.length;
      const f = measure(
        "floor",
        [...TS, path.join(__dirname, "engineFloor.ts"), FLEET, stack],
        tmp,
      );
      const p = measure(
        "inprocess",
        [...TS, path.join(__dirname, "inprocess.ts"), String(SIZE)],
        tmp,
      );
      for (const [what, n] of [
        ["floor", lastJson(f.stdout).registered],
        ["in-process", lastJson(p.stdout).registered],
      ]) {
        if (n !== reviewed || n !== expectedResources) {
          throw new Error(
            `review captured ${reviewed}, ${what} registered ${n}, expected ${expectedResources}`,
          );
        }
      }
      review.push(r);
      floor.push(f);
      inprocess.push(p);
      process.stderr.write(
        `  run ${i + 1}: review ${fmt(r.wallSeconds)} s (hai ${fmt(r.haiRssMiB, 0)} MiB, program ${fmt(r.programRssMiB, 0)} MiB)` +
          ` · floor ${fmt(f.wallSeconds)} s (program ${fmt(f.programRssMiB, 0)} MiB)` +
          ` · in-process ${fmt(p.wallSeconds)} s (${fmt(p.haiRssMiB, 0)} MiB)\n`,
      );
    }
    if (LARGE > 0) {
      const big = stackFor(LARGE);
      files.push(big.file);
      const graph = path.join(tmp, "graph.jsonl");
      const streamed = measure(
        "streamed",
        [...TS, path.join(__dirname, "engineFloor.ts"), FLEET, big.stack, "--record", graph],
        tmp,
        LARGE_HEAP,
      );
      const bigFloor = measure(
        "large-floor",
        [...TS, path.join(__dirname, "engineFloor.ts"), FLEET, big.stack],
        tmp,
        LARGE_HEAP,
      );
      large = {
        streamed,
        floor: bigFloor,
        registered: lastJson(streamed.stdout).registered,
        graphMiB: fs.statSync(graph).size / 2 ** 20,
      };
    }
  } finally {
    files.forEach((f) => fs.rmSync(f, { force: true }));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log("");
  console.log(
    `${"".padEnd(30)}${"wall s".padStart(8)}${"cpu s".padStart(8)}${"hai MiB".padStart(10)}${"program MiB".padStart(12)}`,
  );
  const r = row("hai review (engine)", review);
  const f = row("SDK floor, same runner", floor);
  row("in-process mocks (reference)", inprocess);
  const ratio = r.wall / f.wall;
  console.log(`review / floor: ${fmt(ratio, 2)}x wall, ${fmt(r.cpu / f.cpu, 2)}x cpu`);
  const checks = [
    [`review wall ${fmt(r.wall)} s <= ${TARGETS.wallSeconds} s`, r.wall <= TARGETS.wallSeconds],
    [`hai's peak ${fmt(r.hai, 0)} MiB <= ${TARGETS.maxRssMiB} MiB`, r.hai <= TARGETS.maxRssMiB],
    [`ratio ${fmt(ratio, 2)}x <= ${TARGETS.ratio}x the floor`, ratio <= TARGETS.ratio],
  ];
  if (large !== undefined) {
    console.log("");
    console.log(
      `${LARGE} resources (${large.registered} registered), graph streamed to disk (${fmt(large.graphMiB)} MiB):`,
    );
    const s = row("engine capture, streamed", [large.streamed]);
    const lf = row("SDK floor, same runner", [large.floor]);
    checks.push([
      `streamed capture ${fmt(s.wall / lf.wall, 2)}x <= ${TARGETS.ratio}x the floor`,
      s.wall / lf.wall <= TARGETS.ratio,
    ]);
    checks.push([
      `hai's peak flat: ${fmt(s.hai, 0)} MiB at ${LARGE} vs ${fmt(r.hai, 0)} MiB reviewing ${SIZE}`,
      s.hai <= Math.max(r.hai, f.hai) * 1.25,
    ]);
  }
  console.log("");
  for (const [text, ok] of checks) {
    console.log(`${ok ? "ok  " : "MISS"} ${text}`);
  }
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
}

main();
