/**
 * What each inference server needs: how it takes a pinned model and revision, its ports, the probes
 * that keep a loading model from being killed or sent traffic, and the metric that shows its queue.
 * Pure data and functions, no Pulumi.
 */
import { show, type Problem } from "../../model/validation";

/** Inference servers an edge site can run. */
export const InferenceServer = { Vllm: "vllm", Triton: "triton", Llamacpp: "llamacpp" } as const;
export type InferenceServer = (typeof InferenceServer)[keyof typeof InferenceServer];
export const INFERENCE_SERVERS = Object.values(InferenceServer) as [
  InferenceServer,
  ...InferenceServer[],
];

/** Edge hardware classes. `cpu` has no accelerator; the others carry NVIDIA GPUs. */
export const EdgeHardware = {
  NvidiaL4: "nvidia-l4",
  NvidiaT4: "nvidia-t4",
  NvidiaA2: "nvidia-a2",
  JetsonOrin: "jetson-orin",
  Cpu: "cpu",
} as const;
export type EdgeHardware = (typeof EdgeHardware)[keyof typeof EdgeHardware];
export const EDGE_HARDWARE = Object.values(EdgeHardware) as [EdgeHardware, ...EdgeHardware[]];

/** Whether hardware has NVIDIA GPUs. */
export const hasGpu = (hardware: EdgeHardware): boolean => hardware !== "cpu";

/** Where a model cache volume is mounted in the server container. */
export const MODEL_CACHE_PATH = "/models";

/** A probe as Kubernetes writes it (HTTP GET on a named port). */
export interface HttpProbe {
  readonly httpGet: { readonly path: string; readonly port: string };
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold?: number;
}

/** A container port. */
export interface ServerPort {
  readonly name: string;
  readonly containerPort: number;
}

/** How one server runs. */
export interface ServerProfile {
  /** Port serving inference requests (the Service's port). */
  readonly httpPort: number;
  /** Further ports (gRPC, metrics). */
  readonly extraPorts: readonly ServerPort[];
  /** Port name and path Prometheus scrapes. */
  readonly metrics: { readonly port: string; readonly path: string };
  /** Prometheus metric counting requests waiting in the server's queue. */
  readonly queueMetric: string;
  /**
   * Startup probe: generous, since loading weights takes minutes; liveness and readiness start after
   * it succeeds, so a loading model is neither restarted nor sent traffic.
   */
  readonly startupProbe: HttpProbe;
  readonly readinessProbe: HttpProbe;
  readonly livenessProbe: HttpProbe;
  /** Whether the server runs without a GPU. */
  readonly runsOnCpu: boolean;
  /** What `model` and `revision` mean for this server, for messages and docs. */
  readonly modelHelp: string;
}

const probe = (
  path: string,
  periodSeconds: number,
  failureThreshold: number,
  timeoutSeconds = 5,
): HttpProbe => ({
  httpGet: { path, port: "http" },
  periodSeconds,
  timeoutSeconds,
  failureThreshold,
});

/** Up to 30 minutes (180 x 10 s) to download and load weights before the container counts as failed. */
const STARTUP_FAILURES = 180;

