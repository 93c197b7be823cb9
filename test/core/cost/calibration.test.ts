import { describe, expect, it } from 'vitest';
import { calibrateEta, DECODE_ANCHORS, predictAnchor } from '../../../src/core/cost/calibration';
import { decodeStep } from '../../../src/core/cost/energy-model';
import { DEFAULT_FACTORS, requireSetup } from '../../../src/core/cost/setup';

// ML.ENERGY leaderboard v3 (vLLM, batch 64, chat prompts), accelerator energy per output token.
const MEASURED = { 'llama-3.1-8b': 0.119, 'llama-3.1-70b': 0.797 } as const;

describe('decode anchors (ML.ENERGY v3, batch 64)', () => {
  it('Llama-3.1-8B on 1×H100 is within ±25 % of 0.119 J per output token', () => {
    const a = DECODE_ANCHORS.find((x) => x.model === 'llama-3.1-8b')!;
    expect(a.gpus).toBe(1);
    const j = predictAnchor(a);
    expect(j).toBeGreaterThan(MEASURED['llama-3.1-8b'] * 0.75);
    expect(j).toBeLessThan(MEASURED['llama-3.1-8b'] * 1.25);
  });

  it('Llama-3.1-70B on 4×H100 is within ±25 % of 0.797 J per output token', () => {
    const a = DECODE_ANCHORS.find((x) => x.model === 'llama-3.1-70b')!;
    expect(a.gpus).toBe(4);
    const j = predictAnchor(a);
    expect(j).toBeGreaterThan(MEASURED['llama-3.1-70b'] * 0.75);
    expect(j).toBeLessThan(MEASURED['llama-3.1-70b'] * 1.25);
  });

  it('the same anchors hold through the public setup path with the default GPU count and batch', () => {
    for (const id of ['llama-3.1-8b', 'llama-3.1-70b'] as const) {
      const s = requireSetup({ model: id, hardware: 'h100', pue: 1, overhead: 1 }, { model: id, hardware: 'h100' }, 'test');
      const step = decodeStep(s, 500);
      expect(step.jPerToken).toBeCloseTo(step.gpuJPerToken, 12);
      expect(Math.abs(Math.log(step.jPerToken / MEASURED[id]))).toBeLessThan(Math.log(1.25));
    }
  });

  it('the default η is the least-squares fit to the anchors, rounded', () => {
    const eta = calibrateEta();
    expect(Math.abs(eta - DEFAULT_FACTORS.eta)).toBeLessThan(0.006);
    // One η fits both models within 10 %: the model is not just tuned to a single point.
    for (const a of DECODE_ANCHORS) {
      expect(Math.abs(predictAnchor(a, { eta }) / a.gpuJPerToken - 1)).toBeLessThan(0.1);
    }
  });

  it('the a-priori η = 0.6 of DESIGN.md already lands within ±25 % without calibration', () => {
    for (const a of DECODE_ANCHORS) {
      expect(Math.abs(predictAnchor(a, { eta: 0.6 }) / a.gpuJPerToken - 1)).toBeLessThan(0.25);
    }
  });

  it('calibration responds to the data: a doubled measurement asks for a lower η', () => {
    const doubled = DECODE_ANCHORS.map((a) => ({ ...a, gpuJPerToken: a.gpuJPerToken * 2 }));
    expect(calibrateEta(doubled)).toBeLessThan(calibrateEta() * 0.6);
  });
});
