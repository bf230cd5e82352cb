import { describe, expect, it } from "vitest";
import { cronIntervalSeconds, estimateRpo, estimateRto } from "../model/estimate/recovery";

const base = {
  rtoMinutes: 30,
  healthCheckIntervalSeconds: 10,
  failureThreshold: 3,
  dnsTtlSeconds: 60,
};

describe("RTO estimate", () => {
  it("adds detection, DNS, scale-up, provisioning and model load for a warm standby", () => {
    const e = estimateRto({ ...base, strategy: "warm-standby" });
    expect(e.parts.map((p) => [p.id, p.seconds])).toEqual([
      ["detection", 30],
      ["dns", 60],
      ["scale-up-trigger", 25],
      ["node-provisioning", 300],
      ["model-load", 300],
    ]);
    expect(e.totalSeconds).toBe(715);
    expect(e.targetSeconds).toBe(1800);
    expect(e.met).toBe(true);
    expect(e.parts[0].arithmetic).toBe("interval 10 s x failure threshold 3");
    for (const p of e.parts) {
      expect(p.source.url).toMatch(/\S/);
      expect(p.source.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("counts only detection and DNS for active-active", () => {
    const e = estimateRto({
      ...base,
      strategy: "active-active",
      healthCheckIntervalSeconds: 30,
      failureThreshold: 4,
      dnsTtlSeconds: 300,
      rtoMinutes: 5,
    });
    expect(e.totalSeconds).toBe(30 * 4 + 300);
    expect(e.met).toBe(false);
    expect(e.reason).toBe("the estimated RTO of 7.0 min exceeds the 5-minute target");
  });

  it("uses measured figures when the stack gives them, and says why a pilot light misses minutes", () => {
    const e = estimateRto({
      ...base,
      strategy: "pilot-light",
      rtoMinutes: 10,
      nodeProvisioningMinutes: 8,
      modelLoadMinutes: 2.5,
    });
    expect(e.totalSeconds).toBe(30 + 60 + 25 + 480 + 150);
    expect(e.parts[3].source.url).toContain("estimates.nodeProvisioningMinutes");
    expect(e.met).toBe(false);
    expect(e.reason).toBe(
      "the estimated RTO of 12.4 min exceeds the 10-minute target: a pilot-light standby must provision GPU nodes and load the model",
    );
  });
});

describe("RPO estimate", () => {
  it("meets 15 minutes with RTC and 15-minute backups", () => {
    const e = estimateRpo({
      rpoMinutes: 15,
      mechanism: "s3-crr-rtc",
      backupSchedule: "*/15 * * * *",
    });
    expect(e.parts.map((p) => [p.id, p.seconds])).toEqual([
      ["replication", 900],
      ["backups", 900],
    ]);
    expect(e.totalSeconds).toBe(900);
    expect(e.met).toBe(true);
  });

  it("misses a 10-minute RPO and says which part lags", () => {
    const e = estimateRpo({ rpoMinutes: 10, mechanism: "s3-crr-rtc", backupSchedule: "0 * * * *" });
    expect(e.met).toBe(false);
    expect(e.reason).toBe(
      "the 10-minute RPO is missed: model artifacts: S3 replication with Replication Time Control may lag 15.0 min; cluster objects: newest Velero backup may lag 60.0 min",
    );
  });

  it("cannot promise less than an hour across clouds", () => {
    const e = estimateRpo({
      rpoMinutes: 15,
      mechanism: "sts-hourly",
      backupSchedule: "*/15 * * * *",
    });
    expect(e.totalSeconds).toBe(3600);
    expect(e.reason).toBe(
      "the 15-minute RPO is missed: model artifacts: hourly Storage Transfer Service job, S3 to GCS may lag 60.0 min",
    );
  });

  it("warns when replication has no time guarantee", () => {
    const e = estimateRpo({ rpoMinutes: 60, mechanism: "s3-crr", backupSchedule: "*/30 * * * *" });
    expect(e.met).toBe(true);
    expect(e.totalSeconds).toBeUndefined();
    expect(e.warning).toContain("S3 replication without RTC: no time guarantee");
  });
});

describe("cronIntervalSeconds", () => {
  it("finds the longest gap of a schedule", () => {
    expect(cronIntervalSeconds("*/15 * * * *")).toBe(900);
    expect(cronIntervalSeconds("0 * * * *")).toBe(3600);
    expect(cronIntervalSeconds("0 2,3 * * *")).toBe(23 * 3600);
  });
});
