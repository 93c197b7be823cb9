// Model and hardware presets for the energy model, each with the source of its figures. Units are the ones the
// sources use (billions of parameters, TFLOP/s, TB/s, GB, W) so a reader can check them against the page.

/** Multi-head latent attention (DeepSeek-V2/V3): the KV cache holds one compressed latent per layer. */
export interface MlaShape {
  /** Width of the compressed KV latent (`kv_lora_rank`). */
  kvLoraRank: number;
  /** Decoupled rotary key width shared by all heads (`qk_rope_head_dim`). */
  ropeDim: number;
  /** Query/key width per head, rotary part included (`qk_nope_head_dim + qk_rope_head_dim`). */
  qkHeadDim: number;
  /** Value width per head (`v_head_dim`). */
  vHeadDim: number;
}

/** Mixture-of-experts routing, used to estimate how many expert weights one decode step reads. */
export interface MoeShape {
  /** Parameters (billions) held in routed experts, summed over all MoE layers. */
  routedParamsB: number;
  /** Routed experts per MoE layer. */
  experts: number;
  /** Routed experts each token activates. */
  activeExperts: number;
}

/** A language model as the cost model sees it. */
export interface ModelPreset {
  id: string;
  name: string;
  /** All parameters, billions (what has to sit in GPU memory). */
  paramsB: number;
  /** Parameters used per token, billions (MoE); equals `paramsB` for dense models. */
  activeParamsB: number;
  layers: number;
  queryHeads: number;
  kvHeads: number;
  headDim: number;
  /** Context window in tokens. */
  contextWindow: number;
  /** Bytes per stored weight (2 for bf16, 1 for fp8). */
  weightBytes: number;
  /** Bytes per cached key/value element (2 for a bf16 KV cache). */
  kvBytes: number;
  mla?: MlaShape;
  moe?: MoeShape;
  source: string;
}

/** An accelerator as the cost model sees it (one device; the setup multiplies by the GPU count). */
export interface HardwarePreset {
  id: string;
  name: string;
  /** Dense bf16 peak, TFLOP/s. */
  peakTflops: number;
  /** Memory bandwidth, TB/s. */
  bandwidthTBs: number;
  /** Memory per device, GB (10^9 bytes). */
  memoryGB: number;
  /** Average power drawn while serving, W (used for every energy figure). */
  powerW: number;
  /** Board power limit, W (shown for reference). */
  tdpW: number;
  source: string;
  /** Where `powerW` comes from. */
  powerSource: string;
}

const LLAMA_31 = 'Meta Llama 3.1 model card and config.json (huggingface.co/meta-llama)';

