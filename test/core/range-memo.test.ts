import { describe, expect, it } from 'vitest';
import { RangeMemo } from '../../src/core/range-memo';
import { seededRandom } from '../../src/core/util/prng';

/** Looks text[start, end) up and returns its first value, adding `value` when absent. */
function remember(m: RangeMemo, text: string, start: number, end: number, value: number): number {
  let e = m.find(text, start, end);
  if (e < 0) {
    e = m.add(text, start, end);
    m.values[e + 3] = value;
  }
  return m.values[e + 3]!;
}

describe('RangeMemo', () => {
  it('finds a key by any range that spells it, and only those', () => {
    const m = new RangeMemo(1 << 20, 2);
    const e = m.add('xx hello yy', 3, 8);
    m.values[e + 3] = 7;
    m.values[e + 4] = -1;
    for (const [t, s, end] of [
      ['hello', 0, 5],
      ['say hello', 4, 9],
      ['hello there', 0, 5],
    ] as const) {
      const f = m.find(t, s, end);
      expect(f).toBeGreaterThanOrEqual(0);
      expect([m.values[f + 3], m.values[f + 4]]).toEqual([7, -1]);
    }
    expect(m.find('hell', 0, 4)).toBe(-1);
    expect(m.find('hello!', 0, 6)).toBe(-1);
    expect(m.find('hellO', 0, 5)).toBe(-1);
    expect(m.find('', 0, 0)).toBe(-1);
  });

  it('keeps many keys through growth, with their values, like a Map', () => {
    const m = new RangeMemo(1 << 24, 1);
    const ref = new Map<string, number>();
    const r = seededRandom(7);
    const alphabet = 'ab c\n\u00e9\u4e2d\ud83d\ude00';
    for (let i = 0; i < 20_000; i++) {
      let k = '';
      const n = 1 + Math.floor(r() * 6);
      for (let j = 0; j < n; j++) k += alphabet[Math.floor(r() * alphabet.length)];
      const padded = `<<${k}>>`;
      const v = ref.get(k) ?? i;
      ref.set(k, v);
      expect(remember(m, padded, 2, 2 + k.length, i)).toBe(v);
    }
    expect(m.count).toBe(ref.size);
    for (const [k, v] of ref) expect(m.values[m.find(k, 0, k.length) + 3]).toBe(v);
  });

  it('drops the old generation when the young one is full, and moves old entries it finds to the young', () => {
    // 40 characters: each 8-character key takes 40 (8 + 32), so every add after the first swaps generations.
    const m = new RangeMemo(40, 1);
    remember(m, 'aaaaaaaa', 0, 8, 1);
    remember(m, 'bbbbbbbb', 0, 8, 2);
    // a is in the old generation now; finding it moves it to the young one (and the old, holding only a, stays).
    expect(remember(m, 'aaaaaaaa', 0, 8, 99)).toBe(1);
    remember(m, 'cccccccc', 0, 8, 3);
    // c's add dropped the generation that held b alone.
    expect(m.find('bbbbbbbb', 0, 8)).toBe(-1);
    expect(remember(m, 'aaaaaaaa', 0, 8, 99)).toBe(1);
    expect(remember(m, 'cccccccc', 0, 8, 99)).toBe(3);
    m.clear();
    expect(m.count).toBe(0);
    expect(m.find('aaaaaaaa', 0, 8)).toBe(-1);
  });

  it('refuses a bad width', () => {
    expect(() => new RangeMemo(100, 0)).toThrow(/range-memo/);
  });
});
