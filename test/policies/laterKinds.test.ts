/**
 * The guardrails on resource kinds later features add (edge workloads, schedules, DR): they fire on
 * these now, so nothing slips through when those features land.
 */
import { describe, expect, it } from "vitest";
import { guardrailPolicies } from "../../policies/registry";
import { costTags, messages, res } from "../support";

// The DR policies read a DR region's facts and have their own tests (test/dr-policies.test.ts).
const all = guardrailPolicies.filter((p) => p.area !== "dr");
const settings = { allowedRegions: ["us-east-1", "us-west-2", "europe-west4"] };

describe("kinds added by the schedule, edge and DR features", () => {
  it("a compliant set passes every policy", async () => {
    const resources = [
      res("pulumi:providers:aws", "aws-use1-provider", { region: "us-east-1" }),
      res("aws:autoscaling/schedule:Schedule", "dev-l4-night", {
        autoscalingGroupName: "asg",
        recurrence: "0 20 * * 1-5",
        minSize: 0,
        maxSize: 0,
        desiredCapacity: 0,
        timeZone: "Europe/Berlin",
      }),
      res("gcp:cloudscheduler/job:Job", "dev-t4-night", {
        region: "europe-west4",
        schedule: "0 20 * * 1-5",
        timeZone: "Europe/Berlin",
      }),
      res("kubernetes:batch/v1:CronJob", "scale-down", {
        metadata: { name: "scale-down", labels: costTags },
        spec: { schedule: "0 20 * * 1-5" },
      }),
      res("aws:route53/healthCheck:HealthCheck", "infer-use1", {
        fqdn: "infer.example.com",
        type: "HTTPS",
        requestInterval: 10,
        failureThreshold: 3,
        tags: costTags,
      }),
      res("aws:route53/record:Record", "infer", {
        zoneId: "Z1",
        name: "infer.example.com",
        type: "CNAME",
        setIdentifier: "use1",
        failoverRoutingPolicies: [{ type: "PRIMARY" }],
      }),
      res("pulumi:providers:kubernetes", "edge-site-1", { kubeconfig: "[secret]" }),
    ];
    expect(await messages(all, resources, settings)).toEqual([]);
  });
  it("each flagged kind gives its own finding", async () => {
    const resources = [
      res("gcp:cloudscheduler/job:Job", "dev-t4-night", {
        region: "asia-east1",
        schedule: "0 20 * * 1-5",
      }),
      res("kubernetes:batch/v1:CronJob", "scale-down", {
        metadata: { name: "scale-down" },
        spec: { schedule: "0 20 * * 1-5" },
      }),
      res("aws:route53/healthCheck:HealthCheck", "infer-use1", {
        fqdn: "infer.example.com",
        type: "HTTPS",
      }),
      res("pulumi:providers:kubernetes", "edge-site-1", { kubeconfig: "apiVersion: v1" }),
    ];
    expect(await messages(all, resources, settings)).toEqual([
      "dev-t4-night is in asia-east1, outside the allowed regions (us-east-1, us-west-2, europe-west4)",
      "scale-down (kubernetes:batch/v1:CronJob) lacks cost-allocation labels: owner, cost-center, environment",
      "infer-use1 (aws:route53/healthCheck:HealthCheck) lacks cost-allocation tags: owner, cost-center, environment",
      "Kubernetes provider edge-site-1 takes kubeconfig in plain text, not as a secret",
    ]);
  });
});
