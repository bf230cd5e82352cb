// Measures a command as a whole: wall time here, peak memory and CPU time of it and of every process
// it starts, from bench/usage.js preloaded into each (through NODE_OPTIONS). Shared by `npm run bench`
// and `npm run bench:rollout`.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

/**
 * Runs `node ...args` in `cwd` with usage recording in it and its child processes; `usageDir` is a
 * scratch directory, `nodeOptions` go into NODE_OPTIONS of it and every process it starts, `ok` lists
 * the exit codes of a run that completed. Returns wall seconds, CPU
 * seconds of all processes, peak RSS in MiB of the command itself (`maxRssMiB`, also `haiRssMiB`)
 * and of the largest process it started (`programRssMiB`, 0 when none), and stdout.
 */
function measure({ cwd, usageDir, args, label, env = {}, nodeOptions = "", ok = [0] }) {
  const dir = fs.mkdtempSync(path.join(usageDir, `usage-${label}-`));
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      ...env,
      HAI_BENCH_USAGE_DIR: dir,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${nodeOptions} --require ${path.join(__dirname, "usage.js")}`,
    },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!ok.includes(r.status)) {
    throw new Error(
      `${label} failed (exit ${r.status}):\n${(r.stderr || r.stdout).slice(0, 3000)}`,
    );
  }
  const usages = fs
    .readdirSync(dir)
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  fs.rmSync(dir, { recursive: true, force: true });
  const top = usages.find((u) => u.ppid === process.pid) ?? usages[0];
  const others = usages.filter((u) => u !== top);
  return {
    wallSeconds,
    cpuSeconds: usages.reduce((s, u) => s + u.cpuSeconds, 0),
    maxRssMiB: top.maxRssMiB,
    haiRssMiB: top.maxRssMiB,
    programRssMiB: others.reduce((m, u) => Math.max(m, u.maxRssMiB), 0),
    stdout: r.stdout,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (n, d = 1) => n.toFixed(d);

module.exports = { measure, median, fmt };
