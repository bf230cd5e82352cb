/**
 * `hai review` on real Pulumi files, as a user runs it (test/fixtures/real, sources in SOURCE.md): no
 * crash on `@pulumi/eks` states, nothing secret in any report, failed runs stated first, user path
 * mistakes as exit 2 "cannot write", plain stack names only, a terminal that fits.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, hai } from "./support";

const real = (...p: string[]) => path.join("test", "fixtures", "real", ...p);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hai-cli-real-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `hai <args>` in this process, with the terminal variables unset unless given. */
function run(args: string[], env: Record<string, string> = {}) {
  return hai(args, { env: { NO_COLOR: "", FORCE_COLOR: "", COLUMNS: "", ...env } });
}

describe("real files through the CLI", () => {
  it("reviews a pulumi-eks state (resource references) without crashing, and no credential reaches the JSON", async () => {
    const r = await run([
      "review",
      "--from-state",
      real("state", "eks-managed-nodegroups.json"),
      "--json",
      "-",
      "-q",
    ]);
    expect(r.stderr).not.toContain("internal error");
    expect([0, 1]).toContain(r.code);
    const review = JSON.parse(r.stdout) as {
      outputs: Record<string, unknown>;
      cpuPools: unknown[];
      gpuPools: unknown[];
    };
    expect(r.stdout).not.toContain("5cf8f73096256a8f31e491e813e4eb8e");
    expect(r.stdout).not.toContain("certificate-authority-data");
    expect(review.outputs.kubeconfig).toBe("[redacted]");
    expect(review.gpuPools).toEqual([]);
    expect(review.cpuPools).toHaveLength(5);
  });

  it("a plain-text secretString is a finding but never in a report", async () => {
    for (const flag of ["--json", "--markdown", "--sarif"]) {
      const r = await run([
        "review",
        "--from-state",
        real("state", "aws-secretversion.json"),
        flag,
        "-",
        "-q",
      ]);
      expect(r.stdout).not.toContain("MySecretVersionValue");
    }
  });

  it("a failed preview is stated first and its verdict is incomplete (exit 1)", async () => {
    const r = await run([
      "review",
      "--from-events",
      real("events", "fail-duplicate-alias-preview.json"),
      "--json",
      path.join(tmp, "f.json"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[2]).toBe("THE RUN FAILED: this review is incomplete");
    const review = JSON.parse(fs.readFileSync(path.join(tmp, "f.json"), "utf8")) as {
      policy: { verdict: string };
    };
    expect(review.policy.verdict).toBe("incomplete");
  });

  it("another project's stack named dev does not pick up our stacks/Pulumi.dev.yaml", async () => {
    const r = await run([
      "review",
      "--from-preview",
      real("preview", "up-4.show-sames.json"),
      "--json",
      "-",
      "-q",
    ]);
    const review = JSON.parse(r.stdout) as {
      project: string;
      stack: string;
      stackFile: string;
      input: { config: { applied: boolean; reason: string } };
    };
    expect(review).toMatchObject({ project: "eks", stack: "dev" });
    expect(review.stackFile).toBe(real("preview", "up-4.show-sames.json"));
    expect(review.input.config).toEqual({
      applied: false,
      reason: "the file is project eks, not this project (hybrid-ai)",
    });
  });

  it("a replacement in a preview is a change with its property, counted once", async () => {
    const r = await run([
      "review",
      "--from-preview",
      real("preview", "webserver-userdata.replacement-steps.json"),
      "--markdown",
      "-",
      "-q",
    ]);
    expect(r.stdout).toContain("#### What changes: 1 to replace");
    expect(r.stdout).toMatch(
      /\| \*\*replace\*\* \| `aws:ec2\/instance:Instance` \| `web-server-www` \| `userData: .* \(forces replacement\)`/,
    );
  });
});

describe("user mistakes are exit 2 with a message, leaving nothing behind", () => {
  const state = real("state", "gcp-cluster.json");
  it("cannot write to a folder, under a file, or into /proc", async () => {
    const file = path.join(tmp, "a-file");
    fs.writeFileSync(file, "x");
    for (const [target, why] of [
      [tmp, "it is a folder"],
      [path.join(file, "x.json"), "is a file, not a folder"],
      ["/proc/hai.json", "/proc is a system file system"],
    ] as const) {
      const r = await run(["review", "--from-state", state, "--json", target]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `^hai: cannot write ${target.replace(/[/.]/g, "\\$&")}: .*${why.replace(/[/.]/g, "\\$&")}`,
        ),
      );
    }
    expect(fs.readdirSync(tmp).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("--json - prints the JSON to stdout and writes no file named -", async () => {
    const r = await run(["review", "--from-state", state, "--json", "-", "-q"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ stack: "test", project: "cluster" });
    expect(fs.existsSync(path.join(ROOT, "-"))).toBe(false);
  });

  it("refuses stack names that are not plain names", async () => {
    for (const stack of ["/../../x", "../prod", "a/b"]) {
      const r = await hai(["review", "--stack", stack]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("is not a plain stack name");
    }
  });

  it("checks --base before running the review", async () => {
    const r = await hai(["review", "--stack", "prod", "--base", "no-such-ref"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("running the prod stack program");
  });
});

describe("a terminal that fits", () => {
  it("fits COLUMNS, compact when narrow; colour only when asked, NO_COLOR wins", async () => {
    const wide = await run(["review", "--from-state", real("state", "eks-nodegroup.json"), "-q"], {
      COLUMNS: "80",
    });
    const tableLines = wide.stdout.split("\n").filter((l) => /^[┌│└├]/.test(l));
    expect(tableLines.length).toBeGreaterThan(0);
    expect(Math.max(...tableLines.map((l) => l.length))).toBeLessThanOrEqual(80);
    const narrow = await run(["review", "--from-state", real("state", "gcp-cluster.json"), "-q"], {
      COLUMNS: "50",
    });
    expect(narrow.stdout.split("\n").filter((l) => /^[┌│└├]/.test(l))).toEqual([]);
    expect(
      (
        await run(["review", "--from-state", real("state", "gcp-cluster.json"), "-q"], {
          FORCE_COLOR: "1",
        })
      ).stdout,
    ).toContain("\u001b[");
    expect(
      (
        await run(["review", "--from-state", real("state", "gcp-cluster.json"), "-q"], {
          FORCE_COLOR: "1",
          NO_COLOR: "1",
        })
      ).stdout,
    ).not.toContain("\u001b[");
  });

  it("--help has examples and the exit codes", async () => {
    const r = await hai(["review", "--help"]);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("Exit codes:");
    expect(r.stdout).toContain("--from-events");
  });
});

describe("SARIF locations", () => {
  it("are relative to the repository, never absolute, even for a file given by absolute path", async () => {
    const abs = path.join(ROOT, real("state", "gcp-cluster.json"));
    const r = await run(["review", "--from-state", abs, "--sarif", "-", "-q"]);
    const log = JSON.parse(r.stdout) as {
      runs: Array<{
        results: Array<{
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
        }>;
      }>;
    };
    const uris = log.runs[0].results.map(
      (x) => x.locations[0].physicalLocation.artifactLocation.uri,
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) {
      expect(u).toBe("test/fixtures/real/state/gcp-cluster.json");
    }
  });
});
