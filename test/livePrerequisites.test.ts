/** `hai rehearse --live` checks what it needs before it creates anything, and asks first. */
import { describe, expect, it } from "vitest";
import { checkLivePrerequisites, type Runner } from "../review/rehearse/prerequisites";
import { rehearseCommand } from "../cli/rehearse";
import { hai } from "./support";

const ok: Runner = (_cmd, args) =>
  args[0] === "version"
    ? { code: 0, stdout: "v3.200.0\n", stderr: "" }
    : { code: 0, stdout: "User: ann\nBackend URL: file://~\n", stderr: "" };

describe("live prerequisites", () => {
  it("names every missing piece at once", () => {
    const missing: Runner = () => ({ code: null, stdout: "", stderr: "", missing: true });
    const r = checkLivePrerequisites({
      clouds: ["aws", "gcp"],
      projectDir: ".",
      run: missing,
      env: {},
      exists: () => false,
      home: "/nohome",
    });
    expect(r.problems).toEqual([
      "the Pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/install/) and run again",
      "no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws configure`",
      "no Google Cloud credentials: run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS",
    ]);
  });
  it("passes with the CLI, a backend and credentials", () => {
    const r = checkLivePrerequisites({
      clouds: ["aws"],
      projectDir: ".",
      run: ok,
      env: { AWS_PROFILE: "x" },
      exists: () => false,
    });
    expect(r.problems).toEqual([]);
    expect(r.found).toEqual([
      "Pulumi CLI v3.200.0",
      "Pulumi backend file://~",
      "AWS credentials (environment)",
    ]);
  });
  it("a backend not logged in is a problem", () => {
    const noLogin: Runner = (_cmd, args) =>
      args[0] === "version"
        ? { code: 0, stdout: "v3\n", stderr: "" }
        : { code: 255, stdout: "", stderr: "error: PULUMI_ACCESS_TOKEN must be set\n" };
    expect(
      checkLivePrerequisites({ clouds: [], projectDir: ".", run: noLogin, env: {} }).problems[0],
    ).toMatch(/^no Pulumi backend: run `pulumi login`/);
  });
});

describe("hai rehearse --live before anything is created", () => {
  const io = (err: string[]) => ({
    stdout: () => undefined,
    stderr: (t: string) => void err.push(t),
  });
  it("exits 2 when it cannot start, naming what is missing", async () => {
    const r = await hai([
      "rehearse",
      "--stack",
      "dr-rehearsal",
      "--live",
      "-q",
      "--runbook",
      "/tmp/hai-live-rb.md",
    ]);
    // Without the Pulumi CLI on this machine, or its credentials, the game day does not start.
    expect(r.code, r.stderr).toBe(2);
    // (On a machine that has them all, it stops at the question instead: stdin is not a terminal.)
    expect(r.stderr).toMatch(/^hai: (--live cannot start:\n {2}- |.*pass --yes to go on)/);
  });

  it("asks before creating paid resources unless --yes; off a terminal it needs --yes", async () => {
    const pre = () => ({ found: ["all"], problems: [] });
    await expect(
      rehearseCommand(
        { stack: "dr-rehearsal", live: true, quiet: true, runbook: "/tmp/hai-live-rb.md" },
        { ...io([]), prerequisites: pre, interactive: false },
      ),
    ).rejects.toThrow(/creates paid resources in .* Not on a terminal: pass --yes to go on/);
    await expect(
      rehearseCommand(
        { stack: "dr-rehearsal", live: true, quiet: true, runbook: "/tmp/hai-live-rb.md" },
        { ...io([]), prerequisites: pre, interactive: true, confirm: async () => false },
      ),
    ).rejects.toThrow("--live cancelled: nothing was created");
  });
});
