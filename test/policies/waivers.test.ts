import { describe, expect, it } from "vitest";
import { readStackFile } from "../../stacks/config/parse";
import { validateStackConfig } from "../../stacks/config/validate";
import { applyWaivers } from "../../review/policy/waivers";
import { checkPolicyConfig } from "../../review/policy/settings";
import { guardrailPolicies } from "../../policies/registry";
import { Provenance } from "../../review/provenance";
import type { PolicyViolation } from "../../review/policy/report";

const BASE = `config:
  hybrid-ai:environment: prod
  hybrid-ai:owner: ml-platform
  hybrid-ai:costCenter: cc-4711
  hybrid-ai:clusters:
    - name: aws-use1
      cloud: aws
      region: us-east-1
      existingClusterName: ml-prod
      subnetIds: [subnet-0a1]
      gpuPools:
        - name: infer
          gpu: l4
          minNodes: 2
          maxNodes: 4
          zones: [us-east-1a, us-east-1b]
        - name: infer-batch
          gpu: l4
          minNodes: 0
          maxNodes: 4
          zones: [us-east-1a]
`;

function stack(policy: string) {
  const file = readStackFile("stacks/Pulumi.test.yaml", "test", BASE + policy);
  return { file, checked: validateStackConfig(file.values, file.locator) };
}

const finding = (over: Partial<PolicyViolation> = {}): PolicyViolation => ({
  policy: "redundancy-pool-require-multi-zone",
  area: "redundancy",
  severity: "high",
  enforcement: "mandatory",
  message: "GPU pool aws-use1-infer-batch runs in 1 zone (us-east-1a); prod pools need at least 2",
  remediation: "fix",
  urn: "urn:pulumi:test::hybrid-ai::hybrid-ai:compute:GpuNodePool$aws:eks/nodeGroup:NodeGroup::aws-use1-infer-batch",
  resourceName: "aws-use1-infer-batch",
  location: { key: "hybrid-ai:clusters[0].gpuPools[1].zones" },
  status: "open",
  ...over,
});

const WAIVER = `  hybrid-ai:policy:
    waivers:
      - policy: redundancy-pool-require-multi-zone
        resource: "*-infer-batch"
        reason: batch jobs tolerate a zone loss
        expires: 2027-03-31
        approvedBy: sre-lead
`;

describe("waivers", () => {
  it("a valid waiver marks the finding waived", () => {
    const { file, checked } = stack(WAIVER);
    expect(checked.problems).toEqual([]);
    const out = applyWaivers([finding()], checked.config!.policy!.waivers!, {
      today: "2026-11-22",
      stack: "test",
      locator: file.locator,
    });
    expect(out).toEqual([
      finding({
        status: "waived",
        waiver: {
          policy: "redundancy-pool-require-multi-zone",
          resource: "*-infer-batch",
          reason: "batch jobs tolerate a zone loss",
          expires: "2027-03-31",
          approvedBy: "sre-lead",
          index: 0,
        },
      }),
    ]);
  });
  it("matches by URN glob too, and holds through its expiry day", () => {
    const { file, checked } = stack(
      WAIVER.replace('"*-infer-batch"', '"urn:pulumi:test::**::aws-use1-infer-batch"'),
    );
    const out = applyWaivers([finding()], checked.config!.policy!.waivers!, {
      today: "2027-03-31",
      stack: "test",
      locator: file.locator,
    });
    expect(out[0].status).toBe("waived");
  });
  it("an expired waiver waives nothing and is a mandatory finding on its config line", () => {
    const { file, checked } = stack(WAIVER);
    const out = applyWaivers([finding()], checked.config!.policy!.waivers!, {
      today: "2027-04-01",
      stack: "test",
      locator: file.locator,
    });
    expect(out).toEqual([
      finding(),
      {
        policy: "policy-waiver-disallow-expired",
        area: "policy",
        severity: "high",
        enforcement: "mandatory",
        message:
          "waiver of redundancy-pool-require-multi-zone for *-infer-batch expired on 2027-03-31 (reason: batch jobs tolerate a zone loss, approved by sre-lead)",
        remediation:
          "Fix the finding the waiver covered and remove the waiver, or renew it with a new `expires` date and approval.",
        location: {
          file: "stacks/Pulumi.test.yaml",
          line: 24,
          column: 9,
          key: "hybrid-ai:policy.waivers[0]",
        },
        status: "open",
      },
    ]);
  });
  it("a waiver that matches nothing is reported", () => {
    const { file, checked } = stack(WAIVER.replace('"*-infer-batch"', "aws-use1-infer-gone"));
    const out = applyWaivers([finding()], checked.config!.policy!.waivers!, {
      today: "2026-11-22",
      stack: "test",
      locator: file.locator,
    });
    expect(out.map((v) => [v.policy, v.enforcement, v.status, v.message])).toEqual([
      ["redundancy-pool-require-multi-zone", "mandatory", "open", finding().message],
      [
        "policy-waiver-disallow-unused",
        "advisory",
        "open",
        "waiver of redundancy-pool-require-multi-zone for aws-use1-infer-gone matches no finding",
      ],
    ]);
  });
  it("a waiver without reason or expiry is a config error with file:line", () => {
    const { checked } = stack(
      WAIVER.replace("        reason: batch jobs tolerate a zone loss\n", "").replace(
        "        expires: 2027-03-31\n",
        "",
      ),
    );
    expect(checked.problems).toEqual([
      {
        file: "stacks/Pulumi.test.yaml",
        line: 24,
        column: 9,
        key: "hybrid-ai:policy.waivers[0].reason",
        message: "is required (a string)",
      },
      {
        file: "stacks/Pulumi.test.yaml",
        line: 24,
        column: 9,
        key: "hybrid-ai:policy.waivers[0].expires",
        message: "is required (a string)",
      },
    ]);
  });
  it("a malformed expiry is a config error", () => {
    const { checked } = stack(WAIVER.replace("2027-03-31", "next spring"));
    expect(checked.problems).toEqual([
      {
        file: "stacks/Pulumi.test.yaml",
        line: 27,
        column: 18,
        key: "hybrid-ai:policy.waivers[0].expires",
        message: 'must be a valid date like 2027-03-31 (got "next spring")',
      },
    ]);
  });
});

