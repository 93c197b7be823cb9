// A deployment to price: a model on a number of accelerators, plus the efficiency and overhead factors. Every
// default carries its source; docs/cost-model.md explains each one.
import {
  findHardware,
  findModel,
  hardwareIds,
  modelIds,
  type HardwarePreset,
  type ModelPreset,
  type PresetExtras,
} from './presets';

/** Efficiency and overhead factors of the energy model. */
export interface CostFactors {
  /** Data-centre power usage effectiveness (facility energy / IT energy). */
  pue: number;
  /** Server overhead k: whole-server energy / accelerator energy (host CPU, DRAM, fans, network). */
  overhead: number;
  /** Model FLOP utilisation of the FLOP term of a decode step (prefill has its own, by GPU class). */
  mfu: number;
  /** Model FLOP utilisation of the prefill's weight matmuls (from the hardware's GPU class unless overridden). */
  prefillMfu: number;
  /** Share of peak reached by prefill attention (from the hardware's GPU class unless overridden). */
  attentionEfficiency: number;
  /** Prefill efficiency kept per doubling of the tensor-parallel degree (fitted on anchor A3). */
  tpEfficiency: number;
  /** Largest tensor-parallel degree: one NVLink domain; more GPUs are pipeline stages. */
  tpMax: number;
  /** Fraction of peak memory bandwidth a decode step reaches (calibrated, see calibration.ts). */
  eta: number;
  /** Fraction of GPU memory the server may fill with weights and KV cache. */
  memoryReserve: number;
  /** Concurrent sequences per decode step before the memory cap. */
  batch: number;
}

/** Default factors; sources in FACTOR_SOURCES. */
export const DEFAULT_FACTORS: Readonly<CostFactors> = {
  pue: 1.2,
  overhead: 1.43,
  mfu: 0.5,
  prefillMfu: 0.5,
  attentionEfficiency: 0.5,
  tpEfficiency: 0.75,
  tpMax: 8,
  eta: 0.63,
  memoryReserve: 0.9,
  batch: 64,
};

/** Where each default factor comes from. */
export const FACTOR_SOURCES: Readonly<Record<keyof CostFactors, string>> = {
  pue:
    "EcoLogits default DATACENTER_PUE = 1.2 (ecologits/impacts/llm.py); between Google's 2024 fleet average " +
    '1.09 and the Uptime Institute 2024 survey average 1.56',
  overhead:
    'Google 2025 (median Gemini text prompt, full-stack): accelerators 58 % and host CPU + DRAM 25 % of ' +
    'the energy → (58 + 25) / 58 ≈ 1.43; idle reserve machines (10 %) are left out',
  mfu:
    'decode FLOP term: assumed 0.5 (docs/design.md); it is ~15–20 % of a decode step, so the anchors barely ' +
    'constrain it',
  prefillMfu:
    'by GPU class: A100 0.5 (a priori, docs/design.md; tested by anchors A2, A4), H100-class 0.6 (from ' +
    "anchor A1's time to first token); 0.5 for hardware without a value",
  attentionEfficiency:
    'by GPU class: 0.5 on A100, 0.6 on H100-class, below the FlashAttention-2 (50–73 % of A100 ' +
    'peak) and FlashAttention-3 (up to 75 % of H100 peak) kernel figures',
  tpEfficiency:
    'fitted: prefill efficiency kept per doubling of tensor parallelism, least squares on Splitwise ' +
    'Llama-2-70B TP2 and TP4 (anchor A3); TP8 held back as a test, see calibration.ts',
  tpMax:
    'one 8-GPU NVLink board (HGX): tensor parallelism stays inside it; more GPUs run as pipeline stages, ' +
    'priced as busy (no bubble)',
  eta:
    'calibrated: the single value that best fits both ML.ENERGY v3 decode anchors (8B on 1×H100, 70B on ' +
    '4×H100, batch 64), see calibration.ts',
  memoryReserve: 'vLLM default gpu_memory_utilization = 0.9',
  batch: 'batch 64, the setting of the ML.ENERGY v3 anchors',
};

/**
 * Why prefill is priced at the board limit (TDP): compute-bound prefill runs at or near it. Splitwise (Patel et
 * al., ISCA 2024) finds the prompt phase uses the GPU's power budget fully, unlike the token phase; Wilkins et
 * al. 2024 measured ≈ 390 W on a 400 W A100 for clean prefills; the A1 run reports up to 680 W of 700 W on GH200.
 */
export const PREFILL_POWER_SOURCE =
  'board power limit (TDP): Splitwise (ISCA 2024) — the prompt phase uses the ' +
  'full power budget; Wilkins et al. 2024 measured ≈ 390 W of 400 W on A100 prefills; A1 reports up to 680 W of ' +
  '700 W on GH200';

/** Multiplier on the weight bytes when sizing the GPU count (EcoLogits: model_required_memory = 1.2 × weights). */
export const WEIGHT_MEMORY_FACTOR = 1.2;

/** A fully resolved deployment. */
export interface CostSetup {
  model: ModelPreset;
  hardware: HardwarePreset;
  gpus: number;
  /** True when the GPU count came from the sizing rule, false when the user set it. */
  gpusFromRule: boolean;
  factors: CostFactors;
}