/** Server profiles. */
export const SERVERS: Record<InferenceServer, ServerProfile> = {
  // vLLM's HTTP server only listens once the engine has loaded the model; /health then answers 200.
  vllm: {
    httpPort: 8000,
    extraPorts: [],
    metrics: { port: "http", path: "/metrics" },
    queueMetric: "vllm:num_requests_waiting",
    startupProbe: probe("/health", 10, STARTUP_FAILURES),
    readinessProbe: probe("/health", 10, 3),
    livenessProbe: probe("/health", 20, 3, 10),
    runsOnCpu: false,
    modelHelp: "a Hugging Face repository (org/name) and a commit hash",
  },
  // Triton: ready once every model in the repository loaded; live as long as the process is healthy.
  triton: {
    httpPort: 8000,
    extraPorts: [
      { name: "grpc", containerPort: 8001 },
      { name: "metrics", containerPort: 8002 },
    ],
    metrics: { port: "metrics", path: "/metrics" },
    queueMetric: "nv_inference_pending_request_count",
    startupProbe: probe("/v2/health/ready", 10, STARTUP_FAILURES),
    readinessProbe: probe("/v2/health/ready", 10, 3),
    livenessProbe: probe("/v2/health/live", 20, 3, 10),
    runsOnCpu: true,
    modelHelp: "a model repository (s3://, gs:// or a path) and the snapshot folder under it",
  },
  // llama.cpp's server answers /health with 503 while it loads the model and 200 once it can serve.
  llamacpp: {
    httpPort: 8080,
    extraPorts: [],
    metrics: { port: "http", path: "/metrics" },
    queueMetric: "llamacpp:requests_deferred",
    startupProbe: probe("/health", 10, STARTUP_FAILURES),
    readinessProbe: probe("/health", 10, 3),
    livenessProbe: probe("/health", 20, 3, 10),
    runsOnCpu: true,
    modelHelp: "a GGUF file as <org>/<repository>/<file>.gguf on Hugging Face and a commit hash",
  },
};

/** One model as the server is told to run it. */
export interface ServedModel {
  readonly name: string;
  readonly server: InferenceServer;
  readonly model: string;
  readonly revision: string;
  readonly gpus: number;
}

/** The container's command (when the image's entrypoint does not fit), arguments and environment. */
export interface ServerInvocation {
  readonly command?: readonly string[];
  readonly args: readonly string[];
  readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** Environment that keeps a server from calling a model hub at start-up. */
export const OFFLINE_ENV: ReadonlyArray<{ readonly name: string; readonly value: string }> = [
  // huggingface_hub and transformers read these: no network call, files from the local cache only.
  { name: "HF_HUB_OFFLINE", value: "1" },
  { name: "TRANSFORMERS_OFFLINE", value: "1" },
  { name: "HF_HUB_DISABLE_TELEMETRY", value: "1" },
];

/** Where a model revision lives in the cache, and what the server loads. */
export interface CacheLayout {
  /** Folder of this revision in the cache volume: `/models/<model name>/<revision>`. */
  readonly dir: string;
  /** What the server loads: the folder, the GGUF file in it, or a local Triton repository path. */
  readonly servePath: string;
  /** Whether the files come from outside the site (false for a local Triton repository path). */
  readonly fetched: boolean;
}

/** The cache layout of a model revision (the prefetch Job fills it; the server reads it). */
export function cacheLayout(
  m: Pick<ServedModel, "name" | "server" | "model" | "revision">,
): CacheLayout {
  const dir = `${MODEL_CACHE_PATH}/${m.name}/${m.revision}`;
  switch (m.server) {
    case "vllm":
      return { dir, servePath: dir, fetched: true };
    case "llamacpp":
      return {
        dir,
        servePath: `${dir}/${splitGguf(m.model).file.split("/").pop()}`,
        fetched: true,
      };
    case "triton":
      return /^(s3|gs):\/\//.test(m.model)
        ? { dir, servePath: dir, fetched: true }
        : { dir, servePath: `${m.model.replace(/\/+$/, "")}/${m.revision}`, fetched: false };
  }
}

/**
 * How each server is told which model to serve: always from the site's cache, filled by the
 * prefetch Job before the switch, so a start-up needs no uplink (no hub call, no download).
 */
export function serverInvocation(m: ServedModel): ServerInvocation {
  const port = String(SERVERS[m.server].httpPort);
  const local = cacheLayout(m).servePath;
  switch (m.server) {
    case "vllm":
      // The image's entrypoint is vLLM's OpenAI-compatible server; a local folder needs no revision.
      return {
        args: ["--model", local, "--served-model-name", m.name, "--port", port],
        env: [{ name: "HF_HOME", value: `${MODEL_CACHE_PATH}/hf` }, ...OFFLINE_ENV],
      };
    case "triton":
      // Triton has no revision flag: a revision names an immutable snapshot folder, copied locally.
      return {
        command: ["tritonserver"],
        args: [
          `--model-repository=${local}`,
          `--http-port=${port}`,
          "--grpc-port=8001",
          "--metrics-port=8002",
          "--strict-readiness=true",
        ],
        env: [],
      };
    case "llamacpp":
      // The pinned GGUF file, already in the cache: no --model-url, so nothing is downloaded.
      return {
        args: [
          "--model",
          local,
          "--alias",
          m.name,
          "--host",
          "0.0.0.0",
          "--port",
          port,
          "--metrics",
          "--n-gpu-layers",
          m.gpus > 0 ? "999" : "0",
        ],
        env: [...OFFLINE_ENV],
      };
  }
}

/** A GGUF model reference split into its repository and file. */
export function splitGguf(model: string): { repo: string; file: string } {
  const parts = model.split("/");
  return { repo: parts.slice(0, 2).join("/"), file: parts.slice(2).join("/") };
}

const COMMIT = /^[0-9a-f]{7,40}$/;
const HF_REPO = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
const GGUF = /^[A-Za-z0-9][\w.-]*\/[\w.-]+\/[\w./-]+\.gguf$/;

/**
 * Checks that a model is pinned the way its server takes it: Hugging Face models by commit hash, a
 * Triton repository by a snapshot folder. Paths are relative to the model.
 */
export function validateServedModel(m: ServedModel): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path: [path], message });
  if (m.server === "vllm" && !HF_REPO.test(m.model)) {
    add(
      "model",
      `must be a Hugging Face repository like meta-llama/Llama-3.1-8B-Instruct for vllm (got ${show(m.model)})`,
    );
  }
  if (m.server === "llamacpp" && !GGUF.test(m.model)) {
    add(
      "model",
      `must be <org>/<repository>/<file>.gguf for llamacpp, e.g. bartowski/Llama-3.2-3B-Instruct-GGUF/Llama-3.2-3B-Instruct-Q4_K_M.gguf (got ${show(m.model)})`,
    );
  }
  if (m.server !== "triton" && !COMMIT.test(m.revision)) {
    add(
      "revision",
      `must be a commit hash (7-40 hex digits) so the model cannot change under you (got ${show(m.revision)})`,
    );
  }
  if (
    m.server === "triton" &&
    (!/^[\w.-]+$/.test(m.revision) || ["latest", "main", "master"].includes(m.revision))
  ) {
    add(
      "revision",
      `must name an immutable snapshot folder of the repository, e.g. 2026-11-01 (got ${show(m.revision)})`,
    );
  }
  return problems;
}

