/**
 * Program runs kept in HAI_RUN_CACHE (review/engine/runCache.ts): a run of the same program, config
 * and files is answered from the folder, anything that changes what the program sees runs it again,
 * failed runs are never kept; and a program runs without stack traces unless it fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findProject, stackConfigMap } from "../review/run/project";
import { runProgram, runnerArguments } from "../review/engine/run";
import { RUN_CACHE_ENV, cachedRun, runKey, type CachedRun } from "../review/engine/runCache";
import { ROOT, scratchDir } from "./support";

const scratch = scratchDir("hai-run-cache-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A project folder of its own with one program file. */
function project(name: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(path.join(dir, "node_modules", "x"), { recursive: true });
  fs.writeFileSync(path.join(dir, "index.js"), "module.exports = 1;\n");
  return dir;
}

const run = (resources: number): CachedRun => ({
  resources: Array.from({ length: resources }, (_, i) => ({
    urn: `urn:pulumi:dev::p::t::r${i}`,
    type: "t",
    name: `r${i}`,
    custom: true,
    inputs: {},
    secretPaths: [],
    dependencies: [],
    protect: false,
  })),
  outputs: {},
  registered: resources,
  logs: [],
  messages: ["warning: kept"],
});

describe("the key of a program run", () => {
  const root = project("keyed");
  const base = {
    args: ["run.js", "--stack", "dev", "."],
    cwd: root,
    env: { PULUMI_CONFIG: '{"p:config:size":"1"}' },
    root,
  };

  it("is the same for the same run, whichever test worker asks", () => {
    expect(runKey(base)).toBe(runKey({ ...base }));
    expect(runKey({ ...base, env: { ...base.env, VITEST_WORKER_ID: "2" } })).toBe(runKey(base));
  });

  it("changes with the command line, the config, the environment and the program's files", () => {
    const before = runKey(base);
    expect(runKey({ ...base, args: ["run.js", "--stack", "prod", "."] })).not.toBe(before);
    expect(runKey({ ...base, env: { PULUMI_CONFIG: '{"p:config:size":"2"}' } })).not.toBe(before);
    expect(runKey({ ...base, env: { ...base.env, HAI_EDGE_EVERY_SITE: "true" } })).not.toBe(before);
    fs.writeFileSync(path.join(root, "index.js"), "module.exports = 22;\n");
    expect(runKey(base)).not.toBe(before);
  });

  it("leaves out node_modules and hidden folders", () => {
    const before = runKey(base);
    fs.writeFileSync(path.join(root, "node_modules", "x", "index.js"), "changed");
    fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
    fs.writeFileSync(path.join(root, ".cache", "y"), "changed");
    expect(runKey(base)).toBe(before);
  });
});

describe("kept runs", () => {
  it("runs once, then answers from the folder", async () => {
    const dir = path.join(scratch, "kept");
    let runs = 0;
    const first = await cachedRun(dir, "k1", () => Promise.resolve((runs++, run(2))));
    const second = await cachedRun(dir, "k1", () => Promise.resolve((runs++, run(3))));
    expect(runs).toBe(1);
    expect(first.hit).toBe(false);
    expect(second).toEqual({ run: run(2), hit: true });
    expect(fs.readdirSync(dir)).toEqual(["k1.json"]);
    // What a program registered, plain-text values included, is for the user only.
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, "k1.json")).mode & 0o777).toBe(0o600);
  });

  it("runs once when two callers ask at the same time", async () => {
    const dir = path.join(scratch, "together");
    let runs = 0;
    const slow = () =>
      new Promise<CachedRun>((resolve) => {
        runs++;
        setTimeout(() => resolve(run(1)), 200);
      });
    const [a, b] = await Promise.all([cachedRun(dir, "k", slow), cachedRun(dir, "k", slow)]);
    expect(runs).toBe(1);
    expect(a.run).toEqual(b.run);
    expect([a.hit, b.hit].sort()).toEqual([false, true]);
  });

  it("never keeps a failed run: the next caller runs the program again", async () => {
    const dir = path.join(scratch, "failed");
    await expect(cachedRun(dir, "k", () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    expect(fs.readdirSync(dir)).toEqual([]);
    const again = await cachedRun(dir, "k", () => Promise.resolve(run(1)));
    expect(again.hit).toBe(false);
  });
});

describe("a real program under HAI_RUN_CACHE", () => {
  it("is run once; the second review gets the same graph and the same messages", async () => {
    const dir = path.join(scratch, "program");
    const saved = process.env[RUN_CACHE_ENV];
    process.env[RUN_CACHE_ENV] = dir;
    try {
      const project = findProject(path.join(ROOT, "test", "fixtures", "programs", "plain-js"));
      const { config, secretKeys } = stackConfigMap(project, "dev");
      const messages: string[][] = [[], []];
      const run = (heard: string[]) =>
        runProgram({ project, stack: "dev", config, secretKeys, onMessage: (m) => heard.push(m) });
      const first = await run(messages[0]);
      const second = await run(messages[1]);
      expect(second).toEqual(first);
      expect(second.resources.map((r) => r.type)).toContain("gcp:container/nodePool:NodePool");
      expect(messages[1]).toEqual(messages[0]);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    } finally {
      if (saved === undefined) {
        delete process.env[RUN_CACHE_ENV];
      } else {
        process.env[RUN_CACHE_ENV] = saved;
      }
    }
  });
});

describe("stack traces", () => {
  const project = findProject(path.join(ROOT, "test", "fixtures", "programs", "plain-js"));
  const options = { project, stack: "dev", config: {} };

  it("are off while a program runs (Pulumi's runtime formats one per promise), on to explain a failure", () => {
    expect(runnerArguments(options, "run.js", "a", "none").args[0]).toBe("--stack-trace-limit=0");
    expect(runnerArguments(options, "run.js", "a", "full").args).not.toContain(
      "--stack-trace-limit=0",
    );
  });

  it("leave a project's own node arguments last, so they win", () => {
    const own = {
      ...options,
      project: { ...project, runtimeOptions: { nodeargs: "--stack-trace-limit=50" } },
    };
    expect(runnerArguments(own, "run.js", "a", "none").args.slice(0, 3)).toEqual([
      "--stack-trace-limit=0",
      "--stack-trace-limit=50",
      "run.js",
    ]);
  });
});
