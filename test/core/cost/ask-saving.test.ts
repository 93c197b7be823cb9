import { describe, expect, it } from 'vitest';
import { askSaving, DEFAULT_HARDWARE_ID, DEFAULT_MODEL_ID, windowsNeeded } from '../../../src/core/cost/ask-saving';
import { decodeEnergyJ, prefillEnergyJ, requestEnergy, toWh } from '../../../src/core/cost/energy-model';
import { retentionEnergyJ } from '../../../src/core/cost/kv-retention';
import { savingLines } from '../../../src/core/cost/saving-text';
import type { SavingBaseline } from '../../../src/core/types';
import { findHardware, findModel } from '../../../src/core/cost/presets';
import { requireSetup } from '../../../src/core/cost/setup';

describe('askSaving', () => {
  it('uses sensible defaults that exist as presets', () => {
    expect(findModel(DEFAULT_MODEL_ID)).toBeDefined();
    expect(findHardware(DEFAULT_HARDWARE_ID)).toBeDefined();
    const s = askSaving({ promptTokens: 3000, fullTokens: 60_000, outputTokens: 300 });
    expect(s.model).toBe(DEFAULT_MODEL_ID);
    expect(s.hardware).toBe(DEFAULT_HARDWARE_ID);
  });

  it('reports tokens saved, the size ratio and both energies (input + the same answer)', () => {
    const s = askSaving({ promptTokens: 3000, fullTokens: 60_000, outputTokens: 300, model: 'llama-3.1-8b' });
    expect(s.tokens).toBe(57_000);
    expect(s.ratio).toBe(20);
    const setup = requireSetup({ model: 'llama-3.1-8b' }, { model: 'x', hardware: 'h100' }, 'test');
    const bounded = requestEnergy(setup, { newTokens: 3000, outputTokens: 300 });
    const full = requestEnergy(setup, { newTokens: 60_000, outputTokens: 300 });
    expect(s.energyWh.bounded).toBeCloseTo(toWh(bounded.totalJ), 12);
    expect(s.energyWh.full).toBeCloseTo(toWh(full.totalJ), 12);
    expect(s.energyWh.full).toBeGreaterThan(s.energyWh.bounded);
    expect(s.window).toEqual({ contextWindow: 131_072, exceeds: false, windows: 1 });
    expect(s.parts.full.inputWh + s.parts.full.outputWh).toBeCloseTo(s.energyWh.full, 12);
  });

  it('says when the whole vault exceeds the window and counts the windows it would take', () => {
    const s = askSaving({ promptTokens: 3000, fullTokens: 1_000_000, outputTokens: 1072, model: 'llama-3.1-70b' });
    expect(s.window.exceeds).toBe(true);
    expect(s.window.windows).toBe(Math.ceil(1_000_000 / (131_072 - 1072)));
    // Priced as that many answered calls: more than one window, less than one impossible giant call.
    const setup = requireSetup({ model: 'llama-3.1-70b' }, { model: 'x', hardware: 'h100' }, 'test');
    const oneWindow = toWh(requestEnergy(setup, { newTokens: 130_000, outputTokens: 1072 }).totalJ);
    const giant = toWh(requestEnergy(setup, { newTokens: 1_000_000, outputTokens: 1072 }).totalJ);
    expect(s.energyWh.full).toBeGreaterThan(oneWindow * 7);
    expect(s.energyWh.full).toBeLessThan(giant);
  });

  it('counts windows with room left for the answer', () => {
    expect(windowsNeeded(1000, 100, 1100)).toEqual({ contextWindow: 1100, exceeds: false, windows: 1 });
    expect(windowsNeeded(1001, 100, 1100)).toEqual({ contextWindow: 1100, exceeds: true, windows: 2 });
    expect(windowsNeeded(10, 5000, 1000).windows).toBe(10);
  });

  it('handles an empty bounded prompt without dividing by zero', () => {
    const s = askSaving({ promptTokens: 0, fullTokens: 500, outputTokens: 0 });
    expect(s.ratio).toBe(500);
    expect(s.energyWh.bounded).toBe(0);
  });

  it('throws a module-prefixed error on bad input or unknown ids', () => {
    expect(() => askSaving({ promptTokens: -1, fullTokens: 1, outputTokens: 1 })).toThrow(/^ask-saving: promptTokens/);
    expect(() => askSaving({ promptTokens: 1, fullTokens: NaN, outputTokens: 1 })).toThrow(/^ask-saving: fullTokens/);
    expect(() => askSaving({ promptTokens: 1, fullTokens: 1, outputTokens: 1, model: 'nope' })).toThrow(
      /^ask-saving: unknown model "nope"; valid: .*deepseek-v3/,
    );
  });
});

