/**
 * Fails loudly if @pulumi/policy's internal analyzer handlers move: hai review evaluates policies
 * through them (review/policy/evaluate.ts), so a version bump that changes them must be caught here.
 */
import { runStackOffline } from "../../review/run/stack";
import { findProject } from "../../review/run/project";
import { crossGuardConfig } from "../../review/policy/settings";
import { describe, expect, it } from "vitest";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { analyzerInternals, evaluatePolicies } from "../../review/policy/evaluate";
import { guardrailPolicies } from "../../policies/registry";
import { UNKNOWN } from "../../policies/lib";
import { version as policyVersion } from "@pulumi/policy/package.json";
import { res } from "./fixtures";

const probe = (
  enforcementLevel: "advisory" | "mandatory",
): ResourceValidationPolicy & { severity: "low"; area: "cost"; remediation: string } => ({
  name: "probe-thing-require-x",
  description: "Probe.",
  enforcementLevel,
  severity: "low",
  area: "cost",
  remediation: "none",
  validateResource: (args, report) => {
    if (args.props.x !== true) {
      report(`resource ${args.name} has x=${String(args.props.x)}`);
    }
  },
});

describe("@pulumi/policy analyzer internals", () => {
  it("are the pinned version's handler factories", () => {
    expect(policyVersion.replace(/^v/, "")).toBe("1.21.0");
    expect(typeof analyzerInternals.makeAnalyzeRpcFun).toBe("function");
    expect(typeof analyzerInternals.makeAnalyzeStackRpcFun).toBe("function");
  });
  it("report violations with the enforcement level the config sets", async () => {
    const r = res("test:index:Thing", "t1", { x: false });
    expect(await evaluatePolicies({ resources: [r], policies: [probe("advisory")] })).toEqual([
      {
        policy: "probe-thing-require-x",
        enforcement: "advisory",
        message: "resource t1 has x=false",
        urn: r.urn,
      },
    ]);
    const mandatory = await evaluatePolicies({
      resources: [r],
      policies: [probe("advisory")],
      config: { "probe-thing-require-x": { enforcementLevel: "mandatory" } },
    });
    expect(mandatory[0].enforcement).toBe("mandatory");
    const off = await evaluatePolicies({
      resources: [r],
      policies: [probe("mandatory")],
      config: { "probe-thing-require-x": { enforcementLevel: "disabled" } },
    });
    expect(off).toEqual([]);
  });
  it("turn values unknown during preview into an advisory 'can't run' diagnostic, as the CLI does", async () => {
    const r = res("test:index:Thing", "t2", { x: UNKNOWN });
    const d = await evaluatePolicies({ resources: [r], policies: [probe("mandatory")] });
    expect(d).toHaveLength(1);
    expect(d[0].enforcement).toBe("advisory");
    expect(d[0].message).toMatch(
      /^can't run policy 'probe-thing-require-x' from policy pack 'hybrid-ai-guardrails@v0\.1\.0' during preview/,
    );
  });
});

describe("decoded Structs", () => {
  it("give the handlers exactly what real protobuf Structs give them", async () => {
    // The prod and edge stacks as captured: every kind of resource and every policy.
    for (const stack of ["prod", "edge-retail", "dev"]) {
      const run = await runStackOffline({ stack, project: findProject(__dirname) });
      const config = crossGuardConfig(run.config, guardrailPolicies, { secretsRedacted: true });
      const options = { resources: run.capture.resources, policies: guardrailPolicies, config };
      const fast = await evaluatePolicies(options);
      const exact = await evaluatePolicies({ ...options, protobufStructs: true });
      expect(fast, stack).toEqual(exact);
    }
    // And on a set that breaks policies, so the comparison covers findings too.
    const broken = [
      res("aws:s3/bucket:Bucket", "models", { bucket: "acme-models" }),
      res("pulumi:providers:kubernetes", "edge", { kubeconfig: "apiVersion: v1" }),
      res("aws:eks/nodeGroup:NodeGroup", "p", {
        instanceTypes: ["p5.48xlarge"],
        scalingConfig: { minSize: 0, maxSize: 99 },
      }),
    ];
    const fast = await evaluatePolicies({ resources: broken, policies: guardrailPolicies });
    expect(fast.length).toBeGreaterThan(2);
    expect(fast).toEqual(
      await evaluatePolicies({
        resources: broken,
        policies: guardrailPolicies,
        protobufStructs: true,
      }),
    );
  });
});

describe("policy registry", () => {
  it("names every policy <area>-<subject>-<verb>-<what> with severity, remediation and an explicit enforcement level", () => {
    const names = guardrailPolicies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of guardrailPolicies) {
      expect(p.name).toMatch(
        new RegExp(`^${p.area}-[a-z0-9]+-(require|disallow|limit|enforce)-[a-z0-9-]+$`),
      );
      expect(p.enforcementLevel).toMatch(/^(advisory|mandatory)$/);
      expect(p.remediation.length).toBeGreaterThan(10);
      expect(p.configSchema?.properties).toBeDefined();
    }
  });
});

describe("a policy that throws", () => {
  it("fails the evaluation with the policy's name and message, no stack trace", async () => {
    const broken = {
      ...probe("mandatory"),
      validateResource: () => {
        throw new Error("boom");
      },
    };
    const err = await evaluatePolicies({
      resources: [res("test:index:Thing", "t3", {})],
      policies: [broken],
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      "policy evaluation failed: Error validating resource with policy 'probe-thing-require-x' from policy pack 'hybrid-ai-guardrails@v0.1.0': Error: boom",
    );
  });
});