/**
 * Checks that a container image is pinned: a tag other than `latest`, or a digest. Returns a message
 * (to put after the key path), or undefined when the image is fine.
 */
export function imageProblem(image: string): string | undefined {
  const at = image.indexOf("@");
  const withoutDigest = at < 0 ? image : image.slice(0, at);
  // Everything after the first `@` is the digest: junk after it (`@sha256:...@x`) is refused.
  const digest = at < 0 ? undefined : image.slice(at + 1);
  if (digest !== undefined && (withoutDigest === "" || /\s/.test(withoutDigest))) {
    return `must be an image reference like vllm/vllm-openai@sha256:<digest> (got ${show(image)})`;
  }
  if (digest !== undefined) {
    return /^sha256:[0-9a-f]{64}$/.test(digest)
      ? undefined
      : `has a malformed digest; use @sha256:<64 hex digits> (got ${show(image)})`;
  }
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  if (withoutDigest === "" || /\s/.test(image)) {
    return `must be an image reference like vllm/vllm-openai:v0.6.3 (got ${show(image)})`;
  }
  if (colon < 0) {
    return `must pin a tag or digest, e.g. ${withoutDigest}:<version> or ${withoutDigest}@sha256:<digest> (got ${show(image)})`;
  }
  const tag = withoutDigest.slice(colon + 1);
  if (tag === "latest") {
    return `must not use the latest tag, which changes under you; pin a version or digest (got ${show(image)})`;
  }
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
    return `has an invalid tag ${show(tag)} (got ${show(image)})`;
  }
  return undefined;
}
