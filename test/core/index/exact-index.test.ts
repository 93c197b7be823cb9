import { describe, expect, it } from 'vitest';
import { ExactIndex } from '../../../src/core/index/exact-index';
import { cosine, lowRankVectors } from './random-vectors';

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('ExactIndex', () => {
  it('returns cosine similarities best first, normalising inputs', () => {
    const idx = new ExactIndex(3);
    idx.upsert(1, v(1, 0, 0));
    idx.upsert(2, v(0, 2, 0)); // not unit on input
    idx.upsert(3, v(1, 1, 0));
    const hits = idx.search(v(3, 0, 0), 3);
    expect(hits.map((h) => h.label)).toEqual([1, 3, 2]);
    expect(hits[0]!.score).toBeCloseTo(1, 6);
    expect(hits[1]!.score).toBeCloseTo(Math.SQRT1_2, 6);
    expect(hits[2]!.score).toBeCloseTo(0, 6);
    const stored = idx.getVector(2)!;
    expect(Array.from(stored)).toEqual([0, 1, 0]);
  });

  it('agrees with a direct cosine ranking on random data, for k below and above the size', () => {
    const data = lowRankVectors(300, 24, 4, 0.3, 7);
    const idx = new ExactIndex(24);
    data.forEach((x, i) => idx.upsert(i * 3, x)); // sparse labels
    for (const q of lowRankVectors(5, 24, 4, 0.3, 8)) {
      const expected = data.map((x, i) => ({ label: i * 3, score: cosine(q, x) })).sort((a, b) => b.score - a.score);
      for (const k of [1, 10, 299, 1000]) {
        const got = idx.search(q, k);
        expect(got.map((h) => h.label)).toEqual(expected.slice(0, k).map((h) => h.label));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
      }
    }
  });

  it('replaces, removes and reuses slots', () => {
    const idx = new ExactIndex(2);
    idx.upsert(10, v(1, 0));
    idx.upsert(20, v(0, 1));
    idx.upsert(10, v(0, 1)); // replace
    expect(idx.size()).toBe(2);
    expect(Array.from(idx.getVector(10)!)).toEqual([0, 1]);
    idx.remove(20);
    idx.remove(20); // no-op
    idx.remove(99); // never present
    expect(idx.size()).toBe(1);
    expect(idx.has(20)).toBe(false);
    expect(idx.getVector(20)).toBeNull();
    idx.upsert(30, v(1, 0)); // takes the freed slot
    expect(idx.labels()).toEqual([10, 30]);
    expect(idx.search(v(1, 0), 5).map((h) => h.label)).toEqual([30, 10]);
  });

  it('grows past its initial pool and applies the filter', () => {
    const idx = new ExactIndex(4);
    const data = lowRankVectors(500, 4, 2, 0.5, 3);
    data.forEach((x, i) => idx.upsert(i, x));
    expect(idx.size()).toBe(500);
    const even = idx.search(data[7]!, 20, (l) => l % 2 === 0);
    expect(even).toHaveLength(20);
    expect(even.every((h) => h.label % 2 === 0)).toBe(true);
    expect(idx.search(data[7]!, 20, () => false)).toEqual([]);
    expect(idx.search(data[7]!, 1)[0]!.label).toBe(7);
  });

  it('breaks score ties by label and handles empty cases', () => {
    const idx = new ExactIndex(2);
    expect(idx.search(v(1, 0), 5)).toEqual([]);
    idx.upsert(5, v(1, 0));
    idx.upsert(2, v(2, 0));
    idx.upsert(9, v(0, 1));
    expect(idx.search(v(1, 0), 2).map((h) => h.label)).toEqual([2, 5]);
    expect(idx.search(v(1, 0), 0)).toEqual([]);
    idx.upsert(4, v(0, 0)); // a zero vector is allowed: cosine 0 with everything
    expect(idx.search(v(0, 1), 4).find((h) => h.label === 4)!.score).toBe(0);
  });

  it('rejects bad input with module-prefixed errors and keeps its state', () => {
    const idx = new ExactIndex(3);
    idx.upsert(1, v(1, 0, 0));
    expect(() => new ExactIndex(0)).toThrow(/^exact-index: dims/);
    expect(() => idx.upsert(2, v(1, 0))).toThrow(/^exact-index: vector has 2 dims, index has 3/);
    expect(() => idx.upsert(2, v(1, Number.NaN, 0))).toThrow(/^exact-index: vector has a non-finite value at 1/);
    expect(() => idx.upsert(-1, v(1, 0, 0))).toThrow(/^exact-index: label/);
    expect(() => idx.upsert(1.5, v(1, 0, 0))).toThrow(/^exact-index: label/);
    expect(() => idx.search(v(1, 0, 0), -1)).toThrow(/^exact-index: k/);
    expect(() => idx.search(v(Infinity, 0, 0), 1)).toThrow(/^exact-index: query has a non-finite/);
    expect(idx.labels()).toEqual([1]);
    expect(Array.from(idx.getVector(1)!)).toEqual([1, 0, 0]);
  });
});