describe("policy settings in the stack config", () => {
  it("reports unknown policy names with a suggestion, and settings the policy does not have", () => {
    const { file } = stack(`  hybrid-ai:policy:
    enforcement:
      cost-gpu-limit-per-pol: advisory
    settings:
      cost-gpu-limit-per-pool: { maxGPUs: 8 }
      redundancy-pool-require-min-nodes: { minNodes: "two" }
    waivers:
      - { policy: security-endpoint-disallow-publik, resource: "*", reason: r, expires: 2027-01-01 }
`);
    expect(
      checkPolicyConfig(file.values, file.locator, guardrailPolicies).map(
        (p) => `${p.line}: ${p.key} ${p.message}`,
      ),
    ).toEqual([
      '24: hybrid-ai:policy.enforcement.cost-gpu-limit-per-pol names no policy "cost-gpu-limit-per-pol"; did you mean "cost-gpu-limit-per-pool"?',
      "26: hybrid-ai:policy.settings.cost-gpu-limit-per-pool.maxGPUs is not a setting of cost-gpu-limit-per-pool (settings: environment, secretsRedacted, maxGpus)",
      "27: hybrid-ai:policy.settings.redundancy-pool-require-min-nodes.minNodes must be integer",
      '29: hybrid-ai:policy.waivers[0].policy names no policy "security-endpoint-disallow-publik"; did you mean "security-endpoint-disallow-public"?',
    ]);
  });
  it("budget and allowed regions are validated with file:line", () => {
    const { checked } = stack(`  hybrid-ai:budget: { monthlyUsd: -5 }
  hybrid-ai:allowedRegions: []
`);
    expect(checked.problems.map((p) => `${p.line}: ${p.key} ${p.message}`)).toEqual([
      "22: hybrid-ai:budget.monthlyUsd must be > 0 (got -5)",
      "23: hybrid-ai:allowedRegions must list at least 1 item (got 0)",
    ]);
  });
});

describe("provenance", () => {
  const { file } = stack("");
  const resources = [
    { urn: "u:cluster", name: "aws-use1" },
    { urn: "u:pool", name: "aws-use1-infer-batch", parent: "u:cluster" },
    { urn: "u:tag", name: "aws-use1-infer-batch-asg-tag-0", parent: "u:pool" },
    { urn: "u:role", name: "aws-use1-nodes" },
    { urn: "u:k8s", name: "llm", parent: "u:pool" },
  ];
  const p = new Provenance(file.values, resources);
  it("maps resources to the config entry they derive from, longest name first, then by parent", () => {
    expect(p.pathOf("u:pool")).toEqual(["clusters", 0, "gpuPools", 1]);
    expect(p.pathOf("u:tag")).toEqual(["clusters", 0, "gpuPools", 1]);
    expect(p.pathOf("u:role")).toEqual(["clusters", 0]);
    expect(p.pathOf("u:k8s")).toEqual(["clusters", 0, "gpuPools", 1]);
    expect(p.pathOf("u:unknown")).toEqual([]);
  });
  it("points a policy's finding at the field it is about", () => {
    expect(p.keyFor("redundancy-pool-require-multi-zone", "u:pool")).toEqual([
      "clusters",
      0,
      "gpuPools",
      1,
      "zones",
    ]);
    expect(p.keyFor("cost-pool-require-spot", "u:pool")).toEqual([
      "clusters",
      0,
      "gpuPools",
      1,
      "name",
    ]);
    expect(p.keyFor("cost-gpu-limit-per-stack", undefined)).toEqual(["clusters"]);
  });
});

describe("typos in the guardrail keys", () => {
  it("get a did-you-mean hint with file:line", () => {
    const { checked } = stack(`  hybrid-ai:budget: { monthlyUSD: 100 }
  hybrid-ai:policy:
    waiver: []
`);
    expect(checked.problems.map((p) => `${p.line}: ${p.key} ${p.message}`)).toEqual([
      "22: hybrid-ai:budget.monthlyUsd is required (a number)",
      '22: hybrid-ai:budget.monthlyUSD is not a known key; did you mean "monthlyUsd"? Allowed: monthlyUsd',
      '24: hybrid-ai:policy.waiver is not a known key; did you mean "waivers"? Allowed: enforcement, settings, waivers',
    ]);
  });
});