/** What the caller may choose; everything is optional. */
export interface SetupOptions {
  model?: string | undefined;
  hardware?: string | undefined;
  gpus?: number | undefined;
  batch?: number | undefined;
  pue?: number | undefined;
  overhead?: number | undefined;
  mfu?: number | undefined;
  prefillMfu?: number | undefined;
  attentionEfficiency?: number | undefined;
  tpEfficiency?: number | undefined;
  eta?: number | undefined;
  extras?: PresetExtras | undefined;
}

/** Outcome of `resolveSetup`: expected failures (unknown ids, weights that do not fit) are values. */
export type SetupResult = { ok: true; setup: CostSetup } | { ok: false; error: string };

/** Bytes of all weights of a model. */
export function weightBytes(model: ModelPreset): number {
  return model.paramsB * 1e9 * model.weightBytes;
}

/**
 * GPU count by the EcoLogits rule (1.2 × weight bytes must fit in GPU memory), rounded up to a power of two
 * because tensor parallelism splits attention heads evenly over a power-of-two number of devices.
 */
export function gpuCountFor(model: ModelPreset, hardware: HardwarePreset): number {
  const need = (WEIGHT_MEMORY_FACTOR * weightBytes(model)) / (hardware.memoryGB * 1e9);
  let g = 1;
  while (g < need) g *= 2;
  return g;
}

function positive(name: string, v: number | undefined, max = Infinity): string | undefined {
  if (v === undefined) return undefined;
  if (!Number.isFinite(v) || v <= 0 || v > max) return `${name} must be a number in (0, ${max}], got ${v}`;
  return undefined;
}

/** Resolves preset ids and factor overrides into a setup, or says clearly what is wrong. */
export function resolveSetup(opts: SetupOptions, defaults: { model: string; hardware: string }): SetupResult {
  const modelId = opts.model ?? defaults.model;
  const hardwareId = opts.hardware ?? defaults.hardware;
  const model = findModel(modelId, opts.extras);
  if (!model) return { ok: false, error: `unknown model "${modelId}"; valid: ${modelIds(opts.extras).join(', ')}` };
  const hardware = findHardware(hardwareId, opts.extras);
  if (!hardware) {
    return { ok: false, error: `unknown hardware "${hardwareId}"; valid: ${hardwareIds(opts.extras).join(', ')}` };
  }
  const problems = [
    positive('pue', opts.pue, 10),
    positive('overhead', opts.overhead, 10),
    positive('mfu', opts.mfu, 1),
    positive('eta', opts.eta, 1),
    positive('prefillMfu', opts.prefillMfu, 1),
    positive('attentionEfficiency', opts.attentionEfficiency, 1),
    positive('tpEfficiency', opts.tpEfficiency, 1),
  ].filter((p): p is string => p !== undefined);
  for (const [name, v] of [
    ['gpus', opts.gpus],
    ['batch', opts.batch],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      problems.push(`${name} must be a positive whole number, got ${v}`);
  }
  if (opts.pue !== undefined && opts.pue < 1) problems.push(`pue cannot be below 1, got ${opts.pue}`);
  if (opts.overhead !== undefined && opts.overhead < 1)
    problems.push(`overhead cannot be below 1, got ${opts.overhead}`);
  if (problems.length > 0) return { ok: false, error: problems.join('; ') };

  const factors: CostFactors = {
    ...DEFAULT_FACTORS,
    ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
    ...(opts.pue !== undefined ? { pue: opts.pue } : {}),
    ...(opts.overhead !== undefined ? { overhead: opts.overhead } : {}),
    ...(opts.mfu !== undefined ? { mfu: opts.mfu } : {}),
    ...(opts.eta !== undefined ? { eta: opts.eta } : {}),
    prefillMfu: opts.prefillMfu ?? hardware.prefillMfu ?? DEFAULT_FACTORS.prefillMfu,
    attentionEfficiency:
      opts.attentionEfficiency ?? hardware.attentionEfficiency ?? DEFAULT_FACTORS.attentionEfficiency,
    ...(opts.tpEfficiency !== undefined ? { tpEfficiency: opts.tpEfficiency } : {}),
  };
  const gpus = opts.gpus ?? gpuCountFor(model, hardware);
  const usable = factors.memoryReserve * gpus * hardware.memoryGB * 1e9;
  if (weightBytes(model) >= usable) {
    const gb = (weightBytes(model) / 1e9).toFixed(0);
    return {
      ok: false,
      error:
        `${model.name} needs ${gb} GB for its weights; ${gpus} × ${hardware.name} leave ` +
        `${(usable / 1e9).toFixed(0)} GB usable — use more GPUs (the sizing rule gives ${gpuCountFor(model, hardware)})`,
    };
  }
  return { ok: true, setup: { model, hardware, gpus, gpusFromRule: opts.gpus === undefined, factors } };
}

/** Like `resolveSetup`, for callers whose input was already checked: a failure is a programming error. */
export function requireSetup(
  opts: SetupOptions,
  defaults: { model: string; hardware: string },
  who: string,
): CostSetup {
  const r = resolveSetup(opts, defaults);
  if (!r.ok) throw new Error(`${who}: ${r.error}`);
  return r.setup;
}
