/** The failover runbook an SRE can run at 3 a.m. (prod's, rendered from the offline rehearsal). */
import { beforeAll, describe, expect, it } from "vitest";
import { rehearseStack, type RehearsalResult } from "../review/rehearse/rehearse";
import { renderRunbook } from "../review/rehearse/report";

let r: RehearsalResult;
let md: string;
beforeAll(async () => {
  r = await rehearseStack({ stack: "prod" });
  md = renderRunbook(r);
}, 120_000);

/** The shell lines of the runbook's code blocks. */
const shell = () =>
  [...md.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1].split("\n").map((l) => l.trim()))
    .filter(Boolean);

describe("prod runbook", () => {
  it("has no placeholders: every command is copy-pasteable with real names and a region", () => {
    for (const line of shell()) {
      expect(line, line).not.toMatch(/<[^>]+>/);
    }
    expect(md).toContain(
      "aws eks update-kubeconfig --region us-west-2 --name aws-usw2 --alias aws-usw2",
    );
    for (const line of shell().filter((l) => l.startsWith("aws eks") || l.includes("aws eks "))) {
      expect(line, line).toContain("--region ");
    }
  });

  it("never shrinks what the autoscaler added: reads the size, raises the minimum and desired only", () => {
    expect(md).toContain(
      `--scaling-config "minSize=2,maxSize=10,desiredSize=$(( NOW > 2 ? NOW : 2 ))"`,
    );
    expect(md).not.toMatch(/desiredSize=\d+[, ]/);
  });

  it("runs the steps in order: capacity first, then the config committed, then pulumi up", () => {
    const raise = md.indexOf("aws eks update-nodegroup-config");
    const commit = md.indexOf("git add stacks/Pulumi.prod.yaml && git commit");
    const up = md.indexOf("pulumi up -s prod");
    expect(raise).toBeGreaterThan(0);
    expect(commit).toBeGreaterThan(raise);
    expect(up).toBeGreaterThan(commit);
  });

  it("offers --target only where it works: prod's program calls us-east-1 on every run", () => {
    expect(r.runbookNames?.targetBlocked).toMatch(/manages \d+ resource\(s\) in us-east-1/);
    expect(md).not.toContain("--target ");
    expect(md).toContain("`pulumi up --target` does not help here");
  });

  it("checks the rollback the same way as the failover", () => {
    const rollback = md.slice(md.indexOf("## Rollback"));
    expect(rollback).toContain(
      "curl -fsS --max-time 10 https://inference-aws-use1.ai.example.com/health   # passes",
    );
    expect(rollback).toContain("aws route53 get-health-check-status");
    expect(rollback).toContain("git add stacks/Pulumi.prod.yaml && git commit");
  });
});
