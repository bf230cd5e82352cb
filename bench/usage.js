// Preloaded into every benchmarked process (hai and the program process it starts, through
// NODE_OPTIONS): on exit, writes its peak memory and CPU time to $HAI_BENCH_USAGE_DIR/<pid>.json.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const started = process.hrtime.bigint();
process.on("exit", () => {
  const dir = process.env.HAI_BENCH_USAGE_DIR;
  if (!dir) {
    return;
  }
  const u = process.resourceUsage();
  const out = {
    pid: process.pid,
    ppid: process.ppid,
    argv: process.argv.slice(1, 3).map((a) => path.basename(a)),
    maxRssMiB: u.maxRSS / 1024,
    cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
    wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(out));
});
