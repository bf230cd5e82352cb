#!/usr/bin/env node
// Runs a Pulumi Node.js program the way `pulumi preview` (the first half of `pulumi up`) runs it: the
// project's own @pulumi/pulumi/cmd/run is started as the Node language host starts it (the program
// directory as working directory, `--monitor`, `--engine`, `--project`, `--stack`, `--dry-run` and the
// program path; config in PULUMI_CONFIG), so it registers ts-node with the project's typescript and
// tsconfig and loads the program through package.json `main`. This script serves it a ResourceMonitor
// and an Engine over gRPC on 127.0.0.1 that accept every registration (no cloud is called; outputs of
// custom resources stay unknown, as in a preview of a new stack).
//
//   node scripts/run-program.js <project-dir> [stack] [--config key=value]... [--secret key=value]...
//
// Config goes in as the CLI hands it over (PULUMI_CONFIG, keys without a namespace get the project's);
// `--secret` values are listed in PULUMI_CONFIG_SECRET_KEYS, as `pulumi config set --secret` ones are.
//
// Prints one JSON line, {"resources": <count>, "byType": {...}, "warnings": [...]} and exits 0, or
// prints the program's errors and exits 1. Only the project's own node_modules are used.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const positional = [];
const configFlags = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--config" || a === "--secret") {
    configFlags.push({ secret: a === "--secret", pair: process.argv[++i] ?? "" });
  } else {
    positional.push(a);
  }
}
const dir = path.resolve(positional[0] ?? ".");
const stack = positional[1] ?? "dev";
const fromProject = (m) => require(require.resolve(m, { paths: [dir] }));
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
const fromSdk = (m) => require(require.resolve(m, { paths: [pulumiDir] }));
const grpc = fromSdk("@grpc/grpc-js");
const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromSdk("google-protobuf/google/protobuf/empty_pb");
const resrpc = fromProject("@pulumi/pulumi/proto/resource_grpc_pb");
const resproto = fromProject("@pulumi/pulumi/proto/resource_pb");
const engrpc = fromProject("@pulumi/pulumi/proto/engine_grpc_pb");
const engproto = fromProject("@pulumi/pulumi/proto/engine_pb");
const provproto = fromProject("@pulumi/pulumi/proto/provider_pb");

// Pulumi.yaml: only `name` and `main` are needed; both are plain scalars in a project file.
const projectFile = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
const scalar = (key) => new RegExp(`^${key}:\\s*(\\S+)\\s*$`, "m").exec(projectFile)?.[1];
const project = scalar("name");
const program = scalar("main") ?? ".";
// The language host's default (`runtime.options.typescript`, true unless set to false).
const typescript = scalar("typescript") !== "false";
if (project === undefined) {
  throw new Error(`${dir}/Pulumi.yaml has no name`);
}

const config = {};
const secretKeys = [];
for (const { secret, pair } of configFlags) {
  const eq = pair.indexOf("=");
  const key = pair.slice(0, eq);
  const fullKey = key.includes(":") ? key : `${project}:${key}`;
  config[fullKey] = pair.slice(eq + 1);
  if (secret) {
    secretKeys.push(fullKey);
  }
}

// Data-source calls (aws.ec2.getSubnets, ...) are answered by hai's cloud stand-ins, as `hai review`
// answers them (review/engine/mocks.ts, built to dist/: run `npm run build` first).
const { mockCall } = require(path.join(__dirname, "..", "dist", "review", "engine", "mocks.js"));

const registered = [];
const errors = [];
const warnings = [];
let rootUrn = "";

function urnOf(type, name, parentUrn) {
  const parentType = parentUrn ? parentUrn.split("::")[2] : undefined;
  const chain =
    parentType === undefined || parentType === "pulumi:pulumi:Stack"
      ? type
      : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${chain}::${name}`;
}

const monitor = {
  supportsFeature(call, cb) {
    cb(null, new resproto.SupportsFeatureResponse().setHassupport(false));
  },
  registerResource(call, cb) {
    const req = call.request;
    const type = req.getType();
    const urn = urnOf(type, req.getName(), req.getParent());
    registered.push({ urn, type, custom: req.getCustom(), parent: req.getParent() });
    const resp = new resproto.RegisterResourceResponse();
    resp.setUrn(urn);
    // A preview of a new stack: custom resources have no id yet and their outputs are unknown.
    resp.setId("");
    resp.setObject(req.getCustom() ? new Struct() : (req.getObject() ?? new Struct()));
    cb(null, resp);
  },
  registerResourceOutputs(call, cb) {
    cb(null, new Empty());
  },
  readResource(call, cb) {
    const req = call.request;
    const urn = urnOf(req.getType(), req.getName(), req.getParent());
    registered.push({ urn, type: req.getType(), custom: true, read: true });
    cb(null, new resproto.ReadResourceResponse().setUrn(urn).setProperties(new Struct()));
  },
  invoke(call, cb) {
    const req = call.request;
    const inputs = req.getArgs()?.toJavaScript() ?? {};
    const result = JSON.parse(JSON.stringify(mockCall({ token: req.getTok(), inputs }) ?? {}));
    cb(null, new provproto.InvokeResponse().setReturn(Struct.fromJavaScript(result)));
  },
};

const engine = {
  log(call, cb) {
    const req = call.request;
    const text = req.getMessage().trim();
    if (req.getSeverity() === engproto.LogSeverity.ERROR) {
      errors.push(text);
    } else if (req.getSeverity() === engproto.LogSeverity.WARNING) {
      warnings.push(text);
    }
    cb(null, new Empty());
  },
  getRootResource(call, cb) {
    cb(null, new engproto.GetRootResourceResponse().setUrn(rootUrn));
  },
  setRootResource(call, cb) {
    rootUrn = call.request.getUrn();
    cb(null, new engproto.SetRootResourceResponse());
  },
};

async function main() {
  const server = new grpc.Server();
  server.addService(resrpc.ResourceMonitorService, monitor);
  server.addService(engrpc.EngineService, engine);
  const port = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const address = `127.0.0.1:${port}`;
  const run = path.join(pulumiDir, "cmd", "run");
  const args = [
    run,
    "--monitor",
    address,
    "--engine",
    address,
    "--project",
    project,
    "--stack",
    stack,
    "--organization",
    "organization",
    "--parallel",
    "4",
    "--dry-run",
    program,
  ];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify(config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
      PULUMI_NODEJS_TYPESCRIPT: String(typescript),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await new Promise((resolve) =>
    child.on("exit", (c, signal) => resolve(c ?? signal)),
  );
  server.forceShutdown();
  if (code !== 0 || errors.length > 0 || registered.length === 0) {
    process.stderr.write(
      `run-program: ${path.relative(process.cwd(), dir) || "."} (stack ${stack}) failed, exit ${code}, ` +
        `${registered.length} resources registered\n${errors.join("\n")}\n`,
    );
    process.exitCode = 1;
    return;
  }
  const byType = {};
  for (const r of registered) {
    byType[r.type] = (byType[r.type] ?? 0) + 1;
  }
  process.stdout.write(JSON.stringify({ resources: registered.length, byType, warnings }) + "\n");
}

main().catch((err) => {
  process.stderr.write(`run-program: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
