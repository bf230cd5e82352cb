// Loads the project's TypeScript sources with esbuild (types are checked by `npm run build`, not here).
// Only `.ts` files go through it: node_modules load as plain CommonJS, at full speed.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const { transformSync } = require("esbuild");

// Source-mapped stack traces only when asked: with them on, Node parses the source map of every
// module it loads, the cloud SDKs' large ones included.
if (process.env.HAI_DEBUG) {
  process.setSourceMapsEnabled(true);
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, "utf8"), {
    loader: "ts",
    format: "cjs",
    target: "node20",
    // import() of a .ts file must go through require, where this hook lives.
    supported: { "dynamic-import": false },
    sourcemap: "inline",
    sourcefile: filename,
  });
  module._compile(code, filename);
};
