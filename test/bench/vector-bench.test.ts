import { describe, expect, it } from 'vitest';
import type { VectorHit, VectorIndex } from '../../src/core/types';
import { ExactIndex } from '../../src/core/index/exact-index';
import { lowRankUnitVectors } from '../../src/bench/low-rank';
import { benchVectorSearch, MemoSearch } from '../../src/bench/vector-bench';

/** Counts the searches that reach the wrapped index. */
class CountingIndex implements VectorIndex {
  calls = 0;
  constructor(private readonly inner: VectorIndex) {}
  get dims(): number {
    return this.inner.dims;
  }
  size(): number {
    return this.inner.size();
  }
  upsert(label: number, v: Float32Array): void {
    this.inner.upsert(label, v);
  }
  remove(label: number): void {
    this.inner.remove(label);
  }
  has(label: number): boolean {
    return this.inner.has(label);
  }
  search(q: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    this.calls++;
    return this.inner.search(q, k, filter);
  }
}

describe('vector bench', () => {
  it('MemoSearch answers a repeated (query, k) from memory and passes filtered searches through', () => {
    const exact = new ExactIndex(8);
    lowRankUnitVectors({ n: 30, dims: 8, latent: 3, noise: 0.3, seed: 1 }).forEach((v, i) => exact.upsert(i, v));
    const counting = new CountingIndex(exact);
    const memo = new MemoSearch(counting);
    const q = lowRankUnitVectors({ n: 1, dims: 8, latent: 3, noise: 0.3, seed: 2 })[0]!;
    const first = memo.search(q, 5);
    expect(memo.search(q, 5)).toBe(first);
    expect(counting.calls).toBe(1);
    memo.search(q, 3);
    expect(counting.calls).toBe(2);
    memo.search(q, 5, (l) => l % 2 === 0);
    expect(counting.calls).toBe(3);
    expect(memo.size()).toBe(30);
    expect(() => memo.upsert()).toThrow(/read-only/);
  });

  it('measures recall@10 against the exact scan for every ef, and reaches it at a wide beam', () => {
    const all = lowRankUnitVectors({ n: 420, dims: 16, latent: 4, noise: 0.5, seed: 9 });
    const r = benchVectorSearch(
      { source: 'test', data: all.slice(0, 400), queries: all.slice(400), queryNote: 'held out' },
      { reps: 1 },
    );
    expect(r).toMatchObject({
      source: 'test',
      vectors: 400,
      dims: 16,
      queries: 20,
      hnswParams: { m: 16, efConstruction: 200 },
    });
    expect(r.hnsw.map((p) => p.ef)).toEqual([32, 64, 128, 256]);
    for (const p of r.hnsw) {
      expect(p.recallAt10).toBeGreaterThan(0.5);
      expect(p.recallAt10).toBeLessThanOrEqual(1);
      expect(p.latencyMs.n).toBe(20);
    }
    // ef 256 over 400 points visits nearly all of them: HNSW must agree with the exact scan.
    expect(r.hnsw[3]!.recallAt10).toBeGreaterThanOrEqual(0.99);
    expect(r.exact.latencyMs.n).toBe(20);
  });

  it('refuses an empty set', () => {
    expect(() =>
      benchVectorSearch({ source: 's', data: [], queries: [new Float32Array(2)], queryNote: '' }, { reps: 1 }),
    ).toThrow(/no vectors/);
    expect(() =>
      benchVectorSearch({ source: 's', data: [new Float32Array([1, 0])], queries: [], queryNote: '' }, { reps: 1 }),
    ).toThrow(/no queries/);
  });
});