describe('honest baselines', () => {
  it('claims no saving for an empty context, and says why', () => {
    const s = askSaving({ promptTokens: 60, contextTokens: 0, fullTokens: 50_000, outputTokens: 20 });
    expect(s.claimed).toBe(false);
    expect(s.noClaimReason).toMatch(/bounded context is empty/);
    const lines = savingLines(s, 60, 50_000);
    expect(lines[0]).toBe(
      'Saving: none claimed — the bounded context is empty (nothing in the vault matched), so the prompt is only the question.',
    );
    expect(lines.join('\n')).not.toMatch(/fewer|% saved/);
  });

  it('claims no saving when the whole vault is no larger than the bounded prompt', () => {
    const s = askSaving({ promptTokens: 900, contextTokens: 850, fullTokens: 900, outputTokens: 50 });
    expect(s.claimed).toBe(false);
    expect(s.noClaimReason).toMatch(/no baseline is larger/);
  });

  it('adds the vault cut to the model window when the whole vault does not fit, priced as one call', () => {
    const s = askSaving({
      promptTokens: 3000,
      contextTokens: 2900,
      fullTokens: 1_000_000,
      outputTokens: 500,
      model: 'llama-3.1-70b',
    });
    expect(s.claimed).toBe(true);
    expect(s.baselines.map((b) => b.id)).toEqual(['whole-vault', 'vault-in-window']);
    const [whole, capped] = s.baselines as [SavingBaseline, SavingBaseline];
    expect(whole.calls).toBe(s.window.windows);
    expect(whole.energyWh).toBeCloseTo(s.energyWh.full, 12);
    expect(capped.tokens).toBe(131_072 - 500);
    expect(capped.calls).toBe(1);
    expect(capped.label).toBe("the vault cut to Llama-3.1-70B's 131,072-token window");
    expect(capped.energyWh).toBeLessThan(whole.energyWh);
    expect(capped.savedWh).toBeGreaterThan(0);
  });

  it('compares only with the whole vault when it fits the window', () => {
    const s = askSaving({ promptTokens: 3000, contextTokens: 2900, fullTokens: 60_000, outputTokens: 300 });
    expect(s.baselines.map((b) => b.id)).toEqual(['whole-vault']);
  });

  it('in a conversation adds the cached history: only the new question prefilled, plus keeping the cache', () => {
    const input = {
      promptTokens: 3000,
      contextTokens: 2950,
      fullTokens: 60_000,
      outputTokens: 300,
      historyTokens: 40_000,
    };
    const s = askSaving(input);
    const cached = s.baselines.find((b) => b.id === 'cached-history')!;
    expect(cached.tokens).toBe(40_050);
    expect(cached.prefilledTokens).toBe(50);
    expect(cached.label).toBe("the conversation's cached history");
    const setup = requireSetup({}, { model: DEFAULT_MODEL_ID, hardware: DEFAULT_HARDWARE_ID }, 'test');
    const noKeep = toWh(prefillEnergyJ(setup, 50, 40_000) + decodeEnergyJ(setup, 40_050, 300));
    const keep = toWh(retentionEnergyJ(setup, 'offload', 40_000, 60));
    expect(cached.energyWh).toBeCloseTo(noKeep + keep, 12);
    // Held in GPU memory the same history costs more to keep than offloaded.
    const hbm = askSaving({ ...input, kvRetention: 'hbm' }).baselines.find((b) => b.id === 'cached-history')!;
    expect(hbm.energyWh).toBeGreaterThan(cached.energyWh);
    // A first turn has no history, hence no cached-history baseline.
    expect(askSaving({ ...input, historyTokens: 0 }).baselines.map((b) => b.id)).toEqual(['whole-vault']);
  });

  it('names the baseline in every line, and says when the cached history is the cheaper one', () => {
    const s = askSaving({
      promptTokens: 3000,
      contextTokens: 2950,
      fullTokens: 1_000_000,
      outputTokens: 300,
      historyTokens: 2000,
    });
    const lines = savingLines(s, 3000, 1_000_000, s.window.contextWindow);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^Saving: 3,000 prompt tokens instead of 1,000,000 with the whole vault .* priced as \d+ calls/,
    );
    expect(lines[1]).toMatch(
      /^Saving: 3,000 prompt tokens instead of 130,772 with the vault cut to Llama-3\.1-70B's 131,072-token window/,
    );
    // A short cached history prefills 50 tokens: cheaper than a 3,000-token bounded prompt, and the line says so.
    const cached = s.baselines.find((b) => b.id === 'cached-history')!;
    expect(cached.savedWh).toBeLessThan(0);
    expect(lines[2]).toMatch(
      /^Against the conversation's cached history \(2,050 tokens, of which 50 prefilled.*no energy saving is claimed against it\.$/,
    );
    expect(lines[3]).toBe(
      'Energy estimate: Llama-3.1-70B on NVIDIA H100 SXM 80GB, whole-facility Wh, answer included.',
    );
  });
});
