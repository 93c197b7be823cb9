import { describe, expect, it } from 'vitest';
import { WordSlots } from '../../../src/core/embed/word-slots';

const read = (w: WordSlots, word: string): [number[], number[]] | undefined => {
  const r = w.get(word);
  if (!r) return undefined;
  return [Array.from(r.slots.subarray(r.start, r.end)), Array.from(r.weights.subarray(r.start, r.end))];
};

describe('WordSlots', () => {
  it('returns each word its own features, also after the arrays grew', () => {
    const w = new WordSlots(100_000);
    const want = new Map<string, [number[], number[]]>();
    for (let i = 0; i < 5000; i++) {
      const n = (i % 13) + 1; // 5000 words × up to 13 features: the arrays grow several times
      const slots = Array.from({ length: n }, (_, j) => (j % 2 ? -1 : 1) * (i + j + 1));
      const weights = Array.from({ length: n }, (_, j) => 1 / (i + j + 1));
      want.set(`w${i}`, [slots, weights]);
      const r = w.add(`w${i}`, slots, weights);
      expect(Array.from(r.slots.subarray(r.start, r.end))).toEqual(slots);
    }
    expect(w.size).toBe(5000);
    for (const [word, v] of want) expect(read(w, word)).toEqual(v);
    expect(read(w, 'absent')).toBeUndefined();
  });

  it('keeps a word with no features apart from its neighbours', () => {
    const w = new WordSlots(10);
    w.add('a', [1, 2], [0.5, 0.25]);
    w.add('empty', [], []);
    w.add('b', [-3], [2]);
    expect(read(w, 'empty')).toEqual([[], []]);
    expect(read(w, 'b')).toEqual([[-3], [2]]);
  });

  it('drops everything once full, and stays correct after', () => {
    const w = new WordSlots(3);
    w.add('a', [1], [1]);
    w.add('b', [2], [2]);
    w.add('c', [3], [3]);
    w.add('d', [4, 5], [4, 5]);
    expect(w.size).toBe(1);
    expect(read(w, 'a')).toBeUndefined();
    expect(read(w, 'd')).toEqual([
      [4, 5],
      [4, 5],
    ]);
    expect(w.features).toBe(2);
  });

  it('rejects slots and weights of different lengths', () => {
    expect(() => new WordSlots(5).add('x', [1, 2], [1])).toThrow(/word-slots/);
  });
});

describe('WordSlots feature limit', () => {
  it('drops everything before a word would pass the feature limit, and never grows past it', () => {
    const w = new WordSlots(1000, 20);
    for (let i = 0; i < 6; i++) w.add(`w${i}`, [1, 2, 3], [1, 2, 3]); // 18 features
    expect(w.features).toBe(18);
    const r = w.add('next', [4, 5, 6], [4, 5, 6]); // 21 > 20: cleared first
    expect(w.size).toBe(1);
    expect(w.features).toBe(3);
    expect(r.slots.length).toBeLessThanOrEqual(20);
    expect(w.get('w0')).toBeUndefined();
    expect(Array.from(r.weights.subarray(r.start, r.end))).toEqual([4, 5, 6]);
  });
});
