/**
 * Sites that keep serving offline: a model's image and files are fetched into the site's cache
 * before its Deployment switches to them, and signed models are verified before the server starts.
 *
 * - A prefetch Job per model revision (`<model>-fetch-<hash>`): an init container runs the new server
 *   image (so the node has pulled it), then the files are copied into the cache volume, then (when a
 *   signature is set) verified. The site component makes the Deployment depend on the Job, and the
 *   Kubernetes provider waits for a Job to succeed (pulumi-kubernetes PR 633, "Add Job awaiter"), so
 *   the switch only happens once everything is local. A failed fetch fails the update; the old
 *   revision keeps serving.
 * - The server then starts from the cache with no hub call (`OFFLINE_ENV`, local paths: see
 *   `serverInvocation`), and a verify init container checks the files against their signature before
 *   every start.
 *
 * Pure: no Pulumi.
 */
import { createHash } from "node:crypto";
import { VERIFY_SIGNATURE_CONTAINER } from "../../model/contracts";
import { MODEL_CACHE_PATH, cacheLayout, splitGguf, type InferenceServer } from "./servers";

/** Who must have signed a model: a Sigstore identity and its OIDC issuer. */
export interface ModelSignature {
  /** The signer's identity in the Fulcio certificate, e.g. `ml-release@acme.example`. */
  readonly identity: string;
  /** The OIDC issuer of that identity, e.g. `https://accounts.google.com`. */
  readonly issuer: string;
  /**
   * The signature file, relative to the model's folder.
   * @default "model.sig" (what `model_signing sign` writes)
   */
  readonly file?: string;
}

/** Default signature file name: `model_signing sign`'s default output. */
export const DEFAULT_SIGNATURE_FILE = "model.sig";

/** Images the prefetch and verify steps run; pinned, from the edge tool catalog. */
export interface EdgeToolImages {
  /** sigstore model-transparency CLI (entrypoint `model_signing`). */
  readonly modelSigning: string;
  /** curl, to fetch a single GGUF file. */
  readonly curl: string;
  /** AWS CLI, to copy a Triton repository snapshot from S3. */
  readonly awsCli: string;
  /** Google Cloud CLI, to copy a Triton repository snapshot from Cloud Storage. */
  readonly gcloud: string;
}

/** What prefetching and serving need to know of a model. */
export interface CachedModel {
  readonly name: string;
  readonly server: InferenceServer;
  readonly image: string;
  readonly model: string;
  readonly revision: string;
  readonly signature?: ModelSignature;
}

/** Short, stable name suffix of a model revision (image, model, revision, signature). */
export function revisionHash(m: CachedModel): string {
  return createHash("sha256")
    .update(JSON.stringify([m.image, m.model, m.revision, m.signature ?? null]))
    .digest("hex")
    .slice(0, 8);
}

/** Name of a model revision's prefetch Job. */
export const prefetchJobName = (m: CachedModel) => `${m.name}-fetch-${revisionHash(m)}`;

/** A container of the prefetch Job as it is rendered. */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
  securityContext: { allowPrivilegeEscalation: false; capabilities: { drop: string[] } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}

const SECURITY = {
  allowPrivilegeEscalation: false as const,
  capabilities: { drop: ["ALL"] },
};
const CACHE_MOUNT = [{ name: "model-cache", mountPath: MODEL_CACHE_PATH }];
const SMALL = { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "2Gi" } };

