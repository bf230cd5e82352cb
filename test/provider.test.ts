/**
 * The component package other languages use (`pulumi package add`): the provider host is started as
 * the Node.js plugin runner starts it (package name from package.json, the package folder as its
 * directory, the component classes the package's `main` module exports), and asked for its schema over
 * gRPC, as the Pulumi CLI asks before it generates a Python, Go or YAML SDK. Offline: no Pulumi CLI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest, type GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../package.json";

const ROOT = path.resolve(__dirname, "..");

/** What @pulumi/pulumi/cmd/run-plugin does with the plugin folder, with esbuild loading the sources. */
const HOST = `
const { componentProviderHost, getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
const { readPackageManifest } = require("@pulumi/pulumi/runtime/manifest");
const dir = process.cwd();
const name = readPackageManifest(dir).data.name;
componentProviderHost({ name, dirname: dir, components: getPulumiComponents(require("./provider")) });
`;

interface Property {
  type?: string;
  $ref?: string;
  items?: Property;
  additionalProperties?: Property;
  description?: string;
}
interface Schema {
  name: string;
  version: string;
  resources: Record<
    string,
    {
      isComponent: boolean;
      inputProperties: Record<string, Property>;
      requiredInputs: string[];
      properties: Record<string, Property>;
      description?: string;
    }
  >;
  types: Record<
    string,
    {
      type: string;
      enum?: { name: string; value: string }[];
      properties?: Record<string, Property>;
      required?: string[];
    }
  >;
}

let host: ChildProcess;
let schema: Schema;

beforeAll(async () => {
  host = spawn(process.execPath, ["--require", path.join(ROOT, "bin", "ts-hook.js"), "-e", HOST], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  host.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    host.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    host.once("exit", (code) => reject(new Error(`provider host exited ${code}: ${stderr}`)));
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const response = await new Promise<GetSchemaResponse>((resolve, reject) =>
    client.getSchema(new GetSchemaRequest(), (err, resp) =>
      err || resp === undefined ? reject(err ?? new Error(stderr)) : resolve(resp),
    ),
  );
  client.close();
  schema = JSON.parse(response.getSchema()) as Schema;
}, 180_000);

afterAll(() => {
  host?.kill();
});

const token = (name: string) => `${pkg.name}:index:${name}`;
const typeOf = (p: Property | undefined) => {
  const ref = p?.$ref?.replace(/^#\/types\//, "");
  return ref === undefined ? undefined : schema.types[ref];
};

describe("component package schema (GetSchema over gRPC)", () => {
  it("describes the components other languages use, and only those", () => {
    expect(schema.name).toBe("hybrid-ai-infra");
    expect(schema.version).toBe(pkg.version);
    expect(Object.keys(schema.resources).sort()).toEqual(
      [
        "AutoscalingPolicy",
        "EdgeInferenceSite",
        "GpuCluster",
        "GpuNodePool",
        "ShutdownSchedule",
      ].map(token),
    );
    for (const r of Object.values(schema.resources)) {
      expect(r.isComponent).toBe(true);
      expect(r.description).toBeTruthy();
    }
  });

  it("GpuNodePool: its args with closed sets as enums, required ones required, TSDoc as descriptions", () => {
    const pool = schema.resources[token("GpuNodePool")]!;
    expect(pool.requiredInputs).toEqual(
      expect.arrayContaining(["cloud", "region", "gpu", "minNodes", "maxNodes", "zones"]),
    );
    expect(pool.requiredInputs).toEqual(expect.arrayContaining(["clusterName", "costAllocation"]));
    expect(pool.requiredInputs).not.toContain("capacity");
    expect(typeOf(pool.inputProperties.gpu)?.enum?.map((e) => e.value)).toEqual([
      "t4",
      "a10g",
      "l4",
      "l40s",
      "a100-40gb",
      "a100-80gb",
      "h100",
      "h200",
      "h100-nvl",
      "rtx4000-ada",
      "rtx6000",
      "rtxpro6000",
    ]);
    expect(typeOf(pool.inputProperties.capacity)?.enum?.map((e) => e.value)).toEqual([
      "on-demand",
      "spot",
    ]);
    expect(typeOf(pool.inputProperties.cloud)?.enum?.map((e) => e.value)).toEqual([
      "aws",
      "gcp",
      "azure",
      "akamai",
      "onprem",
    ]);
    expect(typeOf(pool.inputProperties.provisioner)?.enum?.map((e) => e.value)).toEqual([
      "node-group",
      "karpenter",
    ]);
    expect(typeOf(pool.inputProperties.gpuDriver)?.enum?.map((e) => e.value)).toEqual([
      "aks",
      "gpu-operator",
    ]);
    expect(pool.inputProperties.nodes).toMatchObject({ type: "array", items: { type: "string" } });
    expect(Object.keys(typeOf(pool.inputProperties.sharing)!.properties!).sort()).toEqual([
      "mig",
      "timeSlicing",
    ]);
    expect(typeOf(pool.inputProperties.hardware)?.required).toEqual([
      "amortizeYears",
      "purchaseUsd",
      "purchasedOn",
    ]);
    // The Kubernetes provider of on-prem and Karpenter pools is a resource option, not an arg.
    expect(pool.inputProperties.k8sProvider).toBeUndefined();
    expect(pool.inputProperties.zones).toMatchObject({ type: "array", items: { type: "string" } });
    expect(pool.inputProperties.diskGiB).toMatchObject({ type: "number" });
    expect(pool.inputProperties.diskGiB!.description).toBe("Boot disk size per node.");
    const cost = typeOf(pool.inputProperties.costAllocation)!;
    expect(cost.required).toEqual(["costCenter", "environment", "owner", "stack"]);
    expect(typeOf(cost.properties!.environment)?.enum?.map((e) => e.value)).toEqual([
      "dev",
      "staging",
      "prod",
    ]);
    expect(Object.keys(pool.properties)).toEqual(
      expect.arrayContaining(["nodePoolName", "gpu", "gpusPerNode", "capacity", "instanceTypes"]),
    );
  });

  it("ShutdownSchedule: one target object with a member per backend", () => {
    const schedule = schema.resources[token("ShutdownSchedule")]!;
    expect(schedule.requiredInputs).toEqual(["schedule", "scheduleName", "target"]);
    const target = typeOf(schedule.inputProperties.target)!;
    expect(Object.keys(target.properties!).sort()).toEqual([
      "aksNodePool",
      "awsNodeGroup",
      "gkeNodePool",
      "karpenterNodePool",
      "kubernetes",
    ]);
    expect(target.required).toEqual([]);
    const spec = typeOf(schedule.inputProperties.schedule)!;
    expect(spec.properties!.on).toMatchObject({ type: "array", items: { type: "string" } });
    expect(schedule.inputProperties.now).toMatchObject({ type: "string" });
  });

  it("EdgeInferenceSite: models as a list of objects, hardware and server as enums", () => {
    const site = schema.resources[token("EdgeInferenceSite")]!;
    expect(typeOf(site.inputProperties.hardware)?.enum?.map((e) => e.value)).toContain(
      "jetson-orin",
    );
    expect(site.inputProperties.models!.type).toBe("array");
    const model = typeOf(site.inputProperties.models!.items)!;
    expect(typeOf(model.properties!.server)?.enum?.map((e) => e.value)).toEqual([
      "vllm",
      "triton",
      "llamacpp",
    ]);
    expect(Object.keys(site.properties).sort()).toEqual(["deployments", "namespace"]);
  });
});
