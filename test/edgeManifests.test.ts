/**
 * Every Kubernetes object the edge components render: Kubernetes schema (kubernetes-models) plus our
 * own semantic checks (DNS-1123 names, cron syntax, min <= max), and the pure validators' messages.
 */
import { CronExpressionParser } from "cron-parser";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { CronJob } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { RuntimeClass } from "kubernetes-models/node.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { Namespace, PersistentVolumeClaim, Service, ServiceAccount } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import {
  queueQuery,
  renderAutoscaler,
  validateAutoscalingRule,
  type AutoscalingPolicyArgs,
} from "../components/edge/autoscalingPolicy";
import {
  resolveModel,
  validateEdgeInferenceSiteArgs,
  type EdgeInferenceSiteArgs,
  type EdgeModelArgs,
} from "../components/edge/edgeInferenceSite";
import {
  renderCacheClaim,
  renderDeployment,
  renderDisruptionBudget,
  renderNamespace,
  renderNetworkPolicy,
  renderRuntimeClass,
  renderService,
  type ResolvedSite,
} from "../components/edge/manifests";
import { imageProblem, validateServedModel, type EdgeHardware } from "../components/edge/servers";
import { kubernetesScaleJobs } from "../components/schedule/backends";
import { renderScaleCronJob, renderScalerRbac } from "../components/schedule/kubernetes";
import { compileSchedule } from "../model/schedule/windows";

const costAllocation = {
  owner: "Retail ML",
  costCenter: "cc-5120",
  environment: "staging" as const,
  stack: "edge-retail",
};

const site = (
  hardware: EdgeHardware,
  distribution: "k3s" | "kubernetes" = "k3s",
): ResolvedSite => ({
  name: "store-berlin-01",
  namespace: "store-berlin-01",
  location: "eu-central",
  hardware,
  distribution,
  cacheStorageClass: "encrypted",
  costAllocation,
  schedule: "store-hours",
});

const MODELS: Record<string, EdgeModelArgs> = {
  vllm: {
    name: "support-chat",
    server: "vllm",
    image: "vllm/vllm-openai:v0.6.3",
    model: "meta-llama/Llama-3.1-8B-Instruct",
    revision: "0e9e39f",
    cacheGiB: 40,
    autoscaling: { minReplicas: 1, maxReplicas: 4, queueDepthTarget: 5 },
  },
  triton: {
    name: "shelf-vision",
    server: "triton",
    image: "nvcr.io/nvidia/tritonserver:24.08-py3",
    model: "s3://acme-edge-models/shelf-vision/",
    revision: "2026-11-01",
    autoscaling: { metric: "gpu", minReplicas: 1, maxReplicas: 2, targetUtilizationPercent: 70 },
  },
  llamacpp: {
    name: "product-qa",
    server: "llamacpp",
    image: "ghcr.io/ggml-org/llama.cpp:server-b4500",
    model: "bartowski/Llama-3.2-3B-Instruct-GGUF/Llama-3.2-3B-Instruct-Q4_K_M.gguf",
    revision: "5ab33fa94d1d04e903623ae72c95d1696f09f9e8",
    gpus: 0,
    autoscaling: { metric: "cpu", minReplicas: 1, maxReplicas: 3, targetUtilizationPercent: 70 },
  },
};

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Names must be DNS-1123 labels (63 characters; CronJobs 52, as the controller appends 11). */
function expectDnsName(obj: {
  kind: string;
  metadata: { name: string; namespace?: string };
}): void {
  const max = obj.kind === "CronJob" ? 52 : 63;
  expect(obj.metadata.name, `${obj.kind} name`).toMatch(DNS_1123_LABEL);
  expect(obj.metadata.name.length).toBeLessThanOrEqual(max);
  if (obj.metadata.namespace !== undefined) {
    expect(obj.metadata.namespace).toMatch(DNS_1123_LABEL);
  }
}

/** Label values: at most 63 characters, alphanumeric at both ends. */
function expectLabelValues(labels: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    expect(v, `label ${k}`).toMatch(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/);
    expect(v.length).toBeLessThanOrEqual(63);
  }
}