/** The container that copies a model revision into the cache; undefined when it is local already. */
export function fetchContainer(m: CachedModel, tools: EdgeToolImages): Container | undefined {
  const layout = cacheLayout(m);
  if (!layout.fetched) {
    return undefined;
  }
  const base = {
    name: "fetch",
    volumeMounts: CACHE_MOUNT,
    securityContext: SECURITY,
    resources: SMALL,
  };
  const sigFile = m.signature?.file ?? DEFAULT_SIGNATURE_FILE;
  switch (m.server) {
    case "vllm":
      // The vLLM image carries huggingface_hub: download the pinned commit into a plain folder.
      return {
        ...base,
        image: m.image,
        command: ["python3", "-c"],
        args: [
          "import sys; from huggingface_hub import snapshot_download; snapshot_download(repo_id=sys.argv[1], revision=sys.argv[2], local_dir=sys.argv[3])",
          m.model,
          m.revision,
          layout.dir,
        ],
        env: [
          { name: "HF_HOME", value: `${MODEL_CACHE_PATH}/hf` },
          { name: "HF_HUB_DISABLE_TELEMETRY", value: "1" },
        ],
      };
    case "llamacpp": {
      const { repo, file } = splitGguf(m.model);
      const url = (f: string) => `https://huggingface.co/${repo}/resolve/${m.revision}/${f}`;
      const get = (f: string, to: string) =>
        `[ -s "${to}" ] || { curl -fsSL --retry 5 -o "${to}.part" "${url(f)}" && mv "${to}.part" "${to}"; }`;
      const steps = [`mkdir -p "${layout.dir}"`, get(file, layout.servePath)];
      if (m.signature !== undefined) {
        steps.push(get(sigFile, `${layout.dir}/${sigFile}`));
      }
      return { ...base, image: tools.curl, command: ["sh", "-c"], args: [steps.join(" && ")] };
    }
    case "triton": {
      const source = `${m.model.replace(/\/+$/, "")}/${m.revision}`;
      return m.model.startsWith("s3://")
        ? {
            ...base,
            image: tools.awsCli,
            command: ["aws"],
            args: ["s3", "sync", source, layout.dir],
          }
        : {
            ...base,
            image: tools.gcloud,
            command: ["gcloud"],
            args: ["storage", "rsync", "--recursive", source, layout.dir],
          };
    }
  }
}

/**
 * The container that checks a model's files against its Sigstore signature with
 * `model_signing verify sigstore MODEL_PATH --signature ... --identity ... --identity_provider ...`
 * (sigstore/model-transparency `src/model_signing/_cli.py` at commit 06dc18c3). Exits non-zero, and
 * so keeps the server from starting, when the files or the signer do not match.
 */
export function verifyContainer(m: CachedModel, tools: EdgeToolImages): Container | undefined {
  if (m.signature === undefined) {
    return undefined;
  }
  const layout = cacheLayout(m);
  const folder = layout.fetched ? layout.dir : layout.servePath;
  return {
    name: VERIFY_SIGNATURE_CONTAINER,
    image: tools.modelSigning,
    args: [
      "verify",
      "sigstore",
      m.server === "llamacpp" ? layout.servePath : folder,
      "--signature",
      `${folder}/${m.signature.file ?? DEFAULT_SIGNATURE_FILE}`,
      "--identity",
      m.signature.identity,
      "--identity_provider",
      m.signature.issuer,
      // snapshot_download keeps its own bookkeeping in .cache/ inside the folder.
      "--ignore-paths",
      `${folder}/.cache`,
    ],
    // Sigstore's trust root (TUF metadata) is kept on the volume, fetched while the site is online
    // (whether verification then works with no uplink at all is not verified: docs/edge-rollout.md).
    env: [{ name: "HOME", value: `${MODEL_CACHE_PATH}/.verify-home` }],
    volumeMounts: CACHE_MOUNT,
    securityContext: SECURITY,
    resources: SMALL,
  };
}

/** The prefetch Job of a model revision: pull the image, fetch the files, verify them. */
export function renderPrefetchJob(
  meta: { namespace: string; labels: Record<string, string> },
  m: CachedModel,
  claimName: string,
  tools: EdgeToolImages,
  pod: { nodeSelector?: Record<string, string>; runtimeClassName?: string },
) {
  const fetch = fetchContainer(m, tools);
  const verify = verifyContainer(m, tools);
  // The server image runs once doing nothing: the node pulls it before the Deployment needs it.
  const pull: Container = {
    name: "pull-server-image",
    image: m.image,
    command: ["sh", "-c", "true"],
    volumeMounts: [],
    securityContext: SECURITY,
    resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
  };
  const steps = [pull, fetch, verify].filter((c): c is Container => c !== undefined);
  const last = steps[steps.length - 1];
  return {
    apiVersion: "batch/v1" as const,
    kind: "Job" as const,
    metadata: {
      name: prefetchJobName(m),
      namespace: meta.namespace,
      labels: { ...meta.labels, "app.kubernetes.io/component": "prefetch" },
    },
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels: { ...meta.labels, "app.kubernetes.io/component": "prefetch" } },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          ...(pod.nodeSelector ? { nodeSelector: pod.nodeSelector } : {}),
          initContainers: steps.slice(0, -1),
          containers: [last],
          volumes: [{ name: "model-cache", persistentVolumeClaim: { claimName } }],
        },
      },
    },
  };
}
