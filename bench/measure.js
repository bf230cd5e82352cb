// Measures a command as a whole process: wall time here, peak memory and CPU time from bench/usage.js
// preloaded into it. Shared by `npm run bench` and `npm run bench:rollout`.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

/**
 * Runs `node --require usage.js ...args` in `cwd`; `ok` lists the exit codes of a run that completed.
 * Returns wall and CPU seconds, peak RSS in MiB and stdout.
 */
function measure({ cwd, usageDir, args, label, env = {}, ok = [0] }) {
  const usageFile = path.join(usageDir, `usage-${label}.json`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", path.join(__dirname, "usage.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env, HAI_BENCH_USAGE: usageFile },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!ok.includes(r.status)) {
    throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`);
  }
  const usage = JSON.parse(fs.readFileSync(usageFile, "utf8"));
  return {
    wallSeconds,
    maxRssMiB: usage.maxRssMiB,
    cpuSeconds: usage.cpuSeconds,
    stdout: r.stdout,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 2) => n.toFixed(d);

module.exports = { measure, median, fmt };
