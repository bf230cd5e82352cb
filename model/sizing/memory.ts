/**
 * GPU memory an inference server needs for one model: the weights, the KV cache of every concurrent
 * request at full context, and the runtime's own share, each shown.
 *
 * - Weights: parameters × bytes per parameter of the precision.
 * - KV cache: 2 (keys and values) × layers × KV heads × head dimension × bytes per element × context
 *   tokens × concurrent requests. This is the cache of full-length requests; servers that page the
 *   cache (vLLM) reach it only when every request is at full length.
 * - Runtime: vLLM plans with `gpu_memory_utilization` 0.9 by default, leaving a tenth of every GPU to the
 *   CUDA context, activations and fragmentation; the estimate keeps that share: (weights + KV) / 0.9 −
 *   (weights + KV).
 *
 * Units: GiB (2^30 bytes). Published figures mix GB and GiB; the tests that check this arithmetic
 * against them say which unit each uses.
 */
import type { KnownModel } from "./models";

/** Precisions of weights (and of the KV cache). */
export const PRECISIONS = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
} as const;
export type Precision = keyof typeof PRECISIONS;

/** Share of each GPU the server plans to use (vLLM's default `gpu_memory_utilization`). */
export const GPU_MEMORY_UTILIZATION = 0.9;

export const GIB = 2 ** 30;

/** What a sizing request asks. */
export interface SizingRequest {
  /** Parameters in billions. */
  readonly paramsBillion: number;
  /** Attention shape; from a known model, or given. */
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly precision: Precision;
  /** @default - 16-bit (vLLM's `kv_cache_dtype: auto` keeps the model's 16-bit dtype), fp32 for fp32 */
  readonly kvPrecision?: Precision;
  readonly contextTokens: number;
  readonly concurrentRequests: number;
}

/** The memory a request needs, each part in GiB, rounded to 0.01. */
export interface MemoryEstimate {
  readonly weightsGiB: number;
  readonly kvCacheGiB: number;
  /** KV cache of one token of one request, in KiB. */
  readonly kvPerTokenKiB: number;
  readonly runtimeOverheadGiB: number;
  readonly totalGiB: number;
  readonly precision: Precision;
  readonly kvPrecision: Precision;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Bytes of weights. */
export function weightBytes(paramsBillion: number, precision: Precision): number {
  return paramsBillion * 1e9 * PRECISIONS[precision];
}

/** Bytes of KV cache for one token of one request. */
export function kvBytesPerToken(
  shape: Pick<KnownModel, "layers" | "kvHeads" | "headDim">,
  kvPrecision: Precision,
): number {
  return 2 * shape.layers * shape.kvHeads * shape.headDim * PRECISIONS[kvPrecision];
}

/**
 * The KV precision used when none is given: 16-bit, since quantised weights (fp8, int8, int4) still run
 * with a 16-bit cache unless the server is told otherwise; fp32 weights keep an fp32 cache.
 */
export function defaultKvPrecision(precision: Precision): Precision {
  return precision === "fp32" ? "fp32" : "fp16";
}

/** Estimates the memory of a request. */
export function estimateMemory(req: SizingRequest): MemoryEstimate {
  const kvPrecision = req.kvPrecision ?? defaultKvPrecision(req.precision);
  const weights = weightBytes(req.paramsBillion, req.precision);
  const perToken = kvBytesPerToken(req, kvPrecision);
  const kv = perToken * req.contextTokens * req.concurrentRequests;
  const used = weights + kv;
  const total = used / GPU_MEMORY_UTILIZATION;
  return {
    weightsGiB: round2(weights / GIB),
    kvCacheGiB: round2(kv / GIB),
    kvPerTokenKiB: round2(perToken / 1024),
    runtimeOverheadGiB: round2((total - used) / GIB),
    totalGiB: round2(total / GIB),
    precision: req.precision,
    kvPrecision,
  };
}
