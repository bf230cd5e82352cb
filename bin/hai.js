#!/usr/bin/env node
// Entry point of the `hai` command. In a checkout it runs the TypeScript sources through esbuild (no
// build step; types are checked by `npm run build`); in an installed package, where only JavaScript
// ships, it runs the compiled dist/cli/main.js.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");

// A review allocates fast (protobuf messages, the graph, the reports), and V8 then lets the heap
// grow up to 4x between full collections: hai peaked near 590 MiB reviewing 10k resources whose live
// heap is about 140 MiB. At most 1.75x keeps that peak near 420-450 MiB for about 2% more CPU
// (`npm run bench`). A growth percentage the user set (node flags, NODE_OPTIONS) wins.
const nodeFlags = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
if (!/heap[-_]growing[-_]percent/.test(nodeFlags)) {
  v8.setFlagsFromString("--heap-growing-percent=75");
}

const source = path.join(__dirname, "..", "cli", "main.ts");
let cli;
if (fs.existsSync(source)) {
  require("./ts-hook");
  cli = require(source);
} else {
  cli = require("../dist/cli/main.js");
}

cli.main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`hai: internal error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 3;
  },
);
