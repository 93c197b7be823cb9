// The built-in accelerator presets, each with its datasheet and where its power and efficiency figures come from.
// Decode power (`powerW`) is a measured serving average; prefill runs at the board limit (`tdpW`, see
// PREFILL_POWER_SOURCE in setup.ts); prefill MFU and attention efficiency are set per GPU class.
import type { HardwarePreset } from './presets';

/** Ampere (A100): MFU 0.5 a priori (docs/design.md), checked by held-out anchors A2 and A4. */
const AMPERE = {
  prefillMfu: 0.5,
  attentionEfficiency: 0.5,
} as const;

/** Hopper (H100, GH200): MFU 0.6 from anchor A1's measured time to first token. */
const HOPPER = {
  prefillMfu: 0.6,
  attentionEfficiency: 0.6,
} as const;

/** Where the per-class efficiencies come from (shown by `overlay calibrate` and in docs/cost-model.md). */
export const CLASS_SOURCES = {
  ampereMfu:
    'A100 MFU 0.5: a-priori value of docs/design.md; not fitted — anchors A2 (Wilkins et al. 2024, 1×A100) ' +
    'and A4 (MInference, 1×A100) test it',
  hopperMfu:
    'H100-class MFU 0.6: anchor A1 (TokenPowerBench, GH200) prefilled 5.73·10¹⁴ FLOP in a 1.03 s time ' +
    'to first token, 0.56 of the 989 TFLOP/s peak including host overhead; rounded up to 0.6 (fitted on A1)',
  attention:
    'attention kernels: FlashAttention-2 reaches 50–73 % of A100 peak in the forward pass (Dao 2023, ' +
    'arXiv:2307.08691), FlashAttention-3 up to 75 % of H100 peak (Shah et al. 2024, arXiv:2407.08608); causal ' +
    'masks and serving engines reach less, so 0.5 (A100) and 0.6 (H100-class) are taken',
} as const;

/** The built-in hardware presets (read through `listHardwarePresets` / `findHardware`). */
export const HARDWARE: readonly HardwarePreset[] = [
  {
    id: 'h100',
    name: 'NVIDIA H100 SXM 80GB',
    peakTflops: 989,
    bandwidthTBs: 3.35,
    memoryGB: 80,
    powerW: 610,
    tdpW: 700,
    ...HOPPER,
    source:
      'NVIDIA H100 Tensor Core GPU datasheet: 989 TFLOP/s dense bf16 (1,979 with sparsity), 3.35 TB/s HBM3, ' +
      '80 GB, up to 700 W.',
    powerSource: 'Measured average ≈ 610 W while serving Llama-3.1-8B at batch 64 (ML.ENERGY leaderboard v3).',
  },
  {
    id: 'gh200',
    name: 'NVIDIA GH200 144GB (H100 die)',
    peakTflops: 989,
    bandwidthTBs: 4.9,
    memoryGB: 144,
    powerW: 610,
    tdpW: 700,
    ...HOPPER,
    source:
      'NVIDIA GH200 Grace Hopper Superchip datasheet: the H100 GPU die (989 TFLOP/s dense bf16) with 144 GB ' +
      'HBM3e at 4.9 TB/s. The module limit is configurable (450–1000 W with the Grace CPU); 700 W is taken for the ' +
      'GPU — the A1 run reports up to 680 W for it (TokenPowerBench docs/gh200-validation.md).',
    powerSource:
      'Estimate: the H100 SXM measured decode average (610 W, ML.ENERGY v3); no GH200 decode measurement here.',
  },
  {
    id: 'a100',
    name: 'NVIDIA A100 SXM 80GB',
    peakTflops: 312,
    bandwidthTBs: 2.039,
    memoryGB: 80,
    powerW: 349,
    tdpW: 400,
    ...AMPERE,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: 312 TFLOP/s dense bf16, 2,039 GB/s HBM2e, 80 GB, 400 W.',
    powerSource: 'Estimate, not a measurement: 400 W TDP × 610/700 (the H100 measured-to-TDP ratio).',
  },
  {
    id: 'a100-40gb',
    name: 'NVIDIA A100 SXM 40GB',
    peakTflops: 312,
    bandwidthTBs: 1.555,
    memoryGB: 40,
    powerW: 349,
    tdpW: 400,
    ...AMPERE,
    source:
      'NVIDIA A100 Tensor Core GPU datasheet: 312 TFLOP/s dense bf16, 1,555 GB/s HBM2, 40 GB, 400 W ' +
      '(the GPU of anchor A2, Wilkins et al. 2024).',
    powerSource: 'Estimate, not a measurement: 400 W TDP × 610/700 (the H100 measured-to-TDP ratio).',
  },
];
