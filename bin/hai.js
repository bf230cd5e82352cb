#!/usr/bin/env node
// Entry point of the `hai` command. In a checkout it runs the TypeScript sources through esbuild (no
// build step; types are checked by `npm run build`); in an installed package, where only JavaScript
// ships, it runs the compiled dist/cli/main.js.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

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
