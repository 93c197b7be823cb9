import { describe, expect, it } from 'vitest';
import { calibrateEta, DECODE_ANCHORS, predictAnchor } from '../../../src/core/cost/calibration';
import { calibrationReport, fitTpEfficiency, prefillCaseSetup } from '../../../src/core/cost/calibration-report';
import { decodeStep, prefillGpuJ } from '../../../src/core/cost/energy-model';
import { PREFILL_ANCHORS } from '../../../src/core/cost/prefill-anchors';
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
      const s = requireSetup(
        { model: id, hardware: 'h100', pue: 1, overhead: 1 },
        { model: id, hardware: 'h100' },
        'test',
      );
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

  it('the a-priori η = 0.6 of docs/design.md already lands within ±25 % without calibration', () => {
    for (const a of DECODE_ANCHORS) {
      expect(Math.abs(predictAnchor(a, { eta: 0.6 }) / a.gpuJPerToken - 1)).toBeLessThan(0.25);
    }
  });

  it('calibration responds to the data: a doubled measurement asks for a lower η', () => {
    const doubled = DECODE_ANCHORS.map((a) => ({ ...a, gpuJPerToken: a.gpuJPerToken * 2 }));
    expect(calibrateEta(doubled)).toBeLessThan(calibrateEta() * 0.6);
  });
});

describe('all six anchors (issue 12): two decode, A1–A4 with their ranges, within ±20 %', () => {
  const report = calibrationReport();
  const byAnchor = (id: string) => report.rows.filter((r) => r.label === id || r.label.startsWith(`${id} `));

  it('has every anchor: D1, D2, A1, A2 (3 models), A3 (TP 2/4/8), A4 (100k/300k/1M)', () => {
    expect(report.rows.map((r) => r.label)).toEqual([
      'D1',
      'D2',
      'A1',
      'A2 Llama-2-7B',
      'A2 Mistral-7B',
      'A2 Llama-2-13B',
      'A3 TP2',
      'A3 TP4',
      'A3 TP8',
      'A4 100k',
      'A4 300k',
      'A4 1M',
    ]);
    for (const r of report.rows) {
      expect(r.source.length).toBeGreaterThan(20);
      expect(r.setting.length).toBeGreaterThan(20);
    }
  });

  for (const id of ['D1', 'D2', 'A1', 'A2', 'A3', 'A4']) {
    it(`${id} is within ±20 % of its measured range`, () => {
      const rows = byAnchor(id);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(
          Math.abs(r.error),
          `${r.label}: model ${r.model.join('–')} vs measured ${r.measured.join('–')}`,
        ).toBeLessThanOrEqual(0.2);
        // The model's whole range must lie within [0.8 × lowest measured, 1.2 × highest measured].
        expect(r.model[0]).toBeGreaterThanOrEqual(0.8 * r.measured[0]);
        expect(r.model[1]).toBeLessThanOrEqual(1.2 * r.measured[1]);
        expect(r.within).toBe(true);
      }
    });
  }

  it('marks which rows were fitted and which are held back', () => {
    const roles = Object.fromEntries(report.rows.map((r) => [r.label, r.role]));
    expect(roles).toEqual({
      D1: 'fitted',
      D2: 'fitted',
      A1: 'fitted',
      'A2 Llama-2-7B': 'held-out',
      'A2 Mistral-7B': 'held-out',
      'A2 Llama-2-13B': 'held-out',
      'A3 TP2': 'fitted',
      'A3 TP4': 'fitted',
      'A3 TP8': 'held-out',
      'A4 100k': 'held-out',
      'A4 300k': 'held-out',
      'A4 1M': 'held-out',
    });
    for (const r of report.rows.filter((x) => x.role === 'fitted')) expect(r.fits).toBeTruthy();
  });

  it('A3 TP8 says honestly where it is off: right at 2k tokens, 20–30 % low at 4k and 8k', () => {
    const tp8 = byAnchor('A3').find((r) => r.label === 'A3 TP8')!;
    expect(tp8.points!.map((p) => p.tokens)).toEqual([2048, 4096, 8192]);
    expect(Math.abs(tp8.points![0]!.error)).toBeLessThan(0.1);
    expect(tp8.points![2]!.error).toBeLessThan(-0.2);
  });

  it('A1: the model prefills 30,035 tokens in about the measured 1.03 s time to first token', () => {
    const c = PREFILL_ANCHORS[0]!.cases[0]!;
    const setup = prefillCaseSetup(c);
    const seconds = prefillGpuJ(setup, 30_035) / setup.hardware.tdpW;
    expect(seconds).toBeGreaterThan(0.85);
    expect(seconds).toBeLessThan(1.03);
  });
});

describe('the tensor-parallel efficiency ρ, fitted on A3 TP2 and TP4', () => {
  it('the default is the least-squares fit, rounded', () => {
    expect(Math.abs(fitTpEfficiency() - DEFAULT_FACTORS.tpEfficiency)).toBeLessThan(0.006);
  });

  it('does not look at the held-back TP8 points', () => {
    const moved = PREFILL_ANCHORS.map((a) => ({
      ...a,
      cases: a.cases.map((c) => (c.label === 'A3 TP8' ? { ...c, pointwise: c.pointwise!.map((v) => v * 3) } : c)),
    }));
    expect(fitTpEfficiency(moved)).toBeCloseTo(fitTpEfficiency(), 12);
  });

  it('responds to the data it is fitted on: slower TP4 runs ask for a lower ρ', () => {
    const slower = PREFILL_ANCHORS.map((a) => ({
      ...a,
      cases: a.cases.map((c) => (c.label === 'A3 TP4' ? { ...c, pointwise: c.pointwise!.map((v) => v * 1.5) } : c)),
    }));
    expect(fitTpEfficiency(slower)).toBeLessThan(fitTpEfficiency() - 0.05);
  });

  it('without it (ρ = 1, "the GPU count cancels") A3 TP4 and TP8 fall outside ±20 %', () => {
    const naive = calibrationReport({ tpEfficiency: 1 });
    const bad = naive.rows.filter((r) => !r.within).map((r) => r.label);
    expect(bad).toEqual(expect.arrayContaining(['A3 TP4', 'A3 TP8']));
  });
});