describe("site objects pass the Kubernetes schema and our checks", () => {
  for (const [server, args] of Object.entries(MODELS)) {
    for (const hardware of ["nvidia-l4", "jetson-orin", "cpu"] as const) {
      if (hardware === "cpu" && server === "vllm") {
        continue;
      }
      it(`${server} on ${hardware}`, () => {
        const s = site(hardware);
        const m = resolveModel(hardware === "cpu" ? { ...args, gpus: 0 } : args, hardware);
        const objects = [
          new Namespace(renderNamespace(s) as never),
          new Deployment(renderDeployment(s, m) as never),
          new PersistentVolumeClaim(renderCacheClaim(s, m) as never),
          new Service(renderService(s, m) as never),
          new PodDisruptionBudget(renderDisruptionBudget(s, m) as never),
          new NetworkPolicy(renderNetworkPolicy(s, m) as never),
        ];
        for (const o of objects) {
          expect(() => o.validate()).not.toThrow();
          expectDnsName(o as never);
          expectLabelValues(o.metadata?.labels);
        }
      });
    }
  }

  it("renders the RuntimeClass k3s GPU pods name", () => {
    const rc = new RuntimeClass(renderRuntimeClass(site("nvidia-l4")) as never);
    expect(() => rc.validate()).not.toThrow();
    expect(rc.handler).toBe("nvidia");
  });
});

