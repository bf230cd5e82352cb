import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET_PLACEHOLDER, readStackFile } from "../stacks/config/parse";
import { formatConfigProblem } from "../stacks/config/problems";
import { validateStackConfig } from "../stacks/config/validate";
import { ROOT, checkStackFile, checkStackText, configMessages } from "./support";

const FILE = path.join(ROOT, "stacks", "Pulumi.inline.yaml");

/** Validates YAML text as if it were stacks/Pulumi.inline.yaml; returns the formatted problems. */
const problemsOf = (text: string): string[] => configMessages(text, FILE);

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
    const result = checkStackText(HEADER + GOOD_CLUSTER, FILE);
    expect(result.problems).toEqual([]);
    expect(result.config?.clusters[0].gpuPools[0].capacity).toBe("on-demand");
    expect(result.config?.environment).toBe("prod");
  });

  it("accepts both example stacks", () => {
    for (const stack of ["dev", "prod"]) {
      expect(checkStackFile(stack).problems).toEqual([]);
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
      'stacks/Pulumi.inline.yaml:14:11: hybrid-ai:clusters[0].gpuPools[0].minNode is not a known key; did you mean "minNodes"? Allowed: name, gpu, gpusPerNode, instanceTypes, minNodes, maxNodes, desiredNodes, capacity, zones, diskGiB, amiType, schedule, provisioner, amiAlias, gpuDriver, spotMaxPriceUsd, nodes, hardware, sharing, workloads',
      "stacks/Pulumi.inline.yaml:16:21: hybrid-ai:clusters[0].gpuPools[0].maxNodes must be >= minNodes (got 2 < 4)",
      'stacks/Pulumi.inline.yaml:17:31: hybrid-ai:clusters[0].gpuPools[0].zones[1] is not a zone of region us-east-1 (got "us-west-2b"); zones of us-east-1 look like us-east-1a',
      'stacks/Pulumi.inline.yaml:19:16: hybrid-ai:clusters[0].gpuPools[1].gpu must be one of t4, a10g, l4, l40s, a100-40gb, a100-80gb, h100, h200, h100-nvl, rtx4000-ada, rtx6000, rtxpro6000 (got "h900")',
    ]);
  });

  it("points a misspelt top-level key at its own line", () => {
    const text = HEADER.replace("hybrid-ai:costCenter", "hybrid-ai:costCentre") + GOOD_CLUSTER;
    expect(problemsOf(text)).toEqual([
      "stacks/Pulumi.inline.yaml:1:1: hybrid-ai:costCenter is required (a string)",
      'stacks/Pulumi.inline.yaml:4:3: hybrid-ai:costCentre is not a known key; did you mean "costCenter"? Allowed: environment, owner, costCenter, clusters, schedules, edgeSites, disasterRecovery, policy, budget, allowedRegions, monitoring, sites, rollout, siteGroup, rolloutRecord',
    ]);
  });

  it("reports wrong types, bad enums and cluster-level rules", () => {
    const text =
      HEADER +
      GOOD_CLUSTER.replace("cloud: aws", "cloud: oracle").replace(
        "minNodes: 2",
        'minNodes: "two"',
      ) +
      `    - name: gcp-euw4
      cloud: gcp
      region: europe-west4
      existingClusterName: ml-eu
      gpuPools: []
`;
    expect(problemsOf(text)).toEqual([
      'stacks/Pulumi.inline.yaml:7:14: hybrid-ai:clusters[0].cloud must be one of aws, gcp, azure, akamai, onprem (got "oracle")',
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

describe("stack config of AKS, LKE, on-prem and Karpenter pools", () => {
  it("checks Azure zones, the resource group, GPUs Azure offers and AKS pool names", () => {
    const text =
      HEADER +
      `    - name: aks-eus2
      cloud: azure
      region: eastus2
      existingClusterName: ml-aks
      gpuPools:
        - { name: infer-t4, gpu: t4, minNodes: 0, maxNodes: 4, capacity: spot, zones: ["1", a] }
        - { name: infert4, gpu: a10g, minNodes: 1, maxNodes: 2, zones: ["1"] }
`;
    expect(problemsOf(text)).toEqual([
      "stacks/Pulumi.inline.yaml:6:7: hybrid-ai:clusters[0].resourceGroup is required for an AKS cluster: the resource group it is (or goes) in",
      'stacks/Pulumi.inline.yaml:11:93: hybrid-ai:clusters[0].gpuPools[0].zones[1] is not a zone of region eastus2 (got "a"); zones of eastus2 look like "1"',
      'stacks/Pulumi.inline.yaml:12:19: hybrid-ai:clusters[0].gpuPools[1].name becomes AKS pool name "infert4", as gpuPools[0] does: AKS names are letters and digits only, at most 12',
      'stacks/Pulumi.inline.yaml:12:33: hybrid-ai:clusters[0].gpuPools[1].gpu "a10g" (NVIDIA A10G) is not offered on Azure; it is on AWS',
    ]);
  });

  it("keeps LKE pools zoneless, on-demand, at one node or more, in a region with the GPU, unscheduled", () => {
    const text =
      HEADER +
      `    - name: lke-east
      cloud: akamai
      region: us-east
      existingClusterName: edge-lke
      gpuPools:
        - { name: infer, gpu: rtx4000-ada, minNodes: 0, maxNodes: 3, capacity: spot, zones: [us-east-a], schedule: nights }
  hybrid-ai:schedules:
    nights: { timezone: UTC, on: ["Mon-Fri 08:00-18:00"] }
`;
    expect(problemsOf(text)).toEqual([
      'stacks/Pulumi.inline.yaml:11:31: hybrid-ai:clusters[0].gpuPools[0].gpu "rtx4000-ada" is not offered in Akamai region us-east; regions with it: us-ord, us-sea, de-fra-2, fr-par, jp-osa, in-bom-2, sg-sin-2',
      "stacks/Pulumi.inline.yaml:11:54: hybrid-ai:clusters[0].gpuPools[0].minNodes must be >= 1: an LKE node pool keeps at least one node (got 0)",
      "stacks/Pulumi.inline.yaml:11:80: hybrid-ai:clusters[0].gpuPools[0].capacity must be on-demand: Akamai sells no spot capacity",
      "stacks/Pulumi.inline.yaml:11:86: hybrid-ai:clusters[0].gpuPools[0].zones does not apply to Akamai: a region has no availability zones; spread pools over regions instead",
      "stacks/Pulumi.inline.yaml:11:116: hybrid-ai:clusters[0].gpuPools[0].schedule cannot switch an LKE pool off: LKE node pools keep at least one node; shrink maxNodes or schedule the workloads of an edge site on the cluster",
    ]);
  });

  it("wants on-prem pools as declared machines on a secret kubeconfig, and a scheduled pool's workloads", () => {
    const text =
      HEADER +
      `    - name: rack-fra
      cloud: onprem
      region: fra-dc1
      kubeconfig: "apiVersion: v1"
      gpuPools:
        - name: train
          gpu: l40s
          minNodes: 2
          nodes: []
          sharing: { mig: all-1g.10gb }
          schedule: nights
  hybrid-ai:schedules:
    nights: { timezone: UTC, on: ["Mon-Fri 08:00-18:00"] }
`;
    expect(problemsOf(text)).toEqual([
      "stacks/Pulumi.inline.yaml:6:7: hybrid-ai:clusters[0].site is required on-prem: the site (data centre) name, e.g. fra-dc1",
      "stacks/Pulumi.inline.yaml:8:15: hybrid-ai:clusters[0].region does not apply on-prem: name the `site`",
      "stacks/Pulumi.inline.yaml:9:19: hybrid-ai:clusters[0].kubeconfig must be a secret: set it with `pulumi config set --secret --path 'clusters[N].kubeconfig' < kubeconfig`",
      "stacks/Pulumi.inline.yaml:11:11: hybrid-ai:clusters[0].gpuPools[0].workloads is required with a schedule on-prem: the schedule scales these Deployments to zero (the machines stay on)",
      "stacks/Pulumi.inline.yaml:11:11: hybrid-ai:clusters[0].gpuPools[0].gpusPerNode is required on-prem: how many GPUs each machine has",
      "stacks/Pulumi.inline.yaml:13:21: hybrid-ai:clusters[0].gpuPools[0].minNodes does not apply on-prem: the pool is its `nodes`, which stay on",
      "stacks/Pulumi.inline.yaml:14:11: hybrid-ai:clusters[0].gpuPools[0].nodes must list the pool's machines as Kubernetes Node names (kubectl get nodes)",
      'stacks/Pulumi.inline.yaml:15:27: hybrid-ai:clusters[0].gpuPools[0].sharing.mig needs a GPU with MIG (a100-40gb, a100-80gb, h100, h100-nvl, h200); "l40s" has none',
    ]);
  });

  it("starts Karpenter pools at zero and keeps provisioner to AWS", () => {
    const text =
      HEADER +
      GOOD_CLUSTER +
      `        - { name: burst, provisioner: karpenter, gpu: l4, minNodes: 2, maxNodes: 10, capacity: spot, zones: [us-east-1a] }
    - name: gcp-euw4
      cloud: gcp
      region: europe-west4
      project: acme-ml
      existingClusterName: ml-eu
      gpuPools:
        - { name: l4, provisioner: karpenter, gpu: l4, minNodes: 0, maxNodes: 2, zones: [europe-west4-a] }
`;
    expect(problemsOf(text)).toEqual([
      "stacks/Pulumi.inline.yaml:17:69: hybrid-ai:clusters[0].gpuPools[1].minNodes must be 0 with provisioner: karpenter, which starts nodes for pending pods only (got 2); keep warm capacity in a node-group pool",
      "stacks/Pulumi.inline.yaml:24:36: hybrid-ai:clusters[1].gpuPools[0].provisioner applies to AWS only (EKS node groups or Karpenter); GCP pools have one provisioner",
    ]);
  });
});

describe("config that fails safe (issue 10)", () => {
  const budget = (value: string) => `  hybrid-ai:budget:\n    monthlyUsd: ${value}\n`;

  it("refuses a budget of true or [500000], and takes digits as pulumi config set --path stores them", () => {
    expect(problemsOf(HEADER + GOOD_CLUSTER + budget("true"))).toEqual([
      "stacks/Pulumi.inline.yaml:18:17: hybrid-ai:budget.monthlyUsd must be a number (got true)",
    ]);
    expect(problemsOf(HEADER + GOOD_CLUSTER + budget("[500000]"))).toEqual([
      "stacks/Pulumi.inline.yaml:18:5: hybrid-ai:budget.monthlyUsd must be a number (got [500000])",
    ]);
    expect(problemsOf(HEADER + GOOD_CLUSTER + budget('"500000"'))).toEqual([]);
  });

  it("still reports DR problems when the budget is wrong", () => {
    const dr = `  hybrid-ai:disasterRecovery:
    primary: aws-use1
    secondary: nowhere
    strategy: warm-standby
    rpoMinutes: 15
    rtoMinutes: 30
    dns: { zone: ai.example.com, record: inference }
    artifacts: { bucket: acme-models }
`;
    const found = problemsOf(HEADER + GOOD_CLUSTER + budget("true") + dr);
    expect(found).toHaveLength(2);
    expect(found[1]).toMatch(
      /hybrid-ai:disasterRecovery.secondary must name a cluster of this stack/,
    );
  });

  it("refuses a made-up region with file and line", () => {
    expect(
      problemsOf(HEADER + GOOD_CLUSTER.replace("region: us-east-1", "region: us-east-9"))[0],
    ).toMatch(
      /^stacks\/Pulumi.inline.yaml:8:15: hybrid-ai:clusters\[0\].region is not an AWS region \(got "us-east-9"\); nearest names: us-east-1/,
    );
  });

  it("refuses pools whose joined names collide across clusters", () => {
    const second = GOOD_CLUSTER.replace("name: aws-use1", "name: aws-use1-infer").replace(
      "name: infer-l4",
      "name: l4",
    );
    expect(problemsOf(HEADER + GOOD_CLUSTER + second)).toEqual([
      'stacks/Pulumi.inline.yaml:23:17: hybrid-ai:clusters[1].gpuPools[0].name makes resources named "aws-use1-infer-l4", as clusters[0].gpuPools[0] (aws-use1 + infer-l4) does: rename the pool or the cluster so <cluster>-<pool> names differ',
    ]);
  });

  it("reads YAML as Pulumi does: merge keys, and an anchor used more than 100 times", () => {
    const zones = Array.from({ length: 120 }, () => "            - *z").join("\n");
    const text = `config:
  hybrid-ai:environment: prod
  hybrid-ai:owner: ml-platform
  hybrid-ai:costCenter: cc-4711
  hybrid-ai:clusters:
    - &base
      name: aws-use1
      cloud: aws
      region: us-east-1
      existingClusterName: ml-prod
      subnetIds: [subnet-0a1]
      gpuPools:
        - name: infer-l4
          gpu: l4
          minNodes: 2
          maxNodes: 10
          zones: [&z us-east-1a]
    - <<: *base
      name: aws-use1-b
  hybrid-ai:allowedRegions:
${zones.replace(/ {12}- \*z/g, "    - us-east-1")}
  hybrid-ai:zonesSeen:
${zones}
`;
    const found = problemsOf(text);
    // Only the unknown key: merge keys and 121 uses of one anchor are read, as the CLI reads them.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/hybrid-ai:zonesSeen is not a known key/);
  });

  it("refuses a billion-laughs file with exit-2 problems, not a crash", () => {
    const lines = [
      "config:",
      '  hybrid-ai:a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i <= 9; i++) {
      lines.push(
        `  hybrid-ai:a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(",")}]`,
      );
    }
    const found = problemsOf(lines.join("\n"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^stacks\/Pulumi.inline.yaml:3:\d+: \(yaml\) aliases expand this file to more than 200000 YAML nodes/,
    );
  });

  it("never echoes a kubeconfig written as a map, or a secure: value with siblings", () => {
    const token = "eyJhbGciOiJSUzI1NiIsImtpZCI6InNlY3JldC10b2tlbiJ9.payload";
    const sites = `  hybrid-ai:edgeSites:
    - name: store-1
      kubeconfig:
        apiVersion: v1
        users: [{ name: edge, user: { token: ${token} } }]
      location: eu-central
      hardware: nvidia-l4
      models: []
`;
    const found = problemsOf(HEADER + GOOD_CLUSTER + sites).join("\n");
    expect(found).toContain("kubeconfig");
    expect(found).not.toContain(token.slice(0, 12));
    const mixed = `  hybrid-ai:apiToken:\n    secure: v1:abcdefghijklmnop\n    note: ${token}\n`;
    const both = problemsOf(HEADER + GOOD_CLUSTER + mixed).join("\n");
    expect(both).toMatch(/has a `secure:` value with other keys beside it/);
    expect(both).not.toContain(token.slice(0, 12));
    expect(both).not.toContain("abcdefghijklmnop");
  });
});

describe("edge names that collide (issue 10)", () => {
  const site = (name: string, model: string) => `    - name: ${name}
      kubeconfig:
        secure: v1:abcdefabcdefabcdef
      location: eu-central
      hardware: nvidia-l4
      models:
        - name: ${model}
          server: vllm
          image: vllm/vllm-openai:v0.6.3
          model: meta-llama/Llama-3.1-8B-Instruct
          revision: 0e9e39f
          gpus: 1
          cacheGiB: 40
`;
  it("refuses two sites whose <site>-<model> names are the same", () => {
    const text = `${HEADER}${GOOD_CLUSTER}  hybrid-ai:edgeSites:\n${site("store-a", "b-chat")}${site("store-a-b", "chat")}`;
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        /hybrid-ai:edgeSites\[1\].models\[0\].name makes resources named "store-a-b-chat", as edgeSites\[0\].models\[0\] \(store-a \+ b-chat\) does/,
      ),
    ]);
  });
});