const MODELS: readonly ModelPreset[] = [
  {
    id: 'llama-3.1-8b', name: 'Llama-3.1-8B', paramsB: 8.03, activeParamsB: 8.03,
    layers: 32, queryHeads: 32, kvHeads: 8, headDim: 128, contextWindow: 131_072, weightBytes: 2, kvBytes: 2,
    source: `${LLAMA_31}: 32 layers, hidden 4096, 32 query / 8 KV heads of 128, 128k context, bf16. Decode energy ` +
      'anchor: ML.ENERGY leaderboard v3 (vLLM, 1×H100, batch 64) ≈ 0.119 J per output token.',
  },
  {
    id: 'llama-3.1-70b', name: 'Llama-3.1-70B', paramsB: 70.55, activeParamsB: 70.55,
    layers: 80, queryHeads: 64, kvHeads: 8, headDim: 128, contextWindow: 131_072, weightBytes: 2, kvBytes: 2,
    source: `${LLAMA_31}: 80 layers, hidden 8192, 64 query / 8 KV heads of 128, 128k context, bf16. Decode energy ` +
      'anchor: ML.ENERGY leaderboard v3 (vLLM, 4×H100, batch 64) ≈ 0.797 J per output token.',
  },
  {
    id: 'llama-3.1-405b', name: 'Llama-3.1-405B', paramsB: 405.85, activeParamsB: 405.85,
    layers: 126, queryHeads: 128, kvHeads: 8, headDim: 128, contextWindow: 131_072, weightBytes: 2, kvBytes: 2,
    source: `${LLAMA_31}: 126 layers, hidden 16384, 128 query / 8 KV heads of 128, 128k context, bf16 weights.`,
  },
  {
    id: 'qwen2.5-7b', name: 'Qwen2.5-7B', paramsB: 7.61, activeParamsB: 7.61,
    layers: 28, queryHeads: 28, kvHeads: 4, headDim: 128, contextWindow: 131_072, weightBytes: 2, kvBytes: 2,
    source: 'Qwen2.5-7B-Instruct model card and config.json (huggingface.co/Qwen): 7.61B parameters, 28 layers, ' +
      'hidden 3584, 28 query / 4 KV heads of 128; 131,072-token context per the card (config ships 32,768 and ' +
      'enables the rest with YaRN rope scaling), bf16.',
  },
  {
    id: 'deepseek-v3', name: 'DeepSeek-V3', paramsB: 671, activeParamsB: 37,
    layers: 61, queryHeads: 128, kvHeads: 128, headDim: 128, contextWindow: 131_072, weightBytes: 1, kvBytes: 2,
    mla: { kvLoraRank: 512, ropeDim: 64, qkHeadDim: 192, vHeadDim: 128 },
    // 58 MoE layers × 256 experts × 3 matrices of 7168×2048 = 653.9B routed parameters.
    moe: { routedParamsB: 653.9, experts: 256, activeExperts: 8 },
    source: 'DeepSeek-V3 technical report (arXiv:2412.19437) and config.json (huggingface.co/deepseek-ai): 671B ' +
      'total / 37B active parameters, 61 layers, hidden 7168, 128 heads, MLA with kv_lora_rank 512 and rope dim ' +
      '64 (the KV cache stores that 576-wide latent per layer), 256 routed experts of which 8 per token plus 1 ' +
      'shared, first 3 layers dense, fp8 weights, 128k context.',
  },
  {
    id: 'dense-1t', name: 'Dense 1T (hypothetical)', paramsB: 1006.6, activeParamsB: 1006.6,
    layers: 128, queryHeads: 200, kvHeads: 8, headDim: 128, contextWindow: 131_072, weightBytes: 2, kvBytes: 2,
    source: 'Hypothetical dense model for scale: 128 layers, d_model 25600 (200 query heads of 128), 8 KV heads ' +
      '(grouped-query attention as in Llama 3), 12·L·d² ≈ 1.007T parameters (Kaplan et al. 2020, Table 1), ' +
      '128k context, bf16.',
  },
];

const HARDWARE: readonly HardwarePreset[] = [
  {
    id: 'h100', name: 'NVIDIA H100 SXM 80GB', peakTflops: 989, bandwidthTBs: 3.35, memoryGB: 80, powerW: 610, tdpW: 700,
    source: 'NVIDIA H100 Tensor Core GPU datasheet: 989 TFLOP/s dense bf16 (1,979 with sparsity), 3.35 TB/s HBM3, ' +
      '80 GB, up to 700 W.',
    powerSource: 'Measured average ≈ 610 W while serving Llama-3.1-8B at batch 64 (ML.ENERGY leaderboard v3).',
  },
  {
    id: 'a100', name: 'NVIDIA A100 SXM 80GB', peakTflops: 312, bandwidthTBs: 2.039, memoryGB: 80, powerW: 349, tdpW: 400,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: 312 TFLOP/s dense bf16, 2,039 GB/s HBM2e, 80 GB, 400 W.',
    powerSource: 'Estimate, not a measurement: 400 W TDP × 610/700 (the H100 measured-to-TDP ratio).',
  },
];

/** The built-in model presets. */
export function listModelPresets(): ModelPreset[] {
  return MODELS.map((m) => ({ ...m }));
}

/** The built-in hardware presets. */
export function listHardwarePresets(): HardwarePreset[] {
  return HARDWARE.map((h) => ({ ...h }));
}

/** Extra presets the user defined (see `parsePresetFile`). */
export interface PresetExtras {
  models?: readonly ModelPreset[];
  hardware?: readonly HardwarePreset[];
}

/** A preset by id among the built-ins and `extras` (user entries win), or undefined. */
export function findModel(id: string, extras?: PresetExtras): ModelPreset | undefined {
  return extras?.models?.find((m) => m.id === id) ?? MODELS.find((m) => m.id === id);
}

/** A hardware preset by id among the built-ins and `extras` (user entries win), or undefined. */
export function findHardware(id: string, extras?: PresetExtras): HardwarePreset | undefined {
  return extras?.hardware?.find((h) => h.id === id) ?? HARDWARE.find((h) => h.id === id);
}

/** All model ids available with `extras`. */
export function modelIds(extras?: PresetExtras): string[] {
  return [...new Set([...MODELS.map((m) => m.id), ...(extras?.models ?? []).map((m) => m.id)])];
}

/** All hardware ids available with `extras`. */
export function hardwareIds(extras?: PresetExtras): string[] {
  return [...new Set([...HARDWARE.map((h) => h.id), ...(extras?.hardware ?? []).map((h) => h.id)])];
}
