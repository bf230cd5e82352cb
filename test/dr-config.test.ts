import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "../stacks/config/problems";
import { CLUSTERS, configProblems, drConfig, stackYaml } from "./drFixtures";

const messages = (text: string) =>
  configProblems(text).map((p) => formatConfigProblem(p).replace(/^[^:]*Pulumi/, "Pulumi"));

describe("hybrid-ai:disasterRecovery config", () => {
  it("accepts prod's shape", () => {
    expect(configProblems(stackYaml(drConfig()))).toEqual([]);
  });

  it("requires the primary and secondary to be clusters of the stack, with file and line", () => {
    const text = stackYaml(drConfig({ secondary: "aws-euc1" }));
    const problems = configProblems(text);
    expect(problems).toHaveLength(1);
    const line = text.split("\n").findIndex((l) => l.includes("secondary: aws-euc1")) + 1;
    expect(problems[0].line).toBe(line);
    expect(problems[0].key).toBe("hybrid-ai:disasterRecovery.secondary");
    expect(problems[0].message).toBe(
      'must name a cluster of this stack (got "aws-euc1"; clusters: aws-use1, aws-usw2, gcp-euw4, gcp-euw1)',
    );
  });

  it("requires another region", () => {
    const twin = {
      ...CLUSTERS[1],
      name: "aws-use1-b",
      region: "us-east-1",
      gpuPools: [{ name: "infer-l4", gpu: "l4", minNodes: 1, maxNodes: 4, zones: ["us-east-1a"] }],
    };
    expect(messages(stackYaml(drConfig({ secondary: "aws-use1-b" }), [...CLUSTERS, twin]))).toEqual(
      [
        expect.stringMatching(
          /^Pulumi\.t\.yaml:\d+:\d+: hybrid-ai:disasterRecovery\.secondary must be in another region than the primary: aws-use1 and aws-use1-b are both in us-east-1$/,
        ),
      ],
    );
    expect(messages(stackYaml(drConfig({ secondary: "aws-use1" })))).toEqual([
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.secondary must be another cluster than the primary (got "aws-use1" twice)',
      ),
    ]);
  });

  it("checks the strategy, the minutes, the DNS names and the bucket", () => {
    const problems = messages(
      stackYaml(
        drConfig({
          strategy: "cold",
          rpoMinutes: 0,
          rtoMinutes: -5,
          dns: { zone: "not a zone", record: "a.b" },
          artifacts: { bucket: "Acme_Models" },
        }),
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'hybrid-ai:disasterRecovery.strategy must be one of pilot-light, warm-standby, active-active (got "cold")',
        ),
        expect.stringContaining("hybrid-ai:disasterRecovery.rpoMinutes must be > 0 (got 0)"),
        expect.stringContaining("hybrid-ai:disasterRecovery.rtoMinutes must be > 0 (got -5)"),
      ]),
    );
    const semantic = messages(
      stackYaml(
        drConfig({
          dns: { zone: "not a zone", record: "a.b", healthCheckIntervalSeconds: 20 },
          artifacts: { bucket: "Acme_Models" },
        }),
      ),
    );
    expect(semantic).toEqual([
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.dns.zone must be a DNS zone name like ai.example.com (got "not a zone")',
      ),
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.dns.record must be one DNS label like inference (got "a.b")',
      ),
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.dns.healthCheckIntervalSeconds must be 10 or 30, the intervals Route 53 offers (got 20)",
      ),
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.artifacts.bucket must be an S3 bucket name: 3-63 lower-case letters, digits, '.' or '-' (got \"Acme_Models\")",
      ),
    ]);
  });

  it("names unknown keys with a suggestion", () => {
    expect(messages(stackYaml(drConfig({ rpoMinute: 5 })))).toEqual([
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.rpoMinute is not a known key; did you mean "rpoMinutes"?',
      ),
    ]);
  });

  it("refuses protected pools the primary lacks and GPUs the secondary cannot host", () => {
    expect(messages(stackYaml(drConfig({ pools: [{ name: "infer-a10" }] })))).toEqual([
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.pools[0].name must name a pool of the primary aws-use1 (got "infer-a10"; pools: infer-l4, train-h100)',
      ),
    ]);
    const l40s = {
      ...CLUSTERS[0],
      gpuPools: [
        { name: "infer-l40s", gpu: "l40s", minNodes: 2, maxNodes: 4, zones: ["us-east-1a"] },
      ],
    };
    const problems = messages(stackYaml(drConfig({ secondary: "gcp-euw4" }), [l40s, CLUSTERS[2]]));
    expect(problems).toEqual([
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.secondary cannot host a standby for pool infer-l40s: gpu "l40s" (NVIDIA L40S) is not offered on GCP; it is on AWS',
      ),
    ]);
    expect(messages(stackYaml(drConfig({ primary: "gcp-euw4", secondary: "aws-usw2" })))).toEqual([
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.artifacts.bucket cannot be replicated from gcp to aws",
      ),
    ]);
  });

  it("refuses a GCS dual-region across continents and a bad backup schedule", () => {
    const usc1 = {
      ...CLUSTERS[3],
      name: "gcp-usc1",
      region: "us-central1",
      gpuPools: [
        { name: "infer-l4", gpu: "l4", minNodes: 0, maxNodes: 2, zones: ["us-central1-a"] },
      ],
    };
    expect(
      messages(
        stackYaml(
          drConfig({
            primary: "gcp-euw4",
            secondary: "gcp-usc1",
            backups: { schedule: "every hour" },
          }),
          [CLUSTERS[2], usc1],
        ),
      ),
    ).toEqual([
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.secondary must be on the primary's continent for a GCS dual-region bucket (europe-west4 and us-central1 are not)",
      ),
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.backups.schedule must be a cron expression like "*/15 * * * *" (got "every hour")',
      ),
    ]);
  });

  it("checks endpoint host names and refuses failover in a rehearsal", () => {
    expect(
      messages(
        stackYaml(
          drConfig({
            rehearsal: true,
            failover: true,
            dns: {
              zone: "ai.example.com",
              record: "gameday",
              endpoints: { "aws-usw2": "http://lb" },
            },
          }),
        ),
      ),
    ).toEqual([
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.dns.endpoints.aws-usw2 must be a host name like lb-1.us-east-1.elb.amazonaws.com (got "http://lb", the secondary)',
      ),
      expect.stringContaining("hybrid-ai:disasterRecovery.failover has no meaning in a rehearsal"),
    ]);
  });

  it("takes failover as a boolean or the string pulumi config set may store", () => {
    expect(configProblems(stackYaml(drConfig({ failover: "true" })))).toEqual([]);
    expect(messages(stackYaml(drConfig({ failover: "yes" })))).toEqual([
      expect.stringContaining(
        'hybrid-ai:disasterRecovery.failover must be true or false (got "yes")',
      ),
    ]);
  });

  it("checks Cloud DNS settings", () => {
    expect(
      messages(
        stackYaml(
          drConfig({
            dns: {
              provider: "cloud-dns",
              zone: "ai.example.com",
              record: "inference",
              healthCheckIntervalSeconds: 10,
              endpoints: { "aws-use1": "lb.example.com" },
            },
          }),
        ),
      ),
    ).toEqual([
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.dns.managedZone is required with Cloud DNS: the managed zone's name, e.g. ai-example-com",
      ),
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.dns.provider cloud-dns needs a GCP cluster in the pair (its project holds the zone); use route53",
      ),
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.dns.healthCheckIntervalSeconds must be 30-300 s: Cloud DNS health checks with source regions run at most every 30 s (got 10)",
      ),
      expect.stringContaining(
        "hybrid-ai:disasterRecovery.dns.endpoints.aws-usw2 must be the external IPv4 address of aws-usw2's ingress: Cloud DNS health-checks addresses, not names (got nothing)",
      ),
      expect.stringContaining(
        `hybrid-ai:disasterRecovery.dns.endpoints.aws-use1 must be the external IPv4 address of aws-use1's ingress: Cloud DNS health-checks addresses, not names (got "lb.example.com")`,
      ),
    ]);
  });
});
