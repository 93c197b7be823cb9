// The energy physics: FLOPs per token (Kaplan et al. 2020, Table 1), compute-bound prefill, and a memory-bound
// roofline for decode with batching, KV cache traffic and the memory capacity cap. Energies are joules.
import type { ModelPreset } from './presets';
import { weightBytes, type CostSetup } from './setup';

/** The quantities of a model the formulas use. */
export interface ModelShape {
  /** N: parameters used per token (decode: every weight read counts, the output head included). */
  activeParams: number;
  /** N for prefill FLOPs: active parameters without the input embedding and the output head. */
  prefillParams: number;
  /** L: layers. */
  layers: number;
  /** d_attn for prefill FLOPs: query heads × (key width + value width) / 2. */
  attnDimPrefill: number;
  /** d_attn for decode FLOPs (differs only for MLA, which decodes in the latent space). */
  attnDimDecode: number;
  /** b_kv: bytes of KV cache per token of context. */
  kvBytesPerToken: number;
  /** W: bytes of all weights. */
  weightBytes: number;
}

/** Derives the formula inputs of a model. */
export function modelShape(m: ModelPreset): ModelShape {
  const L = m.layers;
  if (m.mla) {
    // MLA caches one latent (kv_lora_rank) plus the shared rotary key per layer, not per-head K and V.
    const latent = m.mla.kvLoraRank + m.mla.ropeDim;
    return {
      activeParams: m.activeParamsB * 1e9,
      prefillParams: (m.nonEmbeddingParamsB ?? m.activeParamsB) * 1e9,
      layers: L,
      attnDimPrefill: (m.queryHeads * (m.mla.qkHeadDim + m.mla.vHeadDim)) / 2,
      // Decode with absorbed projections: scores over the 576-wide latent, values over the 512-wide latent.
      attnDimDecode: (m.queryHeads * (latent + m.mla.kvLoraRank)) / 2,
      kvBytesPerToken: L * latent * m.kvBytes,
      weightBytes: weightBytes(m),
    };
  }
  const dAttn = m.queryHeads * m.headDim;
  return {
    activeParams: m.activeParamsB * 1e9,
    prefillParams: (m.nonEmbeddingParamsB ?? m.activeParamsB) * 1e9,
    layers: L,
    attnDimPrefill: dAttn,
    attnDimDecode: dAttn,
    kvBytesPerToken: 2 * L * m.kvHeads * m.headDim * m.kvBytes,
    weightBytes: weightBytes(m),
  };
}

/**
 * Bytes of weights one decode step reads. Dense: all of them. MoE: the shared part plus the routed experts that
 * at least one of the `batch` tokens selects, 1 − (1 − a/E)^B of them in expectation (uniform routing).
 */
export function weightBytesRead(m: ModelPreset, batch: number): number {
  if (!m.moe) return weightBytes(m);
  const touched = 1 - Math.pow(1 - m.moe.activeExperts / m.moe.experts, batch);
  const shared = (m.paramsB - m.moe.routedParamsB) * 1e9;
  return (shared + m.moe.routedParamsB * 1e9 * touched) * m.weightBytes;
}

/** Prefill FLOPs split into the weight matmuls and attention, which run at different efficiencies. */
export interface PrefillFlops {
  /** 2·N·n: every new token meets every (non-embedding, active) weight. */
  linear: number;
  /** 2·L·d_attn·((c+n)² − c²): QKᵀ and A·V over the causal prefix. */
  attention: number;
}

/** Forward FLOPs of `newTokens` after `cachedTokens` already in the KV cache, split by kind. */
export function prefillFlopParts(s: ModelShape, newTokens: number, cachedTokens = 0): PrefillFlops {
  const n = newTokens;
  const c = cachedTokens;
  return { linear: 2 * s.prefillParams * n, attention: 2 * s.layers * s.attnDimPrefill * ((c + n) * (c + n) - c * c) };
}

/**
 * Forward FLOPs to process `newTokens` after `cachedTokens` already in the KV cache:
 * 2N·n + 2·L·d_attn·((c+n)² − c²). With c = 0 this is F_pre(n) = 2N·n + 2·L·d_attn·n² (causal attention).
 */
export function prefillFlops(s: ModelShape, newTokens: number, cachedTokens = 0): number {
  const f = prefillFlopParts(s, newTokens, cachedTokens);
  return f.linear + f.attention;
}

/** Share of the prefill FLOPs of `n` fresh tokens spent in attention (QKᵀ and A·V). */
export function attentionShare(s: ModelShape, n: number): number {
  const f = prefillFlopParts(s, n);
  const total = f.linear + f.attention;
  return total === 0 ? 0 : f.attention / total;
}

function facility(setup: CostSetup, gpuJ: number): number {
  return gpuJ * setup.factors.overhead * setup.factors.pue;
}

/** Tensor-parallel degree of a setup: all its GPUs up to one NVLink domain (`tpMax`); the rest are pipeline stages. */
export function tensorParallelDegree(setup: CostSetup): number {
  return Math.max(1, Math.min(setup.gpus, setup.factors.tpMax));
}

/** Prefill efficiency kept at a tensor-parallel degree: ρ^log2(tp) (ρ fitted on anchor A3). */
export function tensorParallelEfficiency(setup: CostSetup): number {
  return Math.pow(setup.factors.tpEfficiency, Math.log2(tensorParallelDegree(setup)));
}

