import { describe, expect, it } from 'vitest';
import { parsePresetFile } from '../../../src/core/cost/preset-file';
import { DEFAULT_FACTORS, FACTOR_SOURCES, resolveSetup } from '../../../src/core/cost/setup';

const DEFAULTS = { model: 'dense-1t', hardware: 'h100' };

describe('resolveSetup', () => {
  it('applies defaults, the GPU rule and overrides', () => {
    const r = resolveSetup({}, DEFAULTS);
    expect(r.ok && r.setup.gpus).toBe(32);
    expect(r.ok && r.setup.gpusFromRule).toBe(true);
    // Prefill efficiencies come from the hardware's GPU class (H100: 0.6), the rest are the defaults.
    expect(r.ok && r.setup.factors).toEqual({ ...DEFAULT_FACTORS, prefillMfu: 0.6, attentionEfficiency: 0.6 });
    const a = resolveSetup({ model: 'llama-3.1-8b', hardware: 'a100', prefillMfu: 0.4 }, DEFAULTS);
    expect(a.ok && [a.setup.factors.prefillMfu, a.setup.factors.attentionEfficiency]).toEqual([0.4, 0.5]);
    const o = resolveSetup({ model: 'llama-3.1-70b', gpus: 8, batch: 16, pue: 1.09 }, DEFAULTS);
    expect(o.ok && [o.setup.gpus, o.setup.gpusFromRule, o.setup.factors.batch, o.setup.factors.pue]).toEqual([
      8,
      false,
      16,
      1.09,
    ]);
  });

  it('documents a source for every factor', () => {
    for (const k of Object.keys(DEFAULT_FACTORS)) expect(FACTOR_SOURCES[k as keyof typeof FACTOR_SOURCES]).toBeTruthy();
  });

  it('lists the valid ids when one is unknown', () => {
    expect(resolveSetup({ model: 'x' }, DEFAULTS)).toEqual({
      ok: false,
      error:
        'unknown model "x"; valid: llama-3.1-8b, llama-3.1-70b, llama-3.1-405b, llama-3-8b-1m, llama-2-7b, ' +
        'llama-2-13b, llama-2-70b, mistral-7b, qwen2.5-7b, deepseek-v3, kimi-k2, dense-1t',
    });
    expect(resolveSetup({ hardware: 'b200' }, DEFAULTS)).toEqual({
      ok: false,
      error: 'unknown hardware "b200"; valid: h100, gh200, a100, a100-40gb',
    });
  });

  it('refuses a GPU count that cannot hold the weights', () => {
    const r = resolveSetup({ model: 'llama-3.1-70b', gpus: 1 }, DEFAULTS);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/needs 141 GB .* use more GPUs \(the sizing rule gives 4\)/);
  });

  it('rejects impossible factors', () => {
    const r = resolveSetup({ pue: 0.8, mfu: 2, batch: 0, gpus: 1.5 }, DEFAULTS);
    expect(!r.ok && r.error).toMatch(/mfu/);
    expect(!r.ok && r.error).toMatch(/pue cannot be below 1/);
    expect(!r.ok && r.error).toMatch(/batch must be/);
    expect(!r.ok && r.error).toMatch(/gpus must be/);
  });

  it('finds user presets and lets them replace a built-in', () => {
    const file = parsePresetFile({
      hardware: [
        {
          id: 'h100',
          name: 'My H100',
          peakTflops: 989,
          bandwidthTBs: 3.35,
          memoryGB: 80,
          powerW: 500,
          source: 'my meter',
        },
      ],
    });
    if (!file.ok) throw new Error(file.errors.join());
    const r = resolveSetup({ extras: file.extras }, DEFAULTS);
    expect(r.ok && r.setup.hardware.powerW).toBe(500);
  });
});
