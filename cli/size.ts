/**
 * `hai size`: which hardware holds a model. Takes a known model name or its parameters, a precision,
 * a context length and a number of concurrent requests; prints the GPU memory it needs (weights, KV
 * cache, runtime share, each shown), then every cloud shape, Akamai plan, on-prem node and edge box
 * that holds it, cheapest first, each with a stack config snippet. `--json` prints the same as JSON.
 */
import { ConfigError, UsageError } from "../review/errors";
import { table, usd } from "../review/report/format";
import { findProject, stackFile } from "../review/run/project";
import { onPremMonthlyCost } from "../model/estimate/onprem";
import { sizingCatalog } from "../model/sizing/catalog";
import { readStackFile } from "../stacks/config/parse";
import { validateStackConfig } from "../stacks/config/validate";
import {
  PRECISIONS,
  estimateMemory,
  type MemoryEstimate,
  type Precision,
  type SizingRequest,
} from "../model/sizing/memory";
import { KNOWN_MODELS, knownModel, type KnownModel } from "../model/sizing/models";
import { rankCandidates, type OnPremCandidate, type SizingCandidate } from "../model/sizing/rank";

/** Flags of `hai size`, as commander hands them over (strings). */
export interface SizeFlags {
  readonly model?: string;
  readonly params?: string;
  readonly layers?: string;
  readonly kvHeads?: string;
  readonly headDim?: string;
  readonly precision?: string;
  readonly kvPrecision?: string;
  readonly context?: string;
  readonly concurrency?: string;
  readonly limit?: string;
  readonly json?: boolean;
  /** A stack whose on-prem pools (and their amortised cost) join the candidates. */
  readonly stack?: string;
}

/** Where the command writes; tests pass their own. */
export interface SizeIo {
  readonly stdout: (text: string) => void;
  /** On-prem pools to consider (from a stack's inventory); none by default. */
  readonly onPrem?: readonly OnPremCandidate[];
}

/** The result `--json` prints. */
export interface SizeResult {
  readonly model: {
    readonly id: string;
    readonly name: string;
    readonly paramsBillion: number;
    readonly layers: number;
    readonly kvHeads: number;
    readonly headDim: number;
    /** How the attention shape was found: the known-model table, flags, or a nearest known model. */
    readonly attentionFrom: string;
  };
  readonly contextTokens: number;
  readonly concurrentRequests: number;
  readonly memory: MemoryEstimate;
  readonly candidates: readonly SizingCandidate[];
  /** Notes on what the estimate leaves out. */
  readonly notes: readonly string[];
}

export const SIZE_DEFAULTS = {
  precision: "bf16" as Precision,
  contextTokens: 8192,
  concurrentRequests: 1,
  limit: 15,
} as const;

