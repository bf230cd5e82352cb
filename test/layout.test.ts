/**
 * The architecture as the README's "Layout" section states it: no import cycles (type-only imports
 * included, which ESLint's no-cycle skips), and a policy pack that loads no cloud SDK.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support";

const LAYERS = ["model", "components", "stacks", "policies", "review", "cli"];

/** Every .ts file of the layers, and the project files each one imports (type-only included). */
function importGraph(): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== "node_modules") {
        walk(p);
      } else if (e.isFile() && p.endsWith(".ts")) {
        files.push(p);
      }
    }
  };
  LAYERS.forEach((l) => walk(path.join(ROOT, l)));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    const deps = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => {
        const base = path.resolve(path.dirname(file), spec);
        return [`${base}.ts`, path.join(base, "index.ts"), base].find(
          (c) => fs.existsSync(c) && fs.statSync(c).isFile(),
        );
      })
      .filter((p): p is string => p !== undefined && p.endsWith(".ts"));
    graph.set(file, deps);
  }
  return graph;
}

/** The import cycles of a graph, each as the files around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === "open") {
        found.push(stack.slice(stack.indexOf(d)).map((p) => path.relative(ROOT, p)));
      } else if (state.get(d) === undefined) {
        visit(d);
      }
    }
    stack.pop();
    state.set(f, "done");
  };
  [...graph.keys()].forEach((f) => state.get(f) === undefined && visit(f));
  return found;
}

describe("layout", () => {
  it("has no import cycles, type-only imports included", () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it("finds a type-only cycle when there is one (the check can fail)", () => {
    const a = path.join(ROOT, "model", "a.ts");
    const b = path.join(ROOT, "model", "b.ts");
    const graph = new Map([
      [a, [b]],
      [b, [a]],
    ]);
    expect(cycles(graph)).toEqual([["model/a.ts", "model/b.ts"]]);
  });

  it("loads the policy pack's policies without any cloud SDK", () => {
    const script = `
      require(${JSON.stringify(path.join(ROOT, "bin", "ts-hook.js"))});
      require(${JSON.stringify(path.join(ROOT, "policies", "registry.ts"))});
      const loaded = Object.keys(require.cache);
      process.stdout.write(JSON.stringify({
        clouds: loaded.filter((k) => /node_modules[\\\\/]@pulumi[\\\\/](aws|gcp|kubernetes|azure-native|linode)[\\\\/]/.test(k)).length,
        ours: loaded.filter((k) => !k.includes("node_modules")).map((k) => k.slice(${JSON.stringify(ROOT + path.sep)}.length)),
      }));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    const out = JSON.parse(r.stdout) as { clouds: number; ours: string[] };
    expect(out.clouds).toBe(0);
    expect(
      out.ours.filter((f) => !/^(policies|model)\//.test(f) && f !== "bin/ts-hook.js"),
    ).toEqual([]);
  });

  it("prints `hai --help` without loading Pulumi or a cloud SDK (commands load when they run)", () => {
    const script = `
      require(${JSON.stringify(path.join(ROOT, "bin", "ts-hook.js"))});
      const { main } = require(${JSON.stringify(path.join(ROOT, "cli", "main.ts"))});
      let text = "";
      main(["node", "hai", "--help"], { stdout: (t) => (text += t), stderr: (t) => (text += t) }).then((code) => {
        const sdks = Object.keys(require.cache).filter((k) => /node_modules[\\/]@pulumi[\\/]/.test(k));
        process.stdout.write(JSON.stringify({ code, help: text.includes("review"), sdks: sdks.length }));
      });`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(r.stdout || "{}"), r.stderr).toEqual({ code: 0, help: true, sdks: 0 });
  });
});
