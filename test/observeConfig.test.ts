/**
 * `hybrid-ai:monitoring`, `hybrid-ai:sites` and the budget's alert keys in a stack file: accepted as the
 * issue writes them, every problem named with file, line and key path, a webhook URL never shown.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, checkStackText, configMessages } from "./support";

const FILE = path.join(ROOT, "stacks", "Pulumi.inline.yaml");
const validate = (text: string) => checkStackText(text, FILE);
const problemsOf = (text: string) => configMessages(text, FILE);

const HEADER = `config:
  hybrid-ai:environment: prod
  hybrid-ai:owner: ml-platform
  hybrid-ai:costCenter: cc-4711
  hybrid-ai:clusters:
    - name: aws-use1
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
    - name: gcp-euw4
      cloud: gcp
      region: europe-west4
      project: acme-ml
      existingClusterName: ml-eu
      gpuPools:
        - name: infer-l4
          gpu: l4
          minNodes: 2
          maxNodes: 8
          zones: [europe-west4-a, europe-west4-b]
`;

describe("monitoring, budget alerts and sites config", () => {
  it("accepts the keys as the issue writes them", () => {
    const result = validate(
      HEADER +
        `  hybrid-ai:monitoring:
    enabled: true
    idleGpuMinutes: 30
    alertReceiver: { webhookUrl: { secure: v1:abc } }
  hybrid-ai:budget:
    monthlyUsd: 200000
    alertEmails: [finops@example.com]
    thresholdsPercent: [50, 80, 100]
    gcpBillingAccount: 012345-6789AB-CDEF01
`,
    );
    expect(result.problems).toEqual([]);
    expect(result.config?.monitoring).toEqual({
      enabled: true,
      idleGpuMinutes: 30,
      alertReceiver: { webhookUrl: "[secret]" },
    });
    expect(result.config?.budget).toEqual({
      monthlyUsd: 200000,
      alertEmails: ["finops@example.com"],
      thresholdsPercent: [50, 80, 100],
      gcpBillingAccount: "012345-6789AB-CDEF01",
    });
  });

  it("keeps the budget's existing keys working and defaults idleGpuMinutes", () => {
    const result = validate(
      HEADER +
        `  hybrid-ai:monitoring: { enabled: true, alertReceiver: { email: [sre@example.com] } }
  hybrid-ai:budget:
    monthlyUsd: 2000
`,
    );
    expect(result.problems).toEqual([]);
    expect(result.config?.monitoring?.idleGpuMinutes).toBe(30);
    expect(result.config?.budget).toEqual({ monthlyUsd: 2000 });
  });

  it("names file, line and key of every problem, never showing a plain webhook URL", () => {
    const problems = problemsOf(
      HEADER +
        `  hybrid-ai:monitoring:
    enabled: yes-please
    idleGpuMinutes: 0
    alertReceiver: { webhookUrl: https://hooks.example.com/T0/B0/s3cr3t }
    gpuOperator: [aws-use2]
  hybrid-ai:budget:
    monthlyUsd: 200000
    alertEmails: [finops@example.com, not-an-email]
    thresholdsPercent: [50, 50]
  hybrid-ai:sites:
    fra-dc1: { pue: 0.9, gridGramsCo2PerKwh: 380 }
`,
    );
    expect(problems).toEqual([
      'stacks/Pulumi.inline.yaml:29:14: hybrid-ai:monitoring.enabled must be true or false (got "yes-please")',
      "stacks/Pulumi.inline.yaml:30:21: hybrid-ai:monitoring.idleGpuMinutes must be > 0 (got 0)",
      "stacks/Pulumi.inline.yaml:31:34: hybrid-ai:monitoring.alertReceiver.webhookUrl must be a secret, not plain text in the stack file: pulumi config set --secret --path 'monitoring.alertReceiver.webhookUrl' <url>",
      'stacks/Pulumi.inline.yaml:32:19: hybrid-ai:monitoring.gpuOperator[0] names no cluster or edge site "aws-use2"; did you mean "aws-use1"?',
      "stacks/Pulumi.inline.yaml:33:3: hybrid-ai:budget.gcpBillingAccount is required with alertEmails on a stack with GCP clusters: the billing account the GCP budget watches, like 012345-6789AB-CDEF01",
      'stacks/Pulumi.inline.yaml:35:39: hybrid-ai:budget.alertEmails[1] must be a valid email (got "not-an-email")',
      "stacks/Pulumi.inline.yaml:36:5: hybrid-ai:budget.thresholdsPercent must not repeat a threshold (got [50,50])",
      "stacks/Pulumi.inline.yaml:38:5: hybrid-ai:sites.fra-dc1 names no edge site or location; the stack has no edge site",
      "stacks/Pulumi.inline.yaml:38:21: hybrid-ai:sites.fra-dc1.pue must be >= 1 (got 0.9)",
    ]);
    expect(problems.join("\n")).not.toContain("s3cr3t");
    expect(problems.join("\n")).not.toContain("hooks.example.com");
  });

  it("a site must name an edge site or location of the stack", () => {
    expect(
      problemsOf(
        HEADER +
          `  hybrid-ai:sites:
    fra-dc1: { pue: 1.35, gridGramsCo2PerKwh: 380, electricityUsdPerKwh: 0.24 }
`,
      ),
    ).toEqual([
      "stacks/Pulumi.inline.yaml:29:5: hybrid-ai:sites.fra-dc1 names no edge site or location; the stack has no edge site",
    ]);
  });
});
