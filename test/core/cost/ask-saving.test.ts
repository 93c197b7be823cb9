import { describe, expect, it } from 'vitest';
import { askSaving, DEFAULT_HARDWARE_ID, DEFAULT_MODEL_ID, windowsNeeded } from '../../../src/core/cost/ask-saving';
import { requestEnergy, toWh } from '../../../src/core/cost/energy-model';
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