function positive(flag: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const text = raw.trim().toLowerCase();
  const k = /^(\d+(?:\.\d+)?)k$/.exec(text);
  const value = k ? Number(k[1]) * 1024 : Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `--${flag} must be a ${integer ? "whole " : ""}number > 0 (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}

function precisionFlag(flag: string, raw: string | undefined): Precision | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const p = raw.toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(PRECISIONS, p)) {
    throw new UsageError(
      `--${flag} must be one of ${Object.keys(PRECISIONS).join(", ")} (got ${JSON.stringify(raw)})`,
    );
  }
  return p as Precision;
}

/** The model a request is about, from `--model` or `--params` (+ attention flags). */
function resolveModel(flags: SizeFlags): SizeResult["model"] {
  const layers = positive("layers", flags.layers, true);
  const kvHeads = positive("kv-heads", flags.kvHeads, true);
  const headDim = positive("head-dim", flags.headDim, true);
  if (flags.model !== undefined) {
    const known = knownModel(flags.model);
    if (known === undefined) {
      throw new UsageError(
        `--model ${JSON.stringify(flags.model)} is not a known model; known: ${KNOWN_MODELS.map((m) => m.id).join(", ")}; or give --params (billions) instead`,
      );
    }
    return {
      id: known.id,
      name: known.name,
      paramsBillion: positive("params", flags.params, false) ?? known.paramsBillion,
      layers: layers ?? known.layers,
      kvHeads: kvHeads ?? known.kvHeads,
      headDim: headDim ?? known.headDim,
      attentionFrom: `${known.name} (${known.source.url})`,
    };
  }
  const params = positive("params", flags.params, false);
  if (params === undefined) {
    throw new UsageError("give --model <name> or --params <billions>");
  }
  const nearest = KNOWN_MODELS.reduce((best: KnownModel, m) =>
    Math.abs(Math.log(m.paramsBillion / params)) < Math.abs(Math.log(best.paramsBillion / params))
      ? m
      : best,
  );
  const given = layers !== undefined && kvHeads !== undefined && headDim !== undefined;
  return {
    id: `${params}b`,
    name: `${params}B-parameter model`,
    paramsBillion: params,
    layers: layers ?? nearest.layers,
    kvHeads: kvHeads ?? nearest.kvHeads,
    headDim: headDim ?? nearest.headDim,
    attentionFrom: given
      ? "--layers, --kv-heads and --head-dim"
      : `nearest known model by size, ${nearest.name} (give --layers, --kv-heads and --head-dim for yours)`,
  };
}

/** Works out the sizing without printing anything. */
export function sizeModel(flags: SizeFlags, onPrem: readonly OnPremCandidate[] = []): SizeResult {
  const model = resolveModel(flags);
  const precision = precisionFlag("precision", flags.precision) ?? SIZE_DEFAULTS.precision;
  const kvPrecision = precisionFlag("kv-precision", flags.kvPrecision);
  const contextTokens = positive("context", flags.context, true) ?? SIZE_DEFAULTS.contextTokens;
  const concurrentRequests =
    positive("concurrency", flags.concurrency, true) ?? SIZE_DEFAULTS.concurrentRequests;
  const request: SizingRequest = {
    ...model,
    precision,
    ...(kvPrecision ? { kvPrecision } : {}),
    contextTokens,
    concurrentRequests,
  };
  const memory = estimateMemory(request);
  const candidates = rankCandidates(model.id, memory, sizingCatalog(onPrem));
  const known = knownModel(model.id);
  const notes = [
    "KV cache counts every request at full context; a paged cache (vLLM) reaches it only when all are that long.",
    "Runtime share: vLLM's default gpu_memory_utilization 0.9 leaves 10% of each GPU to CUDA context and activations.",
    "Single nodes only: a model larger than the biggest node needs multi-node serving, not planned here.",
    "Monthly: cheapest region's on-demand price x 730 h; spot where the catalog has it.",
    ...(known !== undefined && contextTokens > known.maxContextTokens
      ? [
          `${known.name} supports ${known.maxContextTokens} tokens of context, fewer than the ${contextTokens} asked.`,
        ]
      : []),
  ];
  return { model, contextTokens, concurrentRequests, memory, candidates, notes };
}

/** The terminal rendering. */
export function renderSize(result: SizeResult, limit: number = SIZE_DEFAULTS.limit): string {
  const m = result.memory;
  const lines: string[] = [];
  lines.push(
    `${result.model.name}: ${result.model.paramsBillion}B parameters, ${m.precision} weights, ${m.kvPrecision} KV cache, ` +
      `${result.contextTokens} tokens x ${result.concurrentRequests} concurrent request${result.concurrentRequests === 1 ? "" : "s"}`,
  );
  lines.push(`Attention shape from ${result.model.attentionFrom}.`);
  lines.push("");
  lines.push(
    table(
      ["GPU memory", "GiB", "how"],
      [
        [
          "weights",
          m.weightsGiB.toFixed(2),
          `${result.model.paramsBillion}e9 params x ${PRECISIONS[m.precision]} B`,
        ],
        [
          "KV cache",
          m.kvCacheGiB.toFixed(2),
          `${m.kvPerTokenKiB} KiB/token x ${result.contextTokens} x ${result.concurrentRequests}`,
        ],
        ["runtime", m.runtimeOverheadGiB.toFixed(2), "(weights + KV) / 0.9 - (weights + KV)"],
        ["total", m.totalGiB.toFixed(2), ""],
      ],
      ["left", "right", "left"],
    ),
  );
  lines.push("");
  const shown = result.candidates.slice(0, limit);
  if (shown.length === 0) {
    lines.push(
      "No single node in the catalog holds it: quantise (--precision int4), shorten --context or lower --concurrency.",
    );
  } else {
    lines.push(
      `${result.candidates.length} places hold it; ${shown.length === result.candidates.length ? "all" : `the first ${shown.length}`} by monthly cost:`,
    );
    lines.push(
      table(
        ["#", "where", "shape", "GPUs", "GPU GiB", "used", "$/month", "spot $/month"],
        shown.map((c, i) => [
          i + 1,
          c.region !== undefined ? `${c.provider} ${c.region}` : c.provider,
          c.name,
          `${c.gpus}x ${c.gpu}`,
          c.gpuMemoryGiB,
          `${Math.round(c.utilisation * 100)}%`,
          c.monthlyUsd !== undefined ? usd(c.monthlyUsd) : (c.unpricedReason ?? "-"),
          c.spotMonthlyUsd !== undefined ? usd(c.spotMonthlyUsd) : "-",
        ]),
        ["right", "left", "left", "left", "right", "right", "right", "right"],
      ),
    );
    lines.push("");
    lines.push(`Config for #1 (${shown[0].provider} ${shown[0].name}):`);
    lines.push(shown[0].snippet);
    const edge = result.candidates.find((c) => c.kind === "edge");
    if (edge !== undefined && edge !== shown[0]) {
      lines.push("");
      lines.push(`At the edge (${edge.name}):`);
      lines.push(edge.snippet);
    }
  }
  lines.push("");
  lines.push(...result.notes.map((n) => `note: ${n}`));
  return `${lines.join("\n")}\n`;
}

/** The on-prem pools of a stack file, each with its amortised monthly cost per machine. */
export function onPremCandidates(stack: string, now: Date = new Date()): OnPremCandidate[] {
  const file = stackFile(findProject(), stack);
  const read = readStackFile(file, stack);
  const result = validateStackConfig(read.values, read.locator);
  if (result.config === undefined) {
    throw new ConfigError([...read.problems, ...result.problems], read.file);
  }
  return result.config.clusters
    .filter((c) => c.cloud === "onprem")
    .flatMap((c) =>
      c.gpuPools.map((p) => ({
        site: c.region,
        pool: p.name,
        gpu: p.gpu,
        gpusPerNode: p.gpusPerNode ?? 0,
        ...(p.hardware
          ? { monthlyUsdPerNode: onPremMonthlyCost(p.hardware, 1, now).monthlyUsdPerNode }
          : {}),
      })),
    );
}

/** Runs `hai size`; returns the exit code. */
export function sizeCommand(flags: SizeFlags, io: SizeIo): number {
  const onPrem = [...(io.onPrem ?? []), ...(flags.stack ? onPremCandidates(flags.stack) : [])];
  const result = sizeModel(flags, onPrem);
  if (flags.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    io.stdout(renderSize(result, positive("limit", flags.limit, true) ?? SIZE_DEFAULTS.limit));
  }
  return 0;
}