/**
 * Accelerator-only energy of a prefill, summed over all GPUs:
 * P_TDP · (F_lin/(MFU·F_peak) + F_attn/(ε_attn·F_peak)) / ρ^log2(tp). With perfect scaling the GPU count would
 * cancel (g GPUs finish g times sooner); tensor parallelism loses the factor ρ per doubling to communication.
 */
export function prefillGpuJ(setup: CostSetup, newTokens: number, cachedTokens = 0): number {
  const f = prefillFlopParts(modelShape(setup.model), newTokens, cachedTokens);
  const peak = setup.hardware.peakTflops * 1e12;
  const gpuSeconds =
    f.linear / (setup.factors.prefillMfu * peak) + f.attention / (setup.factors.attentionEfficiency * peak);
  return (setup.hardware.tdpW * gpuSeconds) / tensorParallelEfficiency(setup);
}

/** Facility energy of a prefill: k · PUE · the accelerator energy above. */
export function prefillEnergyJ(setup: CostSetup, newTokens: number, cachedTokens = 0): number {
  return facility(setup, prefillGpuJ(setup, newTokens, cachedTokens));
}

/** Accelerator joules per input token of a fresh prefill of `context` tokens (`overlay savings --context`). */
export function prefillTokenGpuJ(setup: CostSetup, context: number): number {
  return context > 0 ? prefillGpuJ(setup, context) / context : 0;
}

/** One decode step at a given context length. */
export interface DecodeStep {
  /** Sequences decoded together: the requested batch, or fewer when their KV cache does not fit. */
  batch: number;
  /** True when memory capped the batch below the requested one. */
  capped: boolean;
  /** True when even one sequence's KV cache does not fit beside the weights (priced at batch 1 anyway). */
  overflow: boolean;
  /** Seconds per step. */
  seconds: number;
  /** Accelerator energy per generated token, J. */
  gpuJPerToken: number;
  /** Facility energy per generated token (× k × PUE), J. */
  jPerToken: number;
}

/** Largest batch whose KV cache at `context` tokens fits beside the weights (may be 0). */
export function batchCap(setup: CostSetup, context: number): number {
  const s = modelShape(setup.model);
  const free = setup.factors.memoryReserve * setup.gpus * setup.hardware.memoryGB * 1e9 - s.weightBytes;
  if (context <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.max(0, Math.floor(free / (s.kvBytesPerToken * context)));
}

/**
 * Roofline of one decode step with every sequence at `context` tokens:
 * t = (W_read + B·b_kv·c)/(g·BW·η) + B·(2N + 4·L·d_attn·c)/(g·F·MFU); energy per token = g·P·t/B.
 * The two terms are added, not overlapped: a conservative reading that the calibrated η absorbs.
 */
export function decodeStep(setup: CostSetup, context: number): DecodeStep {
  const { model, hardware, gpus, factors } = setup;
  const s = modelShape(model);
  const cap = batchCap(setup, context);
  const batch = Math.max(1, Math.min(factors.batch, cap));
  const bytes = weightBytesRead(model, batch) + batch * s.kvBytesPerToken * context;
  const memorySeconds = bytes / (gpus * hardware.bandwidthTBs * 1e12 * factors.eta);
  const flops = batch * (2 * s.activeParams + 4 * s.layers * s.attnDimDecode * context);
  const computeSeconds = flops / (gpus * hardware.peakTflops * 1e12 * factors.mfu);
  const seconds = memorySeconds + computeSeconds;
  const gpuJPerToken = (gpus * hardware.powerW * seconds) / batch;
  return {
    batch,
    capped: cap < factors.batch,
    overflow: cap < 1,
    seconds,
    gpuJPerToken,
    jPerToken: facility(setup, gpuJPerToken),
  };
}

const DECODE_SEGMENTS = 256;

/**
 * Facility energy of generating `tokens` tokens after a `startContext`-token prompt. The per-token cost is
 * integrated with the midpoint rule over at most 256 segments (exact for up to 256 tokens).
 */
export function decodeEnergyJ(setup: CostSetup, startContext: number, tokens: number): number {
  if (tokens <= 0) return 0;
  const segments = Math.min(DECODE_SEGMENTS, tokens);
  const width = tokens / segments;
  let j = 0;
  for (let i = 0; i < segments; i++) {
    const context = startContext + Math.floor((i + 0.5) * width);
    j += decodeStep(setup, context).jPerToken * width;
  }
  return j;
}

/** Energy of one request, split into its parts (facility joules). */
export interface RequestEnergy {
  prefillJ: number;
  decodeJ: number;
  totalJ: number;
  /** True when some decode step ran at a memory-capped batch. */
  batchCapped: boolean;
  /** True when the KV cache of this request alone does not fit in the GPUs' memory. */
  kvOverflow: boolean;
}

/** Energy of a request that prefills `newTokens` (after `cachedTokens` reused from a prefix cache) and generates `outputTokens`. */
export function requestEnergy(
  setup: CostSetup,
  req: { newTokens: number; cachedTokens?: number; outputTokens: number },
): RequestEnergy {
  const cached = req.cachedTokens ?? 0;
  const prefillJ = prefillEnergyJ(setup, req.newTokens, cached);
  const decodeJ = decodeEnergyJ(setup, cached + req.newTokens, req.outputTokens);
  const last = decodeStep(setup, cached + req.newTokens + req.outputTokens);
  return { prefillJ, decodeJ, totalJ: prefillJ + decodeJ, batchCapped: last.capped, kvOverflow: last.overflow };
}

/** Joules to watt-hours. */
export function toWh(joules: number): number {
  return joules / 3600;
}
