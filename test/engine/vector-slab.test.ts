import { describe, expect, it } from 'vitest';
import { VectorSlab } from '../../src/engine/vector-slab';
import { encodeVectors, visitVectors } from '../../src/core/storage/vector-record';
import { rng } from '../core/index/random-vectors';

/** A vector with about `share` of its dims non-zero (some of them -0), not unit length. */
function sparseVector(dims: number, share: number, next: () => number): Float32Array {
  const v = new Float32Array(dims);
  for (let d = 0; d < dims; d++) {
    const r = next();
    if (r < share) v[d] = next() * 2 - 1;
    else if (r < share + 0.02) v[d] = -0;
  }
  return v;
}

function denseDot(q: Float32Array, v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += q[i]! * v[i]!;
  return s;
}

describe('VectorSlab', () => {
  it('decodes exactly what was stored, -0 included, across pages', () => {
    const next = rng(7);
    const slab = new VectorSlab(512);
    // ~320 floats a row over 4,000 rows: more than one 4 MiB page (1M floats).
    const vs = Array.from({ length: 4000 }, () => sparseVector(512, 0.6, next));
    const rows = vs.map((v) => slab.add(v));
    let wrong = 0;
    rows.forEach((row, i) => {
      const got = slab.get(row);
      for (let d = 0; d < 512; d++) if (!Object.is(got[d], vs[i]![d])) wrong++;
    });
    expect(wrong).toBe(0);
    expect(slab.size).toBe(4000);
  });

  it('gives the dense dot bit for bit over a query’s non-zero dims', () => {
    const next = rng(11);
    const dims = 512;
    const slab = new VectorSlab(dims);
    const vs = Array.from({ length: 300 }, () => sparseVector(dims, 0.62, next));
    const rows = vs.map((v) => slab.add(v));
    for (let t = 0; t < 20; t++) {
      const q = sparseVector(dims, t % 2 ? 0.06 : 1, next);
      const nz = new Int32Array(dims);
      let n = 0;
      for (let d = 0; d < dims; d++) if (q[d] !== 0) nz[n++] = d;
      const wrong = rows.filter((row, i) => slab.dot(row, q, nz, n) !== denseDot(q, vs[i]!));
      expect(wrong).toEqual([]);
    }
  });

  it("stores a vector record's masked layout as add() stores the decoded vector: same floats, dots and unit flags", () => {
    const next = rng(5);
    for (const dims of [512, 13, 70]) {
      const vs = Array.from({ length: 600 }, (_, i) => {
        const v = sparseVector(dims, 0.6, next);
        if (i % 3 === 0) {
          // Unit length, as the local embedder's passage vectors are.
          const norm = Math.hypot(...v) || 1;
          for (let d = 0; d < dims; d++) v[d] = v[d]! / norm;
        }
        if (i === 7) v.fill(0);
        return v;
      });
      const plain = new VectorSlab(dims);
      const copied = new VectorSlab(dims);
      const rows = vs.map((v) => plain.add(v));
      const masked: number[] = [];
      const bytes = encodeVectors(
        vs.map((v, i) => [i.toString(16).padStart(32, '0'), v] as const),
        dims,
      );
      visitVectors(bytes, dims, {
        masked: (_, mask, values) => masked.push(copied.addMasked(mask, values)),
        dense: () => {
          throw new Error('sparse vectors are stored masked');
        },
      });
      expect(masked).toEqual(rows);
      const q = sparseVector(dims, 0.3, next);
      const nz = new Int32Array(dims);
      let n = 0;
      for (let d = 0; d < dims; d++) if (q[d] !== 0) nz[n++] = d;
      let wrong = 0;
      rows.forEach((row, i) => {
        const a = plain.get(row);
        const b = copied.get(row);
        for (let d = 0; d < dims; d++) if (!Object.is(a[d], b[d]) || !Object.is(b[d], vs[i]![d])) wrong++;
        if (plain.isUnit(row) !== copied.isUnit(row)) wrong++;
        if (plain.dot(row, q, nz, n) !== copied.dot(row, q, nz, n)) wrong++;
      });
      expect(wrong).toBe(0);
      expect(masked.filter((r) => copied.isUnit(r)).length).toBeGreaterThanOrEqual(200);
    }
  });

  it('knows unit rows, reuses freed rows and compacts when half is garbage', () => {
    const next = rng(3);
    const slab = new VectorSlab(64);
    const unitRow = slab.add(Float32Array.from({ length: 64 }, (_, i) => (i === 5 ? 1 : 0)));
    const other = slab.add(Float32Array.from({ length: 64 }, () => 2));
    expect(slab.isUnit(unitRow)).toBe(true);
    expect(slab.isUnit(other)).toBe(false);
    slab.free(other);
    expect(slab.add(Float32Array.from({ length: 64 }, () => 3))).toBe(other);
    // Fill ~3 pages with dense rows, free most, compact: what is left still decodes right.
    const keep: [number, Float32Array][] = [];
    for (let i = 0; i < 50_000; i++) {
      const v = sparseVector(64, 1, next);
      const row = slab.add(v);
      if (i % 10 === 0) keep.push([row, v]);
      else slab.free(row);
    }
    slab.compactIfWasteful();
    for (const [row, v] of keep) expect(Array.from(slab.get(row))).toEqual(Array.from(v));
    expect(Array.from(slab.get(unitRow))[5]).toBe(1);
  });
});
