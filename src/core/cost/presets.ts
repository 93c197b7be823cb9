// Model and hardware presets for the energy model, each with the source of its figures. Units are the ones the
// sources use (billions of parameters, TFLOP/s, TB/s, GB, W) so a reader can check them against the page.

import { HARDWARE } from './hardware-presets';
import { MODELS } from './model-presets';

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
  /**
   * Parameters used per token without the input embedding and the output head, billions: the N of prefill
   * FLOPs (Kaplan et al. 2020 count non-embedding parameters; an engine computes the head only for the last
   * prompt token). Defaults to `activeParamsB` when absent.
   */
  nonEmbeddingParamsB?: number;
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
  /** Average power drawn while decoding (memory-bound), W. */
  powerW: number;
  /** Board power limit, W: the power of compute-bound prefill (see `PREFILL_POWER_SOURCE`). */
  tdpW: number;
  /** Model FLOP utilisation of the prefill's weight matmuls on this GPU class; defaults to 0.5 when absent. */
  prefillMfu?: number;
  /** Share of peak reached by prefill attention kernels (QKᵀ, A·V) on this GPU class; defaults to 0.5. */
  attentionEfficiency?: number;
  source: string;
  /** Where `powerW` comes from. */
  powerSource: string;
}

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
