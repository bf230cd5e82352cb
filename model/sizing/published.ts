/**
 * Published memory figures the sizing arithmetic is checked against (test/sizing.test.ts). One row per
 * figure: which model, what was measured or stated, the figure, its unit as the source uses it, and the
 * source. A row may record a disagreement: `agrees: false` says the source and this arithmetic differ,
 * and `note` says why.
 */
import type { Source } from "../catalog/types";
import type { Precision } from "./memory";

/** What a figure is of. */
export type FigureKind = "weights" | "kvCache" | "fitsIn";

/** One published figure. */
export interface PublishedFigure {
  readonly model: string;
  readonly kind: FigureKind;
  readonly precision: Precision;
  /** For kvCache: tokens of one request. */
  readonly contextTokens?: number;
  /** For fitsIn: concurrent requests assumed (1 unless the source says otherwise). */
  readonly concurrentRequests?: number;
  /** The figure, in `unit`. For fitsIn: memory of the hardware said to hold the model. */
  readonly value: number;
  /** GB = 1e9 bytes, GiB = 2^30 bytes: what the source's number means. */
  readonly unit: "GB" | "GiB";
  /** Whether the arithmetic agrees within 5% (fitsIn: whether the estimate fits). */
  readonly agrees: boolean;
  readonly source: Source;
  readonly note?: string;
}

const HF_LLAMA31 = {
  url: "https://github.com/huggingface/blog/blob/0551785f2dd08b7b56c9cc4e2c5cd44a8178a58b/llama31.md",
  date: "2026-11-30",
  note: "'How much memory does Llama 3.1 need?': inference memory by precision, and the FP16 KV cache at 1k/16k/128k tokens.",
} as const satisfies Source;
const HF_MIXTRAL = {
  url: "https://github.com/huggingface/blog/blob/main/mixtral.md",
  date: "2026-11-30",
  note: "'Mixtral requires 90GB of VRAM in half-precision'.",
} as const satisfies Source;
const HF_FALCON = {
  url: "https://github.com/huggingface/blog/blob/main/falcon-180b.md",
  date: "2026-11-30",
  note: "Hardware requirements table: inference BF16/FP16 640GB (8x A100 80GB); GPTQ/int4 320GB (8x A100 40GB).",
} as const satisfies Source;
const TRTLLM_FALCON = {
  url: "https://github.com/NVIDIA/TensorRT-LLM/blob/main/docs/source/blogs/Falcon180B-H200.md",
  date: "2026-11-30",
  note: "'Falcon-180B on a single H200 GPU with INT4 AWQ': one H200 (141 GB) holds it.",
} as const satisfies Source;
const CANITRUN_70B = {
  url: "https://canitrun.dev/models/llama-3.1-70b",
  date: "2026-11-30",
  note: "'Assumes 8k context': FP16 KV cache 2.68 GB (third-party calculator).",
} as const satisfies Source;

/** Published figures, one per line. */
// prettier-ignore
export const PUBLISHED_FIGURES: readonly PublishedFigure[] = [
  { model: "llama-3.1-8b", kind: "weights", precision: "fp16", value: 16, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-8b", kind: "weights", precision: "fp8", value: 8, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-8b", kind: "weights", precision: "int4", value: 4, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-8b", kind: "kvCache", precision: "fp16", contextTokens: 16000, value: 1.95, unit: "GiB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-8b", kind: "kvCache", precision: "fp16", contextTokens: 128000, value: 15.62, unit: "GiB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-70b", kind: "weights", precision: "fp16", value: 140, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-70b", kind: "weights", precision: "int4", value: 35, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-70b", kind: "kvCache", precision: "fp16", contextTokens: 16000, value: 4.88, unit: "GiB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-70b", kind: "kvCache", precision: "fp16", contextTokens: 128000, value: 39.06, unit: "GiB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-70b", kind: "kvCache", precision: "fp16", contextTokens: 8192, value: 2.68, unit: "GB", agrees: true, source: CANITRUN_70B },
  { model: "llama-3.1-405b", kind: "weights", precision: "fp16", value: 810, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-405b", kind: "weights", precision: "fp8", value: 405, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-405b", kind: "weights", precision: "int4", value: 203, unit: "GB", agrees: true, source: HF_LLAMA31 },
  { model: "llama-3.1-405b", kind: "kvCache", precision: "fp16", contextTokens: 128000, value: 123.05, unit: "GiB", agrees: false, source: HF_LLAMA31, note: "Exactly twice this arithmetic's 61.52 GiB: the blog's figure matches 16 KV heads; the 405B checkpoint has 8 (126 layers x 8 x 128 x 2 x 2 bytes = 504 KiB per token). The 8B and 70B rows of the same table agree to the digit." },
  { model: "mixtral-8x7b", kind: "weights", precision: "fp16", value: 90, unit: "GB", agrees: true, source: HF_MIXTRAL, note: "46.7B x 2 bytes = 93.4 GB, 3.8% above the blog's round figure." },
  { model: "falcon-180b", kind: "fitsIn", precision: "bf16", value: 640, unit: "GB", agrees: true, source: HF_FALCON },
  { model: "falcon-180b", kind: "fitsIn", precision: "int4", value: 320, unit: "GB", agrees: true, source: HF_FALCON },
  { model: "falcon-180b", kind: "fitsIn", precision: "int4", value: 141, unit: "GB", agrees: true, source: TRTLLM_FALCON },
];
