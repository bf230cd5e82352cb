/** The PR workflow and the reusable action: pinned actions, a supported Node LTS, forks handled. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..");
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");
const uses = (text: string) => [...text.matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]);

describe("action.yml and the workflows", () => {
  const action = parse(read("action.yml")) as {
    runs: { using: string; steps: Array<{ uses?: string; with?: Record<string, string> }> };
    inputs: Record<string, { default?: string }>;
  };
  const files = [
    "action.yml",
    ".github/workflows/review.yml",
    ".github/workflows/review-comment.yml",
  ];

  it("pins every action by a full commit SHA", () => {
    for (const f of files) {
      for (const u of uses(read(f)).filter((x) => x !== "./")) {
        expect(u, `${f}: ${u}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      }
    }
  });

  it("is a composite action with working directory, stacks and base inputs on a supported Node LTS", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(["working-directory", "stacks", "base", "node-version", "mode"]),
    );
    expect(["22", "24"]).toContain(action.inputs["node-version"].default);
  });

  it("handles forks: no comment or SARIF upload with a read-only token, a workflow_run follow-up instead", () => {
    const text = read("action.yml");
    expect(text).toContain("steps.rights.outputs.fork != 'true'");
    expect(text).toContain("name: hai-review-comments");
    const follow = parse(read(".github/workflows/review-comment.yml")) as {
      on: { workflow_run: { workflows: string[] } };
    };
    expect(follow.on.workflow_run.workflows).toEqual(["hai review"]);
  });

  it("the repository's own workflow uses the action, in a concurrency group", () => {
    const wf = parse(read(".github/workflows/review.yml")) as {
      concurrency: { group: string; "cancel-in-progress": boolean };
      jobs: { review: { steps: Array<{ uses?: string }> } };
    };
    expect(wf.concurrency.group).toContain("github.event.pull_request.number");
    expect(wf.jobs.review.steps.map((s) => s.uses)).toContain("./");
  });
});
