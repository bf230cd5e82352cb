/**
 * The prefetch Job and the signature check of edge models: Kubernetes schema (kubernetes-models)
 * plus what each step runs.
 */
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { describe, expect, it } from "vitest";
import {
  prefetchJobName,
  renderPrefetchJob,
  verifyContainer,
  type CachedModel,
  type EdgeToolImages,
} from "../components/edge/prefetch";
import { trivyOperatorRelease } from "../components/edge/scanning";
import { cacheLayout } from "../components/edge/servers";
import { PROD_SITE, SIGNED_MODEL } from "./support/edgeSite";
import { renderDeployment, renderModelPrefetchJob } from "../components/edge/manifests";

const tools: EdgeToolImages = {
  modelSigning: "ghcr.io/sigstore/model-transparency-cli:v1.1.1",
  curl: "curlimages/curl:8.11.1",
  awsCli: "amazon/aws-cli:2.22.35",
  gcloud: "gcr.io/google.com/cloudsdktool/google-cloud-cli:502.0.0-slim",
};
const signature = { identity: "ml-release@acme.example", issuer: "https://accounts.google.com" };
const vllm: CachedModel = {
  name: "support-chat",
  server: "vllm",
  image: "vllm/vllm-openai:v0.6.3",
  model: "meta-llama/Llama-3.1-8B-Instruct",
  revision: "0e9e39f249a16976918f6564b8830bc894c89659",
  signature,
};
const gguf: CachedModel = {
  name: "product-qa",
  server: "llamacpp",
  image: "ghcr.io/ggml-org/llama.cpp:server-b4500",
  model: "bartowski/Llama-3.2-3B-Instruct-GGUF/Llama-3.2-3B-Instruct-Q4_K_M.gguf",
  revision: "5ab33fa94d1d04e903623ae72c95d1696f09f9e8",
  signature,
};
const triton: CachedModel = {
  name: "shelf-vision",
  server: "triton",
  image: "nvcr.io/nvidia/tritonserver:24.08-py3",
  model: "s3://acme-edge-models/shelf-vision",
  revision: "2026-11-01",
};
const meta = { namespace: "store-berlin-01", labels: { "hybrid-ai/site": "store-berlin-01" } };

describe("prefetch Job", () => {
  it.each([vllm, gguf, triton])(
    "$server: pulls the image, fetches, verifies; valid Kubernetes",
    (m) => {
      const job = renderPrefetchJob(meta, m, `${m.name}-cache`, tools, {});
      expect(() => new Job(job as never).validate()).not.toThrow();
      const spec = job.spec.template.spec;
      const steps = [...spec.initContainers, ...spec.containers].map((c) => c.name);
      expect(steps).toEqual(
        m.signature
          ? ["pull-server-image", "fetch", "verify-signature"]
          : ["pull-server-image", "fetch"],
      );
      expect(spec.initContainers[0]).toMatchObject({
        image: m.image,
        command: ["sh", "-c", "true"],
      });
      expect(job.metadata.name).toMatch(new RegExp(`^${m.name}-fetch-[0-9a-f]{8}$`));
    },
  );

  it("names the Job after the revision, so a new revision gets a new Job", () => {
    expect(prefetchJobName(vllm)).not.toBe(prefetchJobName({ ...vllm, revision: "1a2b3c4" }));
    expect(prefetchJobName(vllm)).toBe(prefetchJobName({ ...vllm }));
  });

  it("downloads a Hugging Face model with the server image into /models/<name>/<revision>", () => {
    const job = renderPrefetchJob(meta, vllm, "support-chat-cache", tools, {});
    const fetch = job.spec.template.spec.initContainers[1];
    expect(fetch.image).toBe("vllm/vllm-openai:v0.6.3");
    expect(fetch.args?.slice(1)).toEqual([
      "meta-llama/Llama-3.1-8B-Instruct",
      "0e9e39f249a16976918f6564b8830bc894c89659",
      "/models/support-chat/0e9e39f249a16976918f6564b8830bc894c89659",
    ]);
  });

  it("fetches a GGUF file and its signature with curl, once", () => {
    const fetch = renderPrefetchJob(meta, gguf, "c", tools, {}).spec.template.spec
      .initContainers[1];
    expect(fetch.image).toBe(tools.curl);
    expect(fetch.args?.[0]).toContain(
      "https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/5ab33fa94d1d04e903623ae72c95d1696f09f9e8/model.sig",
    );
    expect(fetch.args?.[0]).toContain(
      '[ -s "/models/product-qa/5ab33fa94d1d04e903623ae72c95d1696f09f9e8/Llama-3.2-3B-Instruct-Q4_K_M.gguf" ] ||',
    );
  });

  it("copies a Triton snapshot from S3; a local repository needs no fetch", () => {
    const fetch = renderPrefetchJob(meta, triton, "c", tools, {}).spec.template.spec.containers[0];
    expect(fetch).toMatchObject({
      image: tools.awsCli,
      args: [
        "s3",
        "sync",
        "s3://acme-edge-models/shelf-vision/2026-11-01",
        "/models/shelf-vision/2026-11-01",
      ],
    });
    const local = { ...triton, model: "/srv/models/shelf-vision" };
    expect(cacheLayout(local)).toEqual({
      dir: "/models/shelf-vision/2026-11-01",
      servePath: "/srv/models/shelf-vision/2026-11-01",
      fetched: false,
    });
    const steps = renderPrefetchJob(meta, local, "c", tools, {}).spec.template.spec;
    expect([...steps.initContainers, ...steps.containers].map((c) => c.name)).toEqual([
      "pull-server-image",
    ]);
  });
});

