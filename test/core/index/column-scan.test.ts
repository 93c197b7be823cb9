import { describe, expect, it } from 'vitest';
import { ColumnScan } from '../../../src/core/index/column-scan';
import { seededRandom } from '../../../src/core/util/prng';

/** Unit vectors like the local embedder's: a few dozen non-zero dimensions out of `dims`. */
function sparseUnit(rand: () => number, dims: number, nnz: number): Float32Array {
  const v = new Float32Array(dims);
  for (let i = 0; i < nnz; i++) v[Math.floor(rand() * dims)] = rand() * 2 - 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function exactTop(data: Map<number, Float32Array>, q: Float32Array, k: number): number[] {
  return [...data.entries()]
    .map(([l, v]) => ({ l, s: v.reduce((s, x, i) => s + x * q[i]!, 0) }))
    .sort((a, b) => b.s - a.s || a.l - b.l)
    .slice(0, k)
    .map((x) => x.l);
}

describe('ColumnScan', () => {
  const dims = 128;
  const rand = seededRandom(11);
  const data = new Map<number, Float32Array>();
  const scan = new ColumnScan(dims);
  for (let l = 0; l < 3000; l++) {
    const v = sparseUnit(rand, dims, 40);
    data.set(l, v);
    if (l < 100) scan.upsert(l, v);
  }
  // The rest in bulk, as the engine builds its copy.
  scan.addMany([...data.keys()].slice(100), [...data.values()].slice(100));

  it('finds the exact top k after re-scoring, for sparse and dense queries', () => {
    for (let i = 0; i < 30; i++) {
      const q = sparseUnit(rand, dims, i % 2 === 0 ? 10 : dims);
      const got = scan.search(q, 10, { exact: (l) => data.get(l) });
      expect(got.map((h) => h.label)).toEqual(exactTop(data, q, 10));
      // Re-scored over the query's non-zero dimensions only, yet bit for bit the dot product over all of them.
      for (const h of got) expect(h.score).toBe(data.get(h.label)!.reduce((s, x, j) => s + x * q[j]!, 0));
    }
  });

  it('sums every non-zero query dimension, whatever their count (eight-, four- and one-column passes)', () => {
    // The int8 score of a row, computed directly: per-row scale max|v|/127, components rounded.
    const quantised = (v: Float32Array, q: Float32Array): number => {
      const max = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      if (max === 0) return 0;
      let s = 0;
      for (let d = 0; d < dims; d++) s += q[d]! * Math.round((v[d]! * 127) / max);
      return (s * max) / 127;
    };
    for (let nnz = 1; nnz <= 21; nnz++) {
      const q = new Float32Array(dims);
      for (let i = 0; i < nnz; i++) q[(i * 37 + nnz) % dims] = rand() * 2 - 1;
      const norm = Math.hypot(...q);
      for (let d = 0; d < dims; d++) q[d] = q[d]! / norm;
      const want = [...data.entries()]
        .map(([l, v]) => ({ l, s: quantised(v, q) }))
        .sort((a, b) => b.s - a.s || a.l - b.l)
        .slice(0, 20);
      const got = scan.search(q, 20, { rerank: 20 });
      expect(got.map((h) => h.label)).toEqual(want.map((w) => w.l));
      // Close, not equal: the query's weights are quantised too (to int16, column-query.ts).
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.s, 4));
    }
  });

  it('widens a too-narrow re-scored window until the result is proven exact', () => {
    let quantisedOrderDiffers = 0;
    for (let i = 0; i < 30; i++) {
      const q = sparseUnit(rand, dims, dims);
      const want = exactTop(data, q, 10);
      expect(scan.search(q, 10, { exact: (l) => data.get(l), rerank: 10 }).map((h) => h.label)).toEqual(want);
      if (
        scan
          .search(q, 10, { rerank: 10 })
          .map((h) => h.label)
          .join() !== want.join()
      )
        quantisedOrderDiffers++;
    }
    // Without re-scoring the int8 scores do reorder the top 10, so the widening above is what makes it exact.
    expect(quantisedOrderDiffers).toBeGreaterThan(0);
  });

  it('stays exact when the sampled threshold lets in a crowd of equal scores, or too few rows', () => {
    const big = new ColumnScan(dims);
    const vecs = new Map<number, Float32Array>();
    for (let l = 0; l < 4000; l++) {
      const v = new Float32Array(dims);
      // Rows 0 and 25 (sampled at a stride of 25) stand far above the rest; most rows miss dimension 0 entirely.
      v[0] = l === 0 || l === 25 ? 1 : l % 3 === 0 ? 0.01 + (l % 97) / 1e4 : 0;
      v[1 + (l % (dims - 1))] = 1;
      const n = Math.hypot(...v);
      vecs.set(
        l,
        v.map((x) => x / n),
      );
    }
    big.addMany([...vecs.keys()], [...vecs.values()]);
    const q = new Float32Array(dims);
    q[0] = 1;
    for (const [k, rerank] of [
      [10, 10],
      [20, 40],
      [5, 400],
    ] as const) {
      const got = big.search(q, k, { exact: (l) => vecs.get(l), rerank });
      expect(
        got.map((h) => h.label),
        `k ${k}, rerank ${rerank}`,
      ).toEqual(exactTop(vecs, q, k));
    }
    // A query most rows score 0 on: the window's ties at 0 are cut back, the result still exact.
    const q2 = new Float32Array(dims);
    q2[7] = 1;
    expect(big.search(q2, 10, { exact: (l) => vecs.get(l), rerank: 10 }).map((h) => h.label)).toEqual(
      exactTop(vecs, q2, 10),
    );
  });

  it('leaves out excluded labels without a callback', () => {
    const q = sparseUnit(rand, dims, 20);
    const top = exactTop(data, q, 30);
    const exclude = new Set(top.slice(0, 10));
    const rest = new Map([...data].filter(([l]) => !exclude.has(l)));
    const got = scan.search(q, 20, { exact: (l) => data.get(l), exclude: [...exclude, 123456] });
    expect(got.map((h) => h.label)).toEqual(exactTop(rest, q, 20));
    expect(scan.search(q, 5, { exclude: data.keys() })).toEqual([]);
  });

  it('follows removals, replacements and growth, reusing freed rows', () => {
    for (let l = 0; l < 3000; l += 2) {
      scan.remove(l);
      data.delete(l);
    }
    for (let l = 1; l < 600; l += 2) {
      const v = sparseUnit(rand, dims, 40);
      data.set(l, v);
      scan.upsert(l, v);
    }
    for (let l = 5000; l < 7000; l++) {
      const v = sparseUnit(rand, dims, 40);
      data.set(l, v);
      scan.upsert(l, v);
    }
    const bulk = Array.from({ length: 1500 }, (_, i) => 9000 + i);
    const vs = bulk.map(() => sparseUnit(rand, dims, 40));
    bulk.forEach((l, i) => data.set(l, vs[i]!));
    scan.addMany(bulk, vs);
    expect(scan.size()).toBe(data.size);
    for (let i = 0; i < 20; i++) {
      const q = sparseUnit(rand, dims, 12);
      expect(scan.search(q, 25, { exact: (l) => data.get(l) }).map((h) => h.label)).toEqual(exactTop(data, q, 25));
    }
  });

  it('gives the same quantised scores whether vectors came one by one or in bulk', () => {
    const one = new ColumnScan(dims);
    const many = new ColumnScan(dims);
    const ls = [...data.keys()].slice(0, 500);
    for (const l of ls) one.upsert(l, data.get(l)!);
    many.addMany(
      ls,
      ls.map((l) => data.get(l)!),
    );
    const q = sparseUnit(rand, dims, 12);
    expect(many.search(q, 50)).toEqual(one.search(q, 50));
  });

  it('without re-scoring ranks by the quantised scores, close to the exact ones', () => {
    const q = sparseUnit(rand, dims, 12);
    const got = scan.search(q, 5);
    for (const h of got)
      expect(h.score).toBeCloseTo(
        data.get(h.label)!.reduce((s, x, j) => s + x * q[j]!, 0),
        2,
      );
  });
});
