/**
 * Open models `hai size` knows by name: parameter count and the attention shape that sets the KV cache
 * (layers, KV heads, head dimension). One row per line; the sources say where each figure was read.
 *
 * Parameter counts are the totals a checkpoint stores (a mixture-of-experts model keeps every expert in
 * memory, so Mixtral counts 46.7B, not its 12.9B active).
 */
import type { Source } from "../catalog/types";

export const MODELS_DATE = "2026-11-30";

/** One model architecture. */
export interface KnownModel {
  /** Name on the command line: `llama-3.1-70b`. */
  readonly id: string;
  readonly name: string;
  /** Parameters, in billions. */
  readonly paramsBillion: number;
  /** Transformer layers that keep a KV cache. */
  readonly layers: number;
  /** Key/value heads per layer (grouped-query attention keeps fewer than query heads). */
  readonly kvHeads: number;
  readonly headDim: number;
  /** Longest context the model supports, tokens. */
  readonly maxContextTokens: number;
  readonly source: Source;
}

const HF_LLAMA31 = {
  url: "https://github.com/huggingface/blog/blob/0551785f2dd08b7b56c9cc4e2c5cd44a8178a58b/llama31.md",
  date: MODELS_DATE,
  note: "Sizes 8B/70B/405B, 128K context, grouped-query attention. Layers, KV heads and head dimension are the checkpoints' config.json values (32/8/128, 80/8/128, 126/8/128) as reproduced in third-party tables (e.g. fitmygpu.com: 70B '80 layers, 8 KV heads'); config.json itself was not re-read.",
} as const satisfies Source;

const MISTRAL_PAPER = {
  url: "https://arxiv.org/abs/2310.06825",
  date: MODELS_DATE,
  note: "Mistral 7B, Table 1: n_layers 32, head_dim 128, n_kv_heads 8, context_len 8192. 7.24B parameters per the model card. Not re-read for this table.",
} as const satisfies Source;

const MIXTRAL_PAPER = {
  url: "https://arxiv.org/abs/2401.04088",
  date: MODELS_DATE,
  note: "Mixtral 8x7B, Table 1: n_layers 32, head_dim 128, n_kv_heads 8, context_len 32768; 46.7B total parameters (Mistral's announcement). Not re-read for this table.",
} as const satisfies Source;

const FALCON_180B = {
  url: "https://github.com/huggingface/blog/blob/main/falcon-180b.md",
  date: MODELS_DATE,
  note: "180B parameters, 2048-token context. Layers 80, KV heads 8, head dimension 64 (hidden 14848 / 232 heads) are tiiuae/falcon-180B's config.json values, not re-read for this table.",
} as const satisfies Source;

const QWEN25 = {
  url: "https://arxiv.org/abs/2412.15115",
  date: MODELS_DATE,
  note: "Qwen2.5 technical report, model table: 7B 28 layers, 28/4 query/KV heads; 72B 80 layers, 64/8 heads; head dimension 128; 128K context. Parameter counts (7.61B, 72.7B) from the model cards. Not re-read for this table.",
} as const satisfies Source;

function model(
  id: string,
  name: string,
  paramsBillion: number,
  layers: number,
  kvHeads: number,
  headDim: number,
  maxContextTokens: number,
  source: Source,
): KnownModel {
  return { id, name, paramsBillion, layers, kvHeads, headDim, maxContextTokens, source };
}

/** Known models, smallest first. */
export const KNOWN_MODELS: readonly KnownModel[] = [
  model("mistral-7b", "Mistral 7B", 7.24, 32, 8, 128, 8192, MISTRAL_PAPER),
  model("qwen2.5-7b", "Qwen2.5 7B", 7.61, 28, 4, 128, 131072, QWEN25),
  model("llama-3.1-8b", "Llama 3.1 8B", 8.03, 32, 8, 128, 131072, HF_LLAMA31),
  model("mixtral-8x7b", "Mixtral 8x7B", 46.7, 32, 8, 128, 32768, MIXTRAL_PAPER),
  model("llama-3.1-70b", "Llama 3.1 70B", 70.6, 80, 8, 128, 131072, HF_LLAMA31),
  model("qwen2.5-72b", "Qwen2.5 72B", 72.7, 80, 8, 128, 131072, QWEN25),
  model("falcon-180b", "Falcon 180B", 180, 80, 8, 64, 2048, FALCON_180B),
  model("llama-3.1-405b", "Llama 3.1 405B", 405, 126, 8, 128, 131072, HF_LLAMA31),
];

/** A known model by id (case-insensitive), or `undefined`. */
export function knownModel(id: string): KnownModel | undefined {
  const key = id.toLowerCase();
  return KNOWN_MODELS.find((m) => m.id === key);
}
