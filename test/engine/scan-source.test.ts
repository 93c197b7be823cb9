import { describe, expect, it } from 'vitest';
import { ScanIndex } from '../../src/core/index/scan-index';
import { bindStoreSource, indexStoredVector } from '../../src/engine/scan-source';
import { VectorStore } from '../../src/engine/vector-store';
import { lowRankVectors, rng } from '../core/index/random-vectors';

const dims = 128;

/** Two scan indexes over the same vectors: one holding them, one reading them from a VectorStore. */
function pair(): { own: ScanIndex; sourced: ScanIndex; store: VectorStore } {
  const vs = lowRankVectors(600, dims, 8, 0.3, 5);
  // Some vectors are sparse, and every 7th is not unit length (scored as a normalised copy).
  vs.forEach((v, i) => {
    if (i % 3 === 0) for (let d = 0; d < dims; d += 2) v[d] = 0;
    if (i % 7 === 0) for (let d = 0; d < dims; d++) v[d] = v[d]! * 3;
  });
  const own = new ScanIndex(dims);
  const sourced = new ScanIndex(dims);
  const store = new VectorStore(dims);
  const keyOf = (label: number): string => `k${label}`;
  bindStoreSource(sourced, keyOf, () => store);
  vs.forEach((v, label) => {
    own.upsert(label, v);
    store.set(keyOf(label), v);
    indexStoredVector(sourced, label, keyOf(label), store);
  });
  return { own, sourced, store };
}

describe('a scan index reading its vectors from the vector store', () => {
  it('answers exactly as one holding the vectors, for sparse and dense queries', () => {
    const { own, sourced } = pair();
    expect(sourced.sourced).toBe(true);
    const next = rng(9);
    for (let t = 0; t < 12; t++) {
      const q = Float32Array.from({ length: dims }, () => (t % 2 === 0 || next() < 0.1 ? next() - 0.5 : 0));
      expect(sourced.search(q, 10)).toEqual(own.search(q, 10));
      const exclude = new Set([1, 2, 3, 40]);
      expect(sourced.searchExcept(q, 25, exclude)).toEqual(own.searchExcept(q, 25, exclude));
      expect(sourced.search(q, 5, (l) => l % 2 === 0)).toEqual(own.search(q, 5, (l) => l % 2 === 0));
    }
    expect(Array.from(sourced.getVector(7)!)).toEqual(Array.from(own.getVector(7)!));
    expect(sourced.labels()).toEqual(own.labels());
  });

  it('follows removals, and tracks only with a source', () => {
    const { own, sourced } = pair();
    for (const l of [0, 5, 9]) {
      own.remove(l);
      sourced.remove(l);
    }
    const q = Float32Array.from({ length: dims }, (_, d) => (d % 9 === 0 ? 1 : 0));
    expect(sourced.search(q, 20)).toEqual(own.search(q, 20));
    expect(() => new ScanIndex(dims).track(1)).toThrow(/scan-index: track without a source/);
    expect(() => bindStoreSource(own, String, () => new VectorStore(dims))).not.toThrow(); // non-empty: left alone
    expect(own.sourced).toBe(false);
  });
});
