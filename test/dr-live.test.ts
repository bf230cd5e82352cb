import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rehearseCommand } from "../cli/rehearse";
import { rehearseLive, type LiveOptions, type RehearsalStack } from "../review/rehearse/live";
import { rehearseStack, type RehearsalResult } from "../review/rehearse/rehearse";

let offline: RehearsalResult;
beforeAll(async () => {
  offline = await rehearseStack({ stack: "dr-rehearsal" });
});

/** A fake Automation API stack on a fake clock; records every call. */
function fakeWorld(script: {
  upSeconds?: number;
  upFails?: string;
  healthyAfterProbes?: number;
  destroyFails?: string;
  hangUp?: boolean;
}) {
  let clock = Date.parse("2026-11-22T10:00:00Z");
  const calls: string[] = [];
  let releaseUp: (() => void) | undefined;
  let interrupt: (() => void) | undefined;
  let probes = 0;
  const stack: RehearsalStack = {
    async up() {
      calls.push("up");
      if (script.hangUp) {
        await new Promise<void>((resolve) => (releaseUp = resolve));
        throw new Error("update canceled");
      }
      clock += (script.upSeconds ?? 600) * 1000;
      if (script.upFails) {
        throw new Error(script.upFails);
      }
      return {
        outputs: {
          disasterRecovery: { value: { healthCheckUrl: "https://gameday.example/health" } },
        },
      };
    },
    async destroy() {
      calls.push("destroy");
      clock += 120_000;
      if (script.destroyFails) {
        throw new Error(script.destroyFails);
      }
    },
    async cancel() {
      calls.push("cancel");
      releaseUp?.();
    },
  };
  const options: LiveOptions = {
    projectDir: "/project",
    timeoutMs: 5 * 60_000,
    pollIntervalMs: 30_000,
    openStack: async (name, dir) => {
      calls.push(`open ${name} ${dir}`);
      return stack;
    },
    probe: async (url) => {
      calls.push(`probe ${url}`);
      probes += 1;
      return script.healthyAfterProbes !== undefined && probes >= script.healthyAfterProbes;
    },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => {
        calls.push("unregister");
        interrupt = undefined;
      };
    },
  };
  return { calls, options, interrupt: () => interrupt?.() };
}

describe("live rehearsal against a fake workspace", () => {
  it("brings the stack up, waits until healthy, records each timing and destroys it", async () => {
    const world = fakeWorld({ upSeconds: 600, healthyAfterProbes: 3 });
    const live = await rehearseLive(offline, world.options);
    expect(world.calls).toEqual([
      "open dr-rehearsal /project",
      "up",
      "probe https://gameday.example/health",
      "probe https://gameday.example/health",
      "probe https://gameday.example/health",
      "unregister",
      "destroy",
    ]);
    expect(live).toMatchObject({
      upSeconds: 600,
      healthySeconds: 60,
      destroySeconds: 120,
      healthy: true,
      destroyed: true,
    });
    expect(live.error).toBeUndefined();
    // Detection (30 s) and DNS (60 s) as estimated, plus what was measured.
    expect(live.measuredRtoSeconds).toBe(30 + 60 + 600 + 60);
  });

  it("destroys the stack when the deployment fails", async () => {
    const world = fakeWorld({ upFails: "InsufficientInstanceCapacity: g6.xlarge in us-west-2a" });
    const live = await rehearseLive(offline, world.options);
    expect(world.calls).toEqual(["open dr-rehearsal /project", "up", "unregister", "destroy"]);
    expect(live).toMatchObject({ healthy: false, destroyed: true, measuredRtoSeconds: undefined });
    expect(live.error).toBe(
      "pulumi up failed: InsufficientInstanceCapacity: g6.xlarge in us-west-2a",
    );
  });

  it("destroys the stack when the endpoint never gets healthy", async () => {
    const world = fakeWorld({ upSeconds: 60 });
    const live = await rehearseLive(offline, world.options);
    expect(world.calls.filter((c) => c.startsWith("probe"))).toHaveLength(11);
    expect(world.calls.slice(-2)).toEqual(["unregister", "destroy"]);
    expect(live.error).toBe(
      "https://gameday.example/health did not pass its health check within 5 min",
    );
    expect(live).toMatchObject({ healthy: false, destroyed: true });
  });

  it("on interrupt cancels the update, then destroys", async () => {
    const world = fakeWorld({ hangUp: true });
    const running = rehearseLive(offline, world.options);
    await new Promise((r) => setTimeout(r, 10));
    expect(world.calls).toEqual(["open dr-rehearsal /project", "up"]);
    world.interrupt();
    const live = await running;
    expect(world.calls).toEqual([
      "open dr-rehearsal /project",
      "up",
      "cancel",
      "unregister",
      "destroy",
    ]);
    expect(live).toMatchObject({ error: "interrupted", destroyed: true, healthy: false });
  });

  it("names a missing Pulumi CLI and has nothing to destroy", async () => {
    const world = fakeWorld({});
    const live = await rehearseLive(offline, {
      ...world.options,
      openStack: async () => {
        throw new Error(
          "code: -2\n stdout: \n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT",
        );
      },
    });
    expect(live.error).toBe(
      "opening the stack failed: the Pulumi CLI is not installed or not on PATH (see README, Rehearse live)",
    );
    expect(live).toMatchObject({ destroyed: true, healthy: false, upSeconds: undefined });
    expect(world.calls).toEqual(["unregister"]);
  });

  it("says so when clean-up itself fails", async () => {
    const world = fakeWorld({ upFails: "boom", destroyFails: "stack is locked" });
    const live = await rehearseLive(offline, world.options);
    expect(live.destroyed).toBe(false);
    expect(live.error).toBe(
      "pulumi up failed: boom; destroy failed: stack is locked; run `pulumi destroy -s dr-rehearsal`",
    );
  });
});

describe("hai rehearse --live through the command", () => {
  const run = async (script: Parameters<typeof fakeWorld>[0]) => {
    const world = fakeWorld(script);
    const out: string[] = [];
    const runbook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hai-live-")), "gameday.md");
    const code = await rehearseCommand(
      { stack: "dr-rehearsal", live: true, quiet: true, runbook },
      { stdout: (t) => out.push(t), stderr: () => undefined, live: world.options },
    );
    return {
      code,
      stdout: out.join(""),
      runbook: fs.readFileSync(runbook, "utf8"),
      calls: world.calls,
    };
  };

  it("writes the measured RTO beside the estimate", async () => {
    const r = await run({ upSeconds: 900, healthyAfterProbes: 2 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "  RTO 11.9 min <= target 30.0 min: met\n  measured: up 15.0 min, healthy after 30 s, destroy 2.0 min, RTO 17.0 min\n",
    );
    expect(r.runbook).toContain(
      "## Measured (live rehearsal)\n\nup 15.0 min, healthy after 30 s, destroy 2.0 min, RTO 17.0 min",
    );
    expect(r.calls.at(-1)).toBe("destroy");
  });

  it("exits 1 when the measured RTO misses the target, and still destroys", async () => {
    const r = await run({ upSeconds: 1800, healthyAfterProbes: 1 });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  - live rehearsal: the measured RTO exceeds the 30-minute target");
    expect(r.calls.at(-1)).toBe("destroy");
  });
});
