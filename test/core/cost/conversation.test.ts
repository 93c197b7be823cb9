import { describe, expect, it } from 'vitest';
import {
  checkConversation,
  simulateConversation,
  DEFAULT_MINUTES,
  MAX_MINUTES,
} from '../../../src/core/cost/conversation';

describe('simulateConversation', () => {
  it('defaults to the 5, 55, 205, 305, 505 curve of a 1T dense model with the issue JSON shape', () => {
    const r = simulateConversation();
    expect(r.model).toBe('dense-1t');
    expect(r.hardware).toBe('h100');
    expect(r.turns.map((t) => t.minute)).toEqual([...DEFAULT_MINUTES]);
    expect(r.assumptions.gpus).toBe(32);
    expect(r.outputTokenJ).toBeGreaterThan(r.outputTokenGpuJ);
    for (const t of r.turns) {
      for (const k of ['minute', 'contextTokens', 'fullResendWh', 'prefixCachedWh', 'boundedWh'] as const) {
        expect(typeof t[k]).toBe('number');
      }
    }
    for (const k of ['fullResendWh', 'prefixCachedWh', 'boundedWh'] as const)
      expect(r.cumulative[k]).toBeGreaterThan(0);
  });

  it('defines a turn: context = history so far + the new speech; bounded = min(budget, history) + speech', () => {
    const r = simulateConversation({ minutes: [1, 3, 50], rate: 200, reply: 100, budget: 3000 });
    expect(r.turns.map((t) => t.contextTokens)).toEqual([200, 2 * 300 + 200, 49 * 300 + 200]);
    expect(r.turns.map((t) => t.boundedContextTokens)).toEqual([200, 800, 3200]);
  });

  it('cumulative figures are the sums of the per-turn figures of every minute', () => {
    const minutes = Array.from({ length: 30 }, (_, i) => i + 1);
    const r = simulateConversation({ model: 'llama-3.1-8b', minutes });
    for (const k of ['fullResendWh', 'prefixCachedWh', 'boundedWh'] as const) {
      const sum = r.turns.reduce((s, t) => s + t[k], 0);
      expect(r.cumulative[k]).toBeCloseTo(sum, 9);
      expect(r.turns[29]!.cumulative[k]).toBeCloseTo(sum, 9);
    }
  });

  it('keeps the bounded context flat across turns once the budget is full', () => {
    const r = simulateConversation({ model: 'llama-3.1-70b', minutes: [20, 100, 400, 1000] });
    const bounded = r.turns.map((t) => t.boundedWh);
    for (const b of bounded) expect(b).toBeCloseTo(bounded[0]!, 12);
    expect(r.growth!.boundedSpread).toBeCloseTo(1, 12);
  });

  it('orders the strategies: full re-send ≥ prefix-cached, and full re-send overtakes bounded', () => {
    const r = simulateConversation({ model: 'qwen2.5-7b', minutes: [1, 10, 100, 300] });
    for (const t of r.turns) expect(t.fullResendWh).toBeGreaterThanOrEqual(t.prefixCachedWh);
    expect(r.turns[0]!.fullResendWh).toBeCloseTo(r.turns[0]!.boundedWh, 12);
    const ratios = r.turns.map((t) => t.fullResendWh / t.boundedWh);
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeGreaterThan(ratios[i - 1]!);
  });

  it('grows the full re-send cumulative energy ~cubically once attention dominates', () => {
    // No reply isolates prefill: per turn a·t + b·t², in total ~t² + t³; at very long sessions t³ wins.
    const r = simulateConversation({ model: 'llama-3.1-8b', minutes: [5000, 10_000], reply: 0 });
    expect(r.growth!.cumulativeExponent).toBeGreaterThan(2.8);
    expect(r.growth!.cumulativeExponent).toBeLessThanOrEqual(3.0001);
    expect(r.growth!.perTurnExponent).toBeGreaterThan(1.8);
    expect(r.growth!.perTurnExponent).toBeLessThanOrEqual(2.0001);
  });

  it('is polynomial, not exponential: the doubling factor stays bounded and its exponent rises towards 3', () => {
    let prev = 0;
    for (const last of [50, 200, 800]) {
      const g = simulateConversation({ model: 'llama-3.1-8b', minutes: [last] }).growth!;
      expect(g.toMinute / g.fromMinute).toBeCloseTo(2, 12);
      expect(g.cumulativeFactor).toBeLessThan(8.5); // exponential growth would exceed any fixed bound
      expect(g.cumulativeExponent).toBeGreaterThan(prev);
      prev = g.cumulativeExponent;
    }
    expect(prev).toBeGreaterThan(2);
  });

  it('flags turns beyond the context window and memory-capped decode batches', () => {
    const r = simulateConversation({ model: 'dense-1t', minutes: [5, 505] });
    expect(r.turns[0]!.exceedsWindow).toBe(false);
    expect(r.turns[1]!.exceedsWindow).toBe(true);
    expect(r.turns[0]!.decodeBatch).toBe(64);
    expect(r.turns[1]!.decodeBatch).toBeLessThan(64);
  });

  it('sorts and de-duplicates minutes', () => {
    const r = simulateConversation({ model: 'llama-3.1-8b', minutes: [30, 5, 30, 1] });
    expect(r.turns.map((t) => t.minute)).toEqual([1, 5, 30]);
  });

  it('reports bad options as data, and throws when they are used anyway', () => {
    expect(checkConversation({})).toEqual([]);
    const problems = checkConversation({ model: 'gpt-9', minutes: [0, MAX_MINUTES + 1], budget: -1, rate: 1.5 });
    expect(problems.join('\n')).toMatch(/unknown model "gpt-9"; valid: llama-3.1-8b, .*dense-1t/);
    expect(problems.join('\n')).toMatch(/minutes: 0 /);
    expect(problems.join('\n')).toMatch(/budget/);
    expect(problems.join('\n')).toMatch(/rate/);
    expect(checkConversation({ minutes: [] })).toEqual(['minutes: give at least one minute']);
    expect(() => simulateConversation({ hardware: 'tpu' })).toThrow(
      /^conversation: unknown hardware "tpu"; valid: h100, gh200, a100, a100-40gb/,
    );
  });
});
