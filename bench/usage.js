// Preloaded into a benchmarked process: on exit, writes its peak memory and CPU time to $HAI_BENCH_USAGE.
"use strict";
const fs = require("node:fs");
const started = process.hrtime.bigint();
process.on("exit", () => {
  const u = process.resourceUsage();
  const out = {
    maxRssMiB: u.maxRSS / 1024,
    cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
    wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  fs.writeFileSync(process.env.HAI_BENCH_USAGE, JSON.stringify(out));
});
