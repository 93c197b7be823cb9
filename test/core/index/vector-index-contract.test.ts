// The same behaviour tests against both HNSW implementations: hnswlib-node (CLI, serve) and hnswlib-wasm (the
// plugin's worker). test/plugin/store-smoke.test.ts runs the wasm one again inside headless Chromium.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HNSW, HnswIndex } from '../../../src/core/index/hnsw-index';
import { HnswWasmIndex, loadHnswWasm } from '../../../src/core/index/hnsw-wasm-index';
import type { HnswGraph, HnswOptions } from '../../../src/core/index/hnsw-graph';
import { ExactIndex } from '../../../src/core/index/exact-index';
import { recallAtK } from '../../../src/core/index/recall';
import { lowRankVectors } from './random-vectors';

const wasm = await loadHnswWasm();
const impls: { name: string; module: string; make: (dims: number, opts?: Partial<HnswOptions>) => HnswGraph }[] = [
  { name: 'hnswlib-node', module: 'hnsw-index', make: (d, o) => new HnswIndex(d, o) },
  { name: 'hnswlib-wasm', module: 'hnsw-wasm-index', make: (d, o) => new HnswWasmIndex(wasm, d, o) },
];
const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe.each(impls)('VectorIndex on $name', ({ module, make }) => {
  it('finds ≥ 95% of the exact top-10 at efSearch 128, with exact cosine scores', () => {
    const dims = 128;
    const data = lowRankVectors(2000, dims, 16, 0.5, 11);
    const queries = lowRankVectors(100, dims, 16, 0.5, 12);
    const hnsw = make(dims);
    const exact = new ExactIndex(dims);
    data.forEach((x, i) => {
      hnsw.upsert(i, x);
      exact.upsert(i, x);
    });
    expect(hnsw.size()).toBe(2000); // grew past initialCapacity 1024
    expect(recallAtK(hnsw, exact, queries, 10)).toBeGreaterThanOrEqual(0.95);
    hnsw.setEfSearch(10);
    expect(recallAtK(hnsw, exact, queries, 10)).toBeLessThan(0.9);
    hnsw.setEfSearch(DEFAULT_HNSW.efSearch);
    const q = queries[0]!;
    const truth = new Map(exact.search(q, 2000).map((h) => [h.label, h.score]));
    const hits = hnsw.search(q, 10);
    expect(hits).toHaveLength(10);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    for (const h of hits) expect(h.score).toBeCloseTo(truth.get(h.label)!, 4);
  });

  it('upserts, removes, re-adds and reports live labels only', () => {
    const idx = make(3, { initialCapacity: 4 });
    idx.upsert(1, v(1, 0, 0));
    idx.upsert(2, v(0, 1, 0));
    idx.upsert(3, v(0, 0, 1));
    idx.upsert(1, v(0, 1, 0.1)); // replace in place
    expect(idx.size()).toBe(3);
    expect(idx.search(v(1, 0, 0), 3).every((h) => h.score < 0.5)).toBe(true);
    idx.remove(2);
    idx.remove(2);
    idx.remove(42);
    expect(idx.has(2)).toBe(false);
    expect(idx.labels()).toEqual([1, 3]);
    expect(idx.getVector(2)).toBeNull();
    expect(idx.search(v(0, 1, 0), 5).map((h) => h.label)).toEqual([1, 3]);
    idx.upsert(2, v(1, 0, 0));
    expect(idx.labels()).toEqual([1, 2, 3]);
    expect(idx.search(v(1, 0, 0), 1)).toEqual([{ label: 2, score: expect.closeTo(1, 5) }]);
  });

  it('reuses deleted slots, grows, and keeps every label reachable under heavy churn', () => {
    const data = lowRankVectors(3000, 6, 3, 0.5, 21);
    const idx = make(6, { m: 8, efConstruction: 40, initialCapacity: 16 });
    const exact = new ExactIndex(6);
    const put = (label: number): void => {
      idx.upsert(label, data[label]!);
      exact.upsert(label, data[label]!);
    };
    const del = (label: number): void => {
      idx.remove(label);
      exact.remove(label);
    };
    for (let i = 0; i < 1200; i++) put(i);
    for (let i = 0; i < 1100; i++) del(i);
    for (let i = 2000; i < 3000; i++) put(i);
    del(2000);
    for (const label of [5, 1099, 2000, 2500]) put(label);
    expect(idx.labels()).toEqual(exact.labels());
    for (const label of [5, 1099, 2000, 2500, 1150]) {
      expect(idx.search(data[label]!, 1)[0]!.label).toBe(label);
      idx.getVector(label)!.forEach((x, i) => expect(x).toBeCloseTo(exact.getVector(label)![i]!, 5));
    }
  });

  it('honours the filter callback and clamps k to the live count', () => {
    const data = lowRankVectors(300, 16, 4, 0.3, 9);
    const idx = make(16);
    data.forEach((x, i) => idx.upsert(i, x));
    const odd = idx.search(data[10]!, 15, (l) => l % 2 === 1);
    expect(odd).toHaveLength(15);
    expect(odd.every((h) => h.label % 2 === 1)).toBe(true);
    expect(idx.search(data[10]!, 10, (l) => l < 3).map((h) => h.label).sort()).toEqual([0, 1, 2]);
    expect(idx.search(data[10]!, 5000)).toHaveLength(300);
    expect(idx.search(data[10]!, 0)).toEqual([]);
    expect(() =>
      idx.search(data[10]!, 5, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(make(16).search(data[0]!, 10)).toEqual([]);
  });

  it('rejects bad input with module-prefixed errors and loses nothing', () => {
    const idx = make(3);
    idx.upsert(7, v(1, 0, 0));
    expect(() => idx.upsert(8, v(1, 0))).toThrow(new RegExp(`^${module}: vector has 2 dims, index has 3`));
    expect(() => idx.upsert(8, v(1, Number.POSITIVE_INFINITY, 0))).toThrow(new RegExp(`^${module}: vector has a non-finite`));
    expect(() => idx.upsert(2 ** 32, v(1, 0, 0))).toThrow(new RegExp(`^${module}: label`));
    expect(() => idx.search(v(1, 0, 0), 1.5)).toThrow(new RegExp(`^${module}: k`));
    expect(() => idx.setEfSearch(0)).toThrow(new RegExp(`^${module}: efSearch`));
    expect(() => make(3, { m: 1 })).toThrow(new RegExp(`^${module}: m must be`));
    expect(() => make(-3)).toThrow(new RegExp(`^${module}: dims`));
    expect(idx.labels()).toEqual([7]);
  });
});
