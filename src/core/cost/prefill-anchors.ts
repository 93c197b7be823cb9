// Published measurements of the input side, reduced to accelerator joules per input token (GPU energy only, so
// they are compared with k = 1 and PUE = 1). docs/cost-model.md shows the arithmetic behind every number.

/** Whether a case was used to set a parameter of the model or is held back as a test. */
export type AnchorRole = 'fitted' | 'held-out';

/** One measured setting of a prefill anchor. */
export interface PrefillCase {
  /** Short label, e.g. "A3 TP4". */
  label: string;
  model: string;
  hardware: string;
  gpus: number;
  /** Prompt lengths the measurement covers (the model is evaluated at each). */
  tokens: readonly number[];
  /** Measured accelerator J per input token: the range over the setting. */
  measured: readonly [number, number];
  /** Measured value at each of `tokens`, when the source gives them one by one. */
  pointwise?: readonly number[];
  role: AnchorRole;
  /** What this case fitted, when `role` is "fitted". */
  fits?: string;
}

/** A prefill anchor: one source, one or more settings. */
export interface PrefillAnchor {
  id: string;
  source: string;
  setting: string;
  cases: readonly PrefillCase[];
}

/** Splitwise prompt times (perf_model.csv, H100, batch 1) × 700 W × GPUs ÷ tokens, at 2,048 / 4,096 / 8,192 tokens. */
const SPLITWISE_TOKENS = [2048, 4096, 8192] as const;

/** The four prefill anchors A1–A4 of issue 12. */
export const PREFILL_ANCHORS: readonly PrefillAnchor[] = [
  {
    id: 'A1',
    source: 'TokenPowerBench repository, docs/gh200-validation.md (root full_node run)',
    setting: 'Qwen2.5-7B-Instruct, 1× GH200 (H100 die), one 30,035-token prompt, batch 1, vLLM 0.10.1',
    cases: [
      {
        label: 'A1',
        model: 'qwen2.5-7b',
        hardware: 'gh200',
        gpus: 1,
        tokens: [30_035],
        // 547.95–577.87 J of GPU prefill energy per request; TTFT 1.025–1.034 s (≤ 0.024 J/token at 700 W).
        measured: [547.95 / 30_035, 577.87 / 30_035],
        role: 'fitted',
        fits: 'H100-class prefill MFU 0.6 (from its 1.03 s time to first token)',
      },
    ],
  },
  {
    id: 'A2',
    source:
      'Wilkins et al. 2024, "Offline Energy-Optimal LLM Serving", raw data in grantwilkins/energy-inference ' +
      '(runs with use_cache=False, so each pass is a clean prefill)',
    setting: '1× A100-40GB, 0.5–2k input tokens, ≈ 390 W measured',
    cases: [
      {
        label: 'A2 Llama-2-7B',
        model: 'llama-2-7b',
        hardware: 'a100-40gb',
        gpus: 1,
        tokens: [512, 2048],
        measured: [0.036, 0.036],
        role: 'held-out',
      },
      {
        label: 'A2 Mistral-7B',
        model: 'mistral-7b',
        hardware: 'a100-40gb',
        gpus: 1,
        tokens: [512, 2048],
        measured: [0.033, 0.039],
        role: 'held-out',
      },
      {
        label: 'A2 Llama-2-13B',
        model: 'llama-2-13b',
        hardware: 'a100-40gb',
        gpus: 1,
        tokens: [512, 2048],
        measured: [0.062, 0.067],
        role: 'held-out',
      },
    ],
  },
  {
    id: 'A3',
    source:
      'Splitwise (Patel et al., ISCA 2024) profiling data, data/perf_model.csv of Mutinifni/splitwise-sim ' +
      '(mean prompt_time of 5 runs) × its 700 W prompt-phase power',
    setting: 'Llama-2-70B, H100 SXM, tensor parallel 2 / 4 / 8 GPUs, batch 1, 2k / 4k / 8k tokens',
    cases: [
      {
        label: 'A3 TP2',
        model: 'llama-2-70b',
        hardware: 'h100',
        gpus: 2,
        tokens: SPLITWISE_TOKENS,
        measured: [0.2107, 0.2289],
        pointwise: [0.2107, 0.2194, 0.2289],
        role: 'fitted',
        fits: 'tensor-parallel efficiency per doubling ρ',
      },
      {
        label: 'A3 TP4',
        model: 'llama-2-70b',
        hardware: 'h100',
        gpus: 4,
        tokens: SPLITWISE_TOKENS,
        measured: [0.2747, 0.3224],
        pointwise: [0.2747, 0.3188, 0.3224],
        role: 'fitted',
        fits: 'tensor-parallel efficiency per doubling ρ',
      },
      {
        label: 'A3 TP8',
        model: 'llama-2-70b',
        hardware: 'h100',
        gpus: 8,
        tokens: SPLITWISE_TOKENS,
        measured: [0.3735, 0.5799],
        pointwise: [0.3735, 0.5177, 0.5799],
        role: 'held-out',
      },
    ],
  },
  {
    id: 'A4',
    source: 'MInference (Jiang et al., NeurIPS 2024) dense FlashAttention-2 prefill latencies × 400 W (A100 TDP)',
    setting: 'Llama-3-8B-Instruct-Gradient-1048k, 1× A100 80GB, 100k / 300k / 1M tokens (24 s / ≈ 3 min / ≈ 30 min)',
    cases: [
      {
        label: 'A4 100k',
        model: 'llama-3-8b-1m',
        hardware: 'a100',
        gpus: 1,
        tokens: [100_000],
        measured: [0.096, 0.096],
        role: 'held-out',
      },
      {
        label: 'A4 300k',
        model: 'llama-3-8b-1m',
        hardware: 'a100',
        gpus: 1,
        tokens: [300_000],
        measured: [0.24, 0.24],
        role: 'held-out',
      },
      {
        label: 'A4 1M',
        model: 'llama-3-8b-1m',
        hardware: 'a100',
        gpus: 1,
        tokens: [1_000_000],
        measured: [0.72, 0.72],
        role: 'held-out',
      },
    ],
  },
];
