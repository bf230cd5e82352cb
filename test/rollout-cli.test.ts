/**
 * `hai rollout` as a user runs it: `plan` on the edge-retail stack and on a generated 500-site fleet
 * (timed as a whole process), `--base` against a git commit, config problems with file and line, and
 * `run` on edge-retail against a fake workspace and a fake Prometheus with a failing canary.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rolloutRunCommand } from "../cli/rollout";
import { groupStackName, type FleetSite } from "../model/rollout/plan";
import { fleetSites, loadFleet } from "../review/rollout/fleet";
import { findProject } from "../review/run/project";
import { ROOT, hai } from "./support";
import { FakeBackend, fakePrometheus, fleetStackYaml } from "./support/fakeFleet";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hai-rollout-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function stacksDir(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe("hai rollout plan", () => {
  it("shows the edge-retail waves: a canary store, then the rest, through the group stacks", async () => {
    const r = await hai(["rollout", "plan", "--stack", "edge-retail"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Rollout of edge-retail (");
    expect(r.stdout).toContain(
      "4 sites in 2 waves, 3 group stacks; soak 30 min; gates: error rate <= 1%, p95 latency <= 800 ms",
    );
    expect(r.stdout).toContain("Wave 1 (1 site): 1 site in 1 stack");
    expect(r.stdout).toMatch(
      /│ store-berlin-01 │ edge-retail\.eu-stores │ \+ support-chat meta-llama\/Llama-3\.1-8B-Instruct@0e9e39f/,
    );
    expect(r.stdout).toContain("Wave 2 (100%): 3 sites in 3 stacks");
  });

  it("plans a generated 500-site fleet in seconds, as a whole process, with a one-site canary", async () => {
    const dir = stacksDir("fleet500", {
      "Pulumi.fleet500.yaml": fleetStackYaml(500, 5, "0e9e39f"),
    });
    const json = path.join(tmp, "plan500.json");
    const usageDir = fs.mkdtempSync(path.join(tmp, "usage500-"));
    // CPU time of the process itself (start-up included): wall time depends on what else runs.
    const r = spawnSync(
      process.execPath,
      [
        "--require",
        path.join(ROOT, "bench", "usage.js"),
        path.join(ROOT, "bin", "hai.js"),
        "rollout",
        "plan",
        "--stack",
        "fleet500",
        "--stacks-dir",
        dir,
        "--json",
        json,
      ],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, HAI_BENCH_USAGE_DIR: usageDir } },
    );
    expect(r.status, r.stderr).toBe(0);
    const { plan } = JSON.parse(fs.readFileSync(json, "utf8")) as {
      plan: { waves: Array<{ sites: Array<{ site: string }>; stacks: string[] }> };
    };
    expect(plan.waves.map((w) => w.sites.length)).toEqual([1, 124, 375]);
    expect(plan.waves[0].sites[0].site).toBe("store-0001");
    expect(plan.waves[2].stacks).toHaveLength(75);
    const usage = path.join(usageDir, `${r.pid}.json`); // bench/usage.js: one file per process
    const { cpuSeconds } = JSON.parse(fs.readFileSync(usage, "utf8")) as { cpuSeconds: number };
    expect(cpuSeconds).toBeLessThan(10);
  });

  it("with --base, plans only the sites whose models changed since that commit", async () => {
    const dir = stacksDir("based", { "Pulumi.fleet.yaml": fleetStackYaml(20, 5, "0e9e39f") });
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    git("init", "-q");
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "fleet at 0e9e39f");
    fs.writeFileSync(
      path.join(dir, "Pulumi.fleet.yaml"),
      fleetStackYaml(20, 5, "0e9e39f", 8, "1a2b3c4"),
    );
    const r = await hai([
      "rollout",
      "plan",
      "--stack",
      "fleet",
      "--stacks-dir",
      dir,
      "--base",
      "HEAD",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("8 sites in 3 waves");
    expect(r.stdout).toMatch(/Compared with HEAD \([0-9a-f]{12}\): 12 unchanged/);
    expect(r.stdout).toContain(
      "~ support-chat meta-llama/Llama-3.1-8B-Instruct@0e9e39f -> @1a2b3c4",
    );
    expect(r.stdout).not.toContain("store-0009");
  });

  it("reports rollout config problems with file, line and the fix", async () => {
    const text = fleetStackYaml(3, 5, "0e9e39f")
      .replace(
        "waves: [{ sites: 1 }, { percent: 25 }, { percent: 100 }]",
        "waves: [{ sites: 1 }, { percent: 50 }]",
      )
      .replace(
        "prometheusUrl: https://prometheus.{site}.edge.acme.example",
        "prometheusUrl: https://prometheus.example",
      )
      .replace("      group: g001\n", "      group: EU_Stores\n");
    const dir = stacksDir("bad", { "Pulumi.bad.yaml": text });
    const r = await hai(["rollout", "plan", "--stack", "bad", "--stacks-dir", dir]);
    expect(r.code).toBe(2);
    const file = path.relative(ROOT, path.join(dir, "Pulumi.bad.yaml"));
    expect(r.stderr).toContain(
      `${file}:15:27: hybrid-ai:rollout.waves[1] must be { percent: 100 } so the last wave reaches every site (got {"percent":50})`,
    );
    expect(r.stderr).toContain(
      `${file}:18:20: hybrid-ai:rollout.prometheusUrl must name each site's Prometheus with {site}`,
    );
    expect(r.stderr).toMatch(
      new RegExp(
        `${file.replace(/[.]/g, "\\.")}:21:14: hybrid-ai:edgeSites\\[0\\]\\.group must be lowercase letters, digits and hyphens`,
      ),
    );
  });
});

describe("hai rollout run on edge-retail (fake workspace, fake Prometheus)", () => {
  it("says what is missing, without a stack trace, when the Pulumi CLI is not installed", async () => {
    const r = await hai(["rollout", "run", "--stack", "edge-retail", "-q"], {
      env: { PATH: path.dirname(process.execPath) },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "hai: hai rollout run drives the group stacks through the Pulumi CLI: install it (https://www.pulumi.com/docs/install/) and log in to the team's backend\n",
    );
  });

  it("stops after a failing canary and restores the previous revision there", async () => {
    const project = findProject(ROOT);
    const target = fleetSites(loadFleet(project, "edge-retail"));
    // Deployed before: support-chat one revision back everywhere it runs.
    const before: FleetSite[] = target.map((s) => ({
      ...s,
      models: s.models.map((m) => (m.name === "support-chat" ? { ...m, revision: "5f0b02c" } : m)),
    }));
    const clock = { now: Date.parse("2026-11-30T02:00:00Z") };
    const backend = new FakeBackend(
      {
        "hybrid-ai:edgeSites": {
          value: JSON.stringify(target.map((s) => ({ ...s, kubeconfig: "kc" }))),
          secret: true,
        },
      },
      clock,
    );
    for (const group of new Set(before.map((s) => s.group))) {
      backend.seed(
        groupStackName("edge-retail", group),
        before.filter((s) => s.group === group),
      );
    }
    const prometheus = await fakePrometheus((site) =>
      site === "store-berlin-01"
        ? { errorRatePercent: 7.5, p95LatencyMs: 420 }
        : { errorRatePercent: 0, p95LatencyMs: 300 },
    );
    const out: string[] = [];
    try {
      const code = await rolloutRunCommand(
        { stack: "edge-retail", quiet: true },
        {
          stdout: (t) => out.push(t),
          stderr: () => undefined,
          run: {
            workspace: backend.workspace(),
            prometheusUrl: prometheus.url,
            now: () => clock.now,
            sleep: async (ms) => {
              clock.now += ms;
            },
            onInterrupt: () => () => undefined,
          },
        },
      );
      expect(code).toBe(1);
    } finally {
      await prometheus.close();
    }
    const text = out.join("");
    expect(text).toContain("Rollout ");
    expect(text).toContain(": halted");
    expect(text).toMatch(/store-berlin-01 │ eu-stores │ rolled-back │ yes/);
    expect(text).toContain(
      "wave 1 failed (store-berlin-01: error rate 7.5% > 1%); its sites were rolled back",
    );
    expect(backend.ups().map((u) => [u.stack, u.sites["store-berlin-01"]])).toEqual([
      ["edge-retail.eu-stores", "support-chat@0e9e39f,shelf-vision@2026-11-01"],
      ["edge-retail.eu-stores", "support-chat@5f0b02c,shelf-vision@2026-11-01"],
    ]);
    expect(
      backend.deployed("store-berlin-01")?.models.find((m) => m.name === "support-chat")?.revision,
    ).toBe("5f0b02c");
  });
});
