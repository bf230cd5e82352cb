#!/usr/bin/env node
// Starts this repository as a Pulumi component plugin the way the Node.js language host does for
// `pulumi package add` (@pulumi/pulumi/cmd/run-plugin with the plugin folder; it loads package.json
// `main`, the built dist/provider/index.js), asks it for its schema over gRPC, and checks the schema
// names the components other languages use. Prints the component tokens and their input names.
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");
const grpc = require("@grpc/grpc-js");
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
const { GetSchemaRequest } = require("@pulumi/pulumi/proto/provider_pb");

const root = path.resolve(__dirname, "..");
const expected = [
  "AutoscalingPolicy",
  "EdgeInferenceSite",
  "GpuCluster",
  "GpuNodePool",
  "ShutdownSchedule",
];

async function main() {
  const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [root] });
  const host = spawn(process.execPath, [runPlugin, root], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  host.stderr.on("data", (d) => (stderr += d));
  try {
    const port = await new Promise((resolve, reject) => {
      host.stdout.once("data", (d) => resolve(String(d).trim()));
      host.once("exit", (code) => reject(new Error(`plugin exited ${code}\n${stderr}`)));
    });
    const client = new ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    const resp = await new Promise((resolve, reject) =>
      client.getSchema(new GetSchemaRequest(), (err, r) => (err ? reject(err) : resolve(r))),
    );
    client.close();
    const schema = JSON.parse(resp.getSchema());
    const tokens = Object.keys(schema.resources).sort();
    const want = expected.map((c) => `${schema.name}:index:${c}`);
    for (const t of tokens) {
      process.stdout.write(
        `${t}: ${Object.keys(schema.resources[t].inputProperties).join(", ")}\n`,
      );
    }
    if (JSON.stringify(tokens) !== JSON.stringify(want)) {
      throw new Error(`schema resources ${tokens.join(", ")}; expected ${want.join(", ")}`);
    }
  } finally {
    host.kill();
  }
}

main().catch((err) => {
  process.stderr.write(`check-plugin-schema: ${err && err.message ? err.message : err}\n`);
  process.exitCode = 1;
});
