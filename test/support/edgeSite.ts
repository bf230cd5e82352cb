/** A prod edge site and a signed vLLM model, as the site component resolves them: edge test fixtures. */
import { resolveModel } from "../../components/edge/edgeInferenceSite";
import type { ResolvedSite } from "../../components/edge/manifests";

/** store-berlin-01, a k3s site with an NVIDIA L4, in prod. */
export const PROD_SITE: ResolvedSite = {
  name: "store-berlin-01",
  namespace: "store-berlin-01",
  location: "eu-central",
  hardware: "nvidia-l4",
  distribution: "k3s",
  cacheStorageClass: "encrypted",
  costAllocation: {
    owner: "retail-ml",
    costCenter: "cc-5120",
    environment: "prod",
    stack: "edge-retail",
  },
};

/** support-chat on vLLM, signed by ml-release@acme.example. */
export const SIGNED_MODEL = resolveModel(
  {
    name: "support-chat",
    server: "vllm",
    image: "vllm/vllm-openai:v0.6.3",
    model: "meta-llama/Llama-3.1-8B-Instruct",
    revision: "0e9e39f",
    gpus: 1,
    signature: { identity: "ml-release@acme.example", issuer: "https://accounts.google.com" },
  },
  "nvidia-l4",
);
