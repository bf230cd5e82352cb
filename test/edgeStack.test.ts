/**
 * Every Kubernetes object the edge-retail stack would create, as captured from a mock run of the real
 * program: Kubernetes schema (kubernetes-models), DNS-1123 names, unique names per cluster, cron syntax
 * and scaling bounds.
 */
import * as path from "node:path";
import { CronExpressionParser } from "cron-parser";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { CronJob } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { RuntimeClass } from "kubernetes-models/node.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { Namespace, PersistentVolumeClaim, Service, ServiceAccount } from "kubernetes-models/v1";
import { beforeAll, describe, expect, it } from "vitest";
import type { Capture } from "../review/run/capture";
import { runStackOffline } from "../review/run/stack";
import { findProject } from "../review/run/project";

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "kubernetes:core/v1:Namespace": Namespace,
  "kubernetes:apps/v1:Deployment": Deployment,
  "kubernetes:core/v1:PersistentVolumeClaim": PersistentVolumeClaim,
  "kubernetes:core/v1:Service": Service,
  "kubernetes:core/v1:ServiceAccount": ServiceAccount,
  "kubernetes:policy/v1:PodDisruptionBudget": PodDisruptionBudget,
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": NetworkPolicy,
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "kubernetes:batch/v1:CronJob": CronJob,
  "kubernetes:rbac.authorization.k8s.io/v1:Role": Role,
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": RoleBinding,
  "kubernetes:node.k8s.io/v1:RuntimeClass": RuntimeClass,
};

type Obj = Record<string, any>;

describe("the edge-retail stack's Kubernetes objects", () => {
  let capture: Capture;
  beforeAll(async () => {
    const project = findProject(path.resolve(__dirname, ".."));
    capture = (await runStackOffline({ stack: "edge-retail", project })).capture;
  });

  const k8s = () => capture.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));

  it("all pass the Kubernetes schema (the KEDA ScaledObjects, a CRD, get the semantic checks below)", () => {
    const objects = k8s();
    expect(objects.length).toBeGreaterThan(50);
    for (const r of objects) {
      if (r.type === "kubernetes:keda.sh/v1alpha1:ScaledObject") {
        continue;
      }
      const model = MODELS[r.type];
      expect(model, `a schema for ${r.type}`).toBeDefined();
      expect(() => new model(r.inputs as never).validate(), `${r.type} ${r.name}`).not.toThrow();
    }
  });

  it("have DNS-1123 names, unique per cluster, kind and namespace", () => {
    const seen = new Set<string>();
    for (const r of k8s()) {
      const meta = r.inputs.metadata as Obj;
      const max = r.type.endsWith(":CronJob") ? 52 : 63;
      expect(meta.name, r.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(meta.name.length, r.name).toBeLessThanOrEqual(max);
      const key = `${r.provider}|${r.type}|${meta.namespace ?? ""}|${meta.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    const names = capture.resources.map((r) => `${r.type}|${r.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it("schedule with valid crons in an IANA zone, and scale within bounds", () => {
    for (const r of k8s()) {
      const spec = r.inputs.spec as Obj;
      if (r.type.endsWith(":CronJob")) {
        expect(() =>
          CronExpressionParser.parse(spec.schedule, { tz: spec.timeZone }),
        ).not.toThrow();
        expect(["Europe/Berlin", "America/New_York"]).toContain(spec.timeZone);
      }
      if (r.type.endsWith(":HorizontalPodAutoscaler")) {
        expect(spec.minReplicas).toBeGreaterThanOrEqual(1);
        expect(spec.minReplicas).toBeLessThanOrEqual(spec.maxReplicas);
      }
      if (r.type.endsWith(":ScaledObject")) {
        expect(spec.minReplicaCount).toBeGreaterThanOrEqual(1);
        expect(spec.minReplicaCount).toBeLessThanOrEqual(spec.maxReplicaCount);
        if (spec.idleReplicaCount !== undefined) {
          expect(spec.idleReplicaCount).toBe(0);
        }
        expect(spec.fallback.replicas).toBeLessThanOrEqual(spec.maxReplicaCount);
        expect(spec.triggers.length).toBeGreaterThanOrEqual(1);
        for (const t of spec.triggers) {
          expect(t.type).toBe("prometheus");
          expect(Number(t.metadata.threshold)).toBeGreaterThan(0);
        }
      }
    }
  });

  it("point every Deployment's cache claim, and every scaler, at an object that exists in the same site", () => {
    const byKey = new Set(
      k8s().map(
        (r) => `${r.provider}|${r.type.split(":").pop()}|${(r.inputs.metadata as Obj).name}`,
      ),
    );
    for (const r of k8s()) {
      const spec = r.inputs.spec as Obj;
      if (r.type.endsWith(":Deployment")) {
        const claim = spec.template.spec.volumes.find((v: Obj) => v.persistentVolumeClaim)
          .persistentVolumeClaim.claimName;
        expect(byKey.has(`${r.provider}|PersistentVolumeClaim|${claim}`), claim).toBe(true);
      }
      if (r.type.endsWith(":ScaledObject") || r.type.endsWith(":HorizontalPodAutoscaler")) {
        expect(byKey.has(`${r.provider}|Deployment|${spec.scaleTargetRef.name}`)).toBe(true);
      }
    }
  });
});