describe("Deployments", () => {
  const dep = (
    server: keyof typeof MODELS,
    hardware: EdgeHardware = "nvidia-l4",
    distribution: "k3s" | "kubernetes" = "k3s",
  ) => renderDeployment(site(hardware, distribution), resolveModel(MODELS[server], hardware));

  it("passes vLLM its pinned model and revision, requests a GPU and runs with the nvidia runtime on k3s", () => {
    const d = dep("vllm");
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c.image).toBe("vllm/vllm-openai:v0.6.3");
    expect(c.args).toEqual([
      "--model",
      "meta-llama/Llama-3.1-8B-Instruct",
      "--revision",
      "0e9e39f",
      "--served-model-name",
      "support-chat",
      "--port",
      "8000",
      "--download-dir",
      "/models/hub",
    ]);
    expect(c.resources.limits).toEqual({ memory: "16Gi", "nvidia.com/gpu": "1" });
    expect(c.resources.requests).toEqual({ cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" });
    expect(pod.runtimeClassName).toBe("nvidia");
    expect(pod.tolerations).toEqual([
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    ]);
    expect(d.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    expect(d.metadata.annotations["hybrid-ai/model-ref"]).toBe(
      "meta-llama/Llama-3.1-8B-Instruct@0e9e39f",
    );
    // Autoscaled: starts at the scaler's minimum.
    expect(d.spec.replicas).toBe(1);
  });

  it("gives a loading model 30 minutes before liveness counts, and no traffic until ready", () => {
    for (const server of ["vllm", "triton", "llamacpp"] as const) {
      const c = dep(server).spec.template.spec.containers[0];
      expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(1800);
      expect(c.readinessProbe.httpGet.port).toBe("http");
      expect(
        c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds,
      ).toBeGreaterThanOrEqual(60);
    }
    expect(dep("triton").spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe(
      "/v2/health/ready",
    );
    expect(dep("triton").spec.template.spec.containers[0].livenessProbe.httpGet.path).toBe(
      "/v2/health/live",
    );
    expect(dep("llamacpp", "cpu").spec.template.spec.containers[0].startupProbe.httpGet.path).toBe(
      "/health",
    );
  });

  it("points Triton at the revision's snapshot of the repository and llama.cpp at the pinned file URL", () => {
    const triton = dep("triton").spec.template.spec.containers[0];
    expect(triton.command).toEqual(["tritonserver"]);
    expect(triton.args[0]).toBe("--model-repository=s3://acme-edge-models/shelf-vision/2026-11-01");
    const llama = dep("llamacpp", "cpu").spec.template.spec.containers[0];
    expect(llama.args.slice(0, 4)).toEqual([
      "--model-url",
      "https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/5ab33fa94d1d04e903623ae72c95d1696f09f9e8/Llama-3.2-3B-Instruct-Q4_K_M.gguf",
      "--model",
      "/models/5ab33fa94d1d04e903623ae72c95d1696f09f9e8/Llama-3.2-3B-Instruct-Q4_K_M.gguf",
    ]);
    expect(llama.args.slice(-2)).toEqual(["--n-gpu-layers", "0"]);
  });

  it("runs CPU models without GPU requests, tolerations or runtime class, and plain Kubernetes without the runtime class", () => {
    const cpu = dep("llamacpp", "cpu").spec.template.spec;
    expect(cpu.runtimeClassName).toBeUndefined();
    expect(cpu.tolerations).toBeUndefined();
    expect(cpu.containers[0].resources.limits).toEqual({ memory: "16Gi" });
    expect(
      dep("vllm", "nvidia-t4", "kubernetes").spec.template.spec.runtimeClassName,
    ).toBeUndefined();
    expect(dep("triton", "jetson-orin").spec.template.spec.nodeSelector).toEqual({
      "kubernetes.io/arch": "arm64",
    });
  });

  it("labels pods with cost labels folded into the label alphabet", () => {
    const labels = dep("vllm").spec.template.metadata.labels;
    expect(labels).toMatchObject({
      owner: "Retail-ML",
      "cost-center": "cc-5120",
      "hybrid-ai/site": "store-berlin-01",
      "hybrid-ai/model": "support-chat",
    });
  });
});

describe("cache, service, budget and network policy", () => {
  const s = site("nvidia-l4");
  const m = resolveModel(MODELS.triton, "nvidia-l4");

  it("claims the model cache on the encrypted class and exposes every server port on a ClusterIP", () => {
    expect(renderCacheClaim(s, m).spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "encrypted",
      resources: { requests: { storage: "20Gi" } },
    });
    const svc = renderService(s, m);
    expect(svc.spec.type).toBe("ClusterIP");
    expect(svc.spec.ports.map((p) => `${p.name}:${p.port}`)).toEqual([
      "http:8000",
      "grpc:8001",
      "metrics:8002",
    ]);
  });

  it("never blocks a drain with one replica, and limits traffic to the server ports, DNS and HTTPS", () => {
    expect(renderDisruptionBudget(s, m).spec.maxUnavailable).toBe(1);
    const np = renderNetworkPolicy(s, m).spec;
    expect(np.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np.ingress[0].ports.map((p) => p.port)).toEqual([8000, 8001, 8002]);
    expect(np.ingress[1].ports).toEqual([{ protocol: "TCP", port: 8002 }]);
    expect(np.egress.flatMap((e) => e.ports.map((p) => `${p.protocol}/${p.port}`))).toEqual([
      "UDP/53",
      "TCP/53",
      "TCP/443",
    ]);
  });
});

describe("autoscalers", () => {
  const base: AutoscalingPolicyArgs = {
    namespace: "store-berlin-01",
    deploymentName: "support-chat",
    server: "vllm",
    minReplicas: 1,
    maxReplicas: 4,
    queueDepthTarget: 5,
  };

  it("renders a KEDA ScaledObject on vLLM's queue, scaling to zero through idleReplicaCount with a wake query", () => {
    const so = renderAutoscaler({ ...base, minReplicas: 0, wakeQuery: "sum(rate(x[2m]))" });
    expect(so.kind).toBe("ScaledObject");
    const spec = so.spec as Record<string, any>;
    expect(spec.idleReplicaCount).toBe(0);
    expect(spec.minReplicaCount).toBe(1);
    expect(spec.idleReplicaCount).toBeLessThan(spec.minReplicaCount);
    expect(spec.minReplicaCount).toBeLessThanOrEqual(spec.maxReplicaCount);
    expect(spec.fallback).toEqual({ failureThreshold: 3, replicas: 1 });
    expect(spec.triggers[0].metadata).toEqual({
      serverAddress: "http://prometheus-operated.monitoring.svc:9090",
      query:
        'sum(vllm:num_requests_waiting{namespace="store-berlin-01",pod=~"support-chat-[a-z0-9]+-[a-z0-9]+"})',
      threshold: "5",
      activationThreshold: "0",
    });
    expect(spec.triggers[1]).toMatchObject({
      name: "wake",
      metadata: { query: "sum(rate(x[2m]))" },
    });
    expect(queueQuery("triton", "a", "b")).toContain("nv_inference_pending_request_count");
    expect(queueQuery("llamacpp", "a", "b")).toContain("llamacpp:requests_deferred");
  });

  it("renders valid autoscaling/v2 HPAs on CPU and on GPU utilisation through custom metrics", () => {
    const cpu = new HorizontalPodAutoscaler(
      renderAutoscaler({
        ...base,
        metric: "cpu",
        queueDepthTarget: undefined,
        targetUtilizationPercent: 70,
      }) as never,
    );
    expect(() => cpu.validate()).not.toThrow();
    expect(cpu.spec!.metrics![0]).toEqual({
      type: "Resource",
      resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
    });
    const gpu = new HorizontalPodAutoscaler(
      renderAutoscaler({
        ...base,
        metric: "gpu",
        queueDepthTarget: undefined,
        targetUtilizationPercent: 60,
      }) as never,
    );
    expect(() => gpu.validate()).not.toThrow();
    expect(gpu.spec!.metrics![0]).toEqual({
      type: "Pods",
      pods: {
        metric: { name: "DCGM_FI_DEV_GPU_UTIL" },
        target: { type: "AverageValue", averageValue: "60" },
      },
    });
    expect(gpu.spec!.minReplicas!).toBeLessThanOrEqual(gpu.spec!.maxReplicas);
  });

  it("validates bounds and the options of each metric, with exact messages", () => {
    expect(
      validateAutoscalingRule({ minReplicas: 4, maxReplicas: 2, queueDepthTarget: 5 }),
    ).toEqual([{ path: ["maxReplicas"], message: "must be >= minReplicas (got 2 < 4)" }]);
    expect(
      validateAutoscalingRule({ minReplicas: 0, maxReplicas: 2 }).map((p) => p.path[0]),
    ).toEqual(["queueDepthTarget", "wakeQuery"]);
    expect(
      validateAutoscalingRule({
        metric: "cpu",
        minReplicas: 0,
        maxReplicas: 0,
        queueDepthTarget: 3,
        targetUtilizationPercent: 120,
        fallbackReplicas: 1,
      }),
    ).toEqual([
      { path: ["maxReplicas"], message: "must be a whole number >= 1 (got 0)" },
      { path: ["targetUtilizationPercent"], message: "must be a whole percent 1-100 (got 120)" },
      {
        path: ["queueDepthTarget"],
        message: "applies to metric queue only; metric cpu uses targetUtilizationPercent",
      },
      {
        path: ["minReplicas"],
        message:
          "must be >= 1 with metric cpu (an HPA cannot scale to zero); use metric queue to scale to zero",
      },
      { path: ["fallbackReplicas"], message: "applies to metric queue (KEDA) only" },
    ]);
    expect(
      validateAutoscalingRule({
        minReplicas: 1,
        maxReplicas: 3,
        queueDepthTarget: 2,
        fallbackReplicas: 5,
      }),
    ).toEqual([
      { path: ["fallbackReplicas"], message: "must be between 1 and maxReplicas 3 (got 5)" },
    ]);
  });
});

describe("schedule CronJobs and RBAC", () => {
  const schedule = compileSchedule({
    timezone: "Europe/Berlin",
    on: ["Mon-Sat 07:30-21:00", "Fri 21:00-01:00"],
    holidays: ["2026-12-26"],
  });
  const target = {
    namespace: "store-berlin-01",
    timezone: schedule.timezone,
    image: "alpine/k8s:1.31.4",
    labels: { "hybrid-ai/schedule": "store-hours" },
    workloads: [
      { deployment: "support-chat", replicas: 1, scaledObject: "support-chat" },
      { deployment: "shelf-vision", replicas: 2 },
    ],
  };
  const { jobs, holidayRanges } = kubernetesScaleJobs(schedule, new Date("2026-11-22T12:00:00Z"));

  it("renders valid CronJobs with the zone, valid cron syntax and DNS names", () => {
    expect(jobs.map((j) => `${j.id} ${j.schedule} ${j.guard ?? ""}`.trim())).toEqual([
      "off-0 0 1 * * 6",
      "off-1 0 21 * * 1-4,6",
      "on-2 0 0 * * 6 skip-in-holiday",
      "on-3 30 7 * * 1-6 skip-in-holiday",
      "holiday-off-0 0 0 26 12 * only-in-holiday",
    ]);
    for (const job of jobs) {
      const cj = new CronJob(renderScaleCronJob(job, target, holidayRanges) as never);
      expect(() => cj.validate()).not.toThrow();
      expect(cj.spec!.timeZone).toBe("Europe/Berlin");
      expect(() =>
        CronExpressionParser.parse(cj.spec!.schedule, { tz: "Europe/Berlin" }),
      ).not.toThrow();
      expectDnsName(cj as never);
    }
    // Boxing Day (a Saturday, reached by Friday's late window) in Berlin, in UTC epoch seconds.
    expect(holidayRanges).toEqual([
      `${Date.parse("2026-12-25T23:00:00Z") / 1000}-${Date.parse("2026-12-26T23:00:00Z") / 1000}`,
    ]);
  });

  it("grants only get and scale on the named Deployments and patch on the named ScaledObjects", () => {
    const rbac = renderScalerRbac(target);
    for (const o of [
      new ServiceAccount(rbac.serviceAccount),
      new Role(rbac.role),
      new RoleBinding(rbac.roleBinding),
    ]) {
      expect(() => o.validate()).not.toThrow();
    }
    expect(rbac.role.rules).toEqual([
      {
        apiGroups: ["apps"],
        resources: ["deployments"],
        resourceNames: ["support-chat", "shelf-vision"],
        verbs: ["get"],
      },
      {
        apiGroups: ["apps"],
        resources: ["deployments/scale"],
        resourceNames: ["support-chat", "shelf-vision"],
        verbs: ["get", "patch", "update"],
      },
      {
        apiGroups: ["keda.sh"],
        resources: ["scaledobjects"],
        resourceNames: ["support-chat"],
        verbs: ["get", "patch"],
      },
    ]);
    expect(rbac.roleBinding.subjects).toEqual([
      { kind: "ServiceAccount", name: "shutdown-scheduler", namespace: "store-berlin-01" },
    ]);
  });
});

describe("pinning", () => {
  it("accepts tags and digests, and refuses latest, untagged and malformed references", () => {
    expect(imageProblem("vllm/vllm-openai:v0.6.3")).toBeUndefined();
    expect(imageProblem("registry.local:5000/team/llama@sha256:" + "a".repeat(64))).toBeUndefined();
    expect(imageProblem("vllm/vllm-openai:latest")).toBe(
      'must not use the latest tag, which changes under you; pin a version or digest (got "vllm/vllm-openai:latest")',
    );
    expect(imageProblem("registry.local:5000/team/llama")).toBe(
      'must pin a tag or digest, e.g. registry.local:5000/team/llama:<version> or registry.local:5000/team/llama@sha256:<digest> (got "registry.local:5000/team/llama")',
    );
    expect(imageProblem("vllm@sha256:abc")).toMatch(/^has a malformed digest/);
  });

  it("wants models pinned by commit (Hugging Face) or snapshot (Triton)", () => {
    expect(
      validateServedModel({
        name: "a",
        server: "vllm",
        model: "meta-llama/Llama-3.1-8B-Instruct",
        revision: "main",
        gpus: 1,
      }),
    ).toEqual([
      {
        path: ["revision"],
        message:
          'must be a commit hash (7-40 hex digits) so the model cannot change under you (got "main")',
      },
    ]);
    expect(
      validateServedModel({
        name: "a",
        server: "llamacpp",
        model: "org/repo",
        revision: "abcdef1",
        gpus: 0,
      })[0].path,
    ).toEqual(["model"]);
    expect(
      validateServedModel({
        name: "a",
        server: "triton",
        model: "s3://b/m",
        revision: "latest",
        gpus: 0,
      })[0].message,
    ).toMatch(/immutable snapshot/);
  });

  it("checks a whole site at once: hardware, GPUs, names and replicas within scaling bounds", () => {
    const args: EdgeInferenceSiteArgs = {
      kubeconfig: "x",
      location: "eu-central",
      hardware: "cpu",
      costAllocation,
      models: [
        { ...MODELS.vllm, replicas: 9 },
        { ...MODELS.llamacpp, gpus: 1 },
        { ...MODELS.llamacpp, image: "ghcr.io/ggml-org/llama.cpp" },
      ],
    };
    expect(validateEdgeInferenceSiteArgs("Store_1", args)).toEqual([
      {
        path: ["name"],
        message: 'must be a DNS-1123 label of at most 40 characters (got "Store_1")',
      },
      {
        path: ["models", 0, "gpus"],
        message: "must be >= 1: vllm needs a GPU; serve on CPU with llamacpp or triton",
      },
      {
        path: ["models", 0, "replicas"],
        message: "must lie within autoscaling bounds 1-4 (got 9)",
      },
      { path: ["models", 1, "gpus"], message: "must be 0 on cpu hardware (got 1)" },
      {
        path: ["models", 2, "name"],
        message: 'repeats model name "product-qa" (first used at models[1])',
      },
      {
        path: ["models", 2, "image"],
        message:
          'must pin a tag or digest, e.g. ghcr.io/ggml-org/llama.cpp:<version> or ghcr.io/ggml-org/llama.cpp@sha256:<digest> (got "ghcr.io/ggml-org/llama.cpp")',
      },
    ]);
  });
});