describe("signature check", () => {
  it("runs model_signing verify sigstore with the expected signer", () => {
    expect(verifyContainer(vllm, tools)?.args).toEqual([
      "verify",
      "sigstore",
      "/models/support-chat/0e9e39f249a16976918f6564b8830bc894c89659",
      "--signature",
      "/models/support-chat/0e9e39f249a16976918f6564b8830bc894c89659/model.sig",
      "--identity",
      "ml-release@acme.example",
      "--identity_provider",
      "https://accounts.google.com",
      "--ignore-paths",
      "/models/support-chat/0e9e39f249a16976918f6564b8830bc894c89659/.cache",
    ]);
    expect(verifyContainer(gguf, tools)?.args?.[2]).toBe(
      "/models/product-qa/5ab33fa94d1d04e903623ae72c95d1696f09f9e8/Llama-3.2-3B-Instruct-Q4_K_M.gguf",
    );
    expect(verifyContainer(triton, tools)).toBeUndefined();
  });
});

describe("a signed model's Deployment", () => {
  const site = PROD_SITE;
  const model = SIGNED_MODEL;

  it("verifies the signature in an init container before the server starts; valid Kubernetes", () => {
    const d = renderDeployment(site, model);
    expect(() => new Deployment(d as never).validate()).not.toThrow();
    const pod = d.spec.template.spec;
    expect(pod.initContainers?.map((c) => [c.name, c.image])).toEqual([
      ["verify-signature", "ghcr.io/sigstore/model-transparency-cli:v1.1.1"],
    ]);
    expect(pod.initContainers?.[0].volumeMounts).toEqual([
      { name: "model-cache", mountPath: "/models" },
    ]);
    expect(d.metadata.annotations["hybrid-ai/model-signer"]).toBe(
      "ml-release@acme.example (https://accounts.google.com)",
    );
    // The server reads the very folder the signature was checked on.
    expect(pod.containers[0].args[1]).toBe(pod.initContainers?.[0].args?.[2]);
  });

  it("has a prefetch Job on the site's cache claim, valid Kubernetes", () => {
    const job = renderModelPrefetchJob(site, model);
    expect(() => new Job(job as never).validate()).not.toThrow();
    expect(job.metadata.namespace).toBe("store-berlin-01");
    expect(job.spec.template.spec.volumes).toEqual([
      { name: "model-cache", persistentVolumeClaim: { claimName: "support-chat-cache" } },
    ]);
  });
});

describe("vulnerability scan", () => {
  it("scans the site's namespace daily and exports findings per CVE", () => {
    const release = trivyOperatorRelease(
      "store-berlin-01",
      {
        repo: "https://aquasecurity.github.io/helm-charts/",
        chart: "trivy-operator",
        version: "0.29.0",
      },
      {},
    );
    expect(release).toMatchObject({
      chart: "trivy-operator",
      version: "0.29.0",
      namespace: "trivy-system",
      values: {
        targetNamespaces: "store-berlin-01",
        operator: { scannerReportTTL: "24h", metricsVulnIdEnabled: true },
      },
    });
  });
});
