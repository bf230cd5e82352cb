#!/usr/bin/env node
// Entry point of the `hai` command: runs the TypeScript sources through esbuild, no build step needed.
"use strict";
require("./ts-hook");
const { main } = require("../cli/main.ts");

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`hai: internal error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 3;
  },
);
