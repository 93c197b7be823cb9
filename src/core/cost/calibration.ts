// Measured decode energies the model is checked against, and the fit that sets the memory-bandwidth
// efficiency η. ML.ENERGY measures GPU energy only, so anchors compare accelerator joules (k = 1, PUE = 1).
import { decodeStep } from './energy-model';
import { DEFAULT_FACTORS, requireSetup, type CostFactors, type CostSetup } from './setup';

/** A measured energy per output token. */
export interface DecodeAnchor {
  model: string;
  hardware: string;
  gpus: number;
  batch: number;
  /** Mean context length during decode assumed for the measured workload. */
  context: number;
  /** Measured accelerator energy per output token, J. */
  gpuJPerToken: number;
  source: string;
}

/**
 * Mean context during decode for the anchors: a short chat prompt (~150 tokens, assumed) plus half of the mean
 * reply of ML.ENERGY v3's text-conversation task (717 tokens) ≈ 500.
 */
export const ANCHOR_CONTEXT = 500;

/** ML.ENERGY leaderboard v3 (Dec 2025, vLLM 0.11, chat prompts), batch 64. */
export const DECODE_ANCHORS: readonly DecodeAnchor[] = [
  {
    model: 'llama-3.1-8b',
    hardware: 'h100',
    gpus: 1,
    batch: 64,
    context: ANCHOR_CONTEXT,
    gpuJPerToken: 0.119,
    source: 'ML.ENERGY leaderboard v3, Llama-3.1-8B on 1×H100 at batch 64 (≈0.12 J/token, ~610 W)',
  },
  {
    model: 'llama-3.1-70b',
    hardware: 'h100',
    gpus: 4,
    batch: 64,
    context: ANCHOR_CONTEXT,
    gpuJPerToken: 0.797,
    source: 'ML.ENERGY leaderboard v3, Llama-3.1-70B on 4×H100 at batch 64',
  },
];

/** The setup an anchor describes, with the given factors (batch and GPU count come from the anchor). */
export function anchorSetup(anchor: DecodeAnchor, factors: Partial<CostFactors> = {}): CostSetup {
  return requireSetup(
    {
      model: anchor.model,
      hardware: anchor.hardware,
      gpus: anchor.gpus,
      batch: anchor.batch,
      eta: factors.eta,
      mfu: factors.mfu,
    },
    { model: anchor.model, hardware: anchor.hardware },
    'calibration',
  );
}

/** Modelled accelerator energy per output token for an anchor's conditions. */
export function predictAnchor(anchor: DecodeAnchor, factors: Partial<CostFactors> = {}): number {
  return decodeStep(anchorSetup(anchor, factors), anchor.context).gpuJPerToken;
}

function logError(eta: number, anchors: readonly DecodeAnchor[], mfu: number): number {
  let sum = 0;
  for (const a of anchors) {
    const e = Math.log(predictAnchor(a, { eta, mfu }) / a.gpuJPerToken);
    sum += e * e;
  }
  return sum;
}

/**
 * The η in [0.2, 1] that minimises the squared log error over the anchors (golden-section search; the error is
 * unimodal in η because every prediction falls monotonically with it). MFU stays at its given value.
 */
export function calibrateEta(anchors: readonly DecodeAnchor[] = DECODE_ANCHORS, mfu = DEFAULT_FACTORS.mfu): number {
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = 0.2;
  let hi = 1;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = logError(a, anchors, mfu);
  let fb = logError(b, anchors, mfu);
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = logError(a, anchors, mfu);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = logError(b, anchors, mfu);
    }
  }
  return (lo + hi) / 2;
}
