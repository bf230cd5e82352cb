import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET_PLACEHOLDER, readStackFile } from "../stacks/config/parse";
import { formatConfigProblem } from "../stacks/config/problems";
import { validateStackConfig } from "../stacks/config/validate";
import { ROOT } from "./helpers";

const FILE = path.join(ROOT, "stacks", "Pulumi.inline.yaml");

/** Validates YAML text as if it were stacks/Pulumi.inline.yaml; returns the formatted problems. */
function problemsOf(text: string): string[] {
  const file = readStackFile(FILE, "inline", text);
  if (file.problems.length > 0) {
    return file.problems.map(formatConfigProblem);
  }
  return validateStackConfig(file.values, file.locator).problems.map(formatConfigProblem);
}

const HEADER = `config:
  hybrid-ai:environment: prod
  hybrid-ai:owner: ml-platform
  hybrid-ai:costCenter: cc-4711
  hybrid-ai:clusters:
`;

const GOOD_CLUSTER = `    - name: aws-use1
      cloud: aws
      region: us-east-1
      existingClusterName: ml-prod
      subnetIds: [subnet-0a1, subnet-0b2]
      gpuPools:
        - name: infer-l4
          gpu: l4
          minNodes: 2
          maxNodes: 10
          zones: [us-east-1a, us-east-1b]
`;

describe("stack config validation", () => {
  it("accepts a valid config and applies defaults", () => {
    const file = readStackFile(FILE, "inline", HEADER + GOOD_CLUSTER);
    const result = validateStackConfig(file.values, file.locator);
    expect(result.problems).toEqual([]);
    expect(result.config?.clusters[0].gpuPools[0].capacity).toBe("on-demand");
    expect(result.config?.environment).toBe("prod");
  });

  it("accepts both example stacks", () => {
    for (const stack of ["dev", "prod"]) {
      const file = readStackFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), stack);
      expect(validateStackConfig(file.values, file.locator).problems).toEqual([]);
    }
  });

  it("names file, line, key path, found value and the fix for every problem at once", () => {
    const text =
      HEADER +
      GOOD_CLUSTER.replace("minNodes: 2", "minNode: 2\n          minNodes: 4")
        .replace("maxNodes: 10", "maxNodes: 2")
        .replace("zones: [us-east-1a, us-east-1b]", "zones: [us-east-1a, us-west-2b]") +
      `        - name: train
          gpu: h900
          minNodes: 0
          maxNodes: 1
          zones: [us-east-1a]
`;
    expect(problemsOf(text)).toEqual([
      'stacks/Pulumi.inline.yaml:14:11: hybrid-ai:clusters[0].gpuPools[0].minNode is not a known key; did you mean "minNodes"? Allowed: name, gpu, gpusPerNode, instanceTypes, minNodes, maxNodes, desiredNodes, capacity, zones, diskGiB, amiType, schedule',
      "stacks/Pulumi.inline.yaml:16:21: hybrid-ai:clusters[0].gpuPools[0].maxNodes must be >= minNodes (got 2 < 4)",
      'stacks/Pulumi.inline.yaml:17:31: hybrid-ai:clusters[0].gpuPools[0].zones[1] is not a zone of region us-east-1 (got "us-west-2b"); zones of us-east-1 look like us-east-1a',
      'stacks/Pulumi.inline.yaml:19:16: hybrid-ai:clusters[0].gpuPools[1].gpu must be one of t4, a10g, l4, l40s, a100-40gb, a100-80gb, h100, h200 (got "h900")',
    ]);
  });

  it("points a misspelt top-level key at its own line", () => {
    const text = HEADER.replace("hybrid-ai:costCenter", "hybrid-ai:costCentre") + GOOD_CLUSTER;
    expect(problemsOf(text)).toEqual([
      "stacks/Pulumi.inline.yaml:1:1: hybrid-ai:costCenter is required (a string)",
      'stacks/Pulumi.inline.yaml:4:3: hybrid-ai:costCentre is not a known key; did you mean "costCenter"? Allowed: environment, owner, costCenter, clusters, schedules, edgeSites, disasterRecovery, policy, budget, allowedRegions',
    ]);
  });

  it("reports wrong types, bad enums and cluster-level rules", () => {
    const text =
      HEADER +
      GOOD_CLUSTER.replace("cloud: aws", "cloud: azure").replace("minNodes: 2", 'minNodes: "two"') +
      `    - name: gcp-euw4
      cloud: gcp
      region: europe-west4
      existingClusterName: ml-eu
      gpuPools: []
`;
    expect(problemsOf(text)).toEqual([
      'stacks/Pulumi.inline.yaml:7:14: hybrid-ai:clusters[0].cloud must be one of aws, gcp (got "azure")',
      "stacks/Pulumi.inline.yaml:17:7: hybrid-ai:clusters[1].project is required for a GCP cluster: the project id",
      "stacks/Pulumi.inline.yaml:21:7: hybrid-ai:clusters[1].gpuPools must list at least one GPU pool",
    ]);
  });

  it("rejects duplicate cluster names and an amiType on GCP", () => {
    const text =
      HEADER +
      GOOD_CLUSTER +
      GOOD_CLUSTER.replace("cloud: aws", "cloud: aws") +
      `    - name: gcp-euw4
      cloud: gcp
      region: europe-west4
      project: acme
      existingClusterName: ml-eu
      gpuPools:
        - { name: l4, gpu: l4, minNodes: 0, maxNodes: 2, zones: [europe-west4-a], amiType: bottlerocket-nvidia }
`;
    expect(problemsOf(text)).toEqual([
      'stacks/Pulumi.inline.yaml:17:13: hybrid-ai:clusters[1].name repeats cluster name "aws-use1" (first used at clusters[0])',
      "stacks/Pulumi.inline.yaml:34:92: hybrid-ai:clusters[2].gpuPools[0].amiType applies to AWS only; GKE picks the node image",
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(problemsOf("config:\n  hybrid-ai:owner: [a\n")[0]).toMatch(
      /^stacks\/Pulumi\.inline\.yaml:\d+:\d+: \(yaml\) /,
    );
  });

  it("accepts secure values and never shows them", () => {
    const text =
      HEADER.replace(
        "hybrid-ai:owner: ml-platform",
        "hybrid-ai:owner:\n    secure: v1:c2VjcmV0LW93bmVy",
      ) + GOOD_CLUSTER;
    const file = readStackFile(FILE, "inline", text);
    expect(file.secretKeys).toEqual(["hybrid-ai:owner"]);
    expect(file.values.owner).toBe(SECRET_PLACEHOLDER);
    expect(JSON.stringify(file.engineConfig)).not.toContain("c2VjcmV0");
    const bad = readStackFile(
      FILE,
      "inline",
      text.replace("hybrid-ai:clusters:", "hybrid-ai:clusters: 3\n  hybrid-ai:x:"),
    );
    const out = validateStackConfig(bad.values, bad.locator)
      .problems.map(formatConfigProblem)
      .join("\n");
    expect(out).not.toContain("c2VjcmV0");
  });
});
