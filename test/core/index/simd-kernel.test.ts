import { describe, expect, it } from 'vitest';
import { addColumns, wordView } from '../../../src/core/index/column-kernel';
import { ColumnScan } from '../../../src/core/index/column-scan';
import { SimdColumns, simdAvailable } from '../../../src/core/index/simd-kernel';
import { seededRandom } from '../../../src/core/util/prng';

describe('SimdColumns', () => {
  it('is available in Node (WebAssembly SIMD)', () => {
    expect(simdAvailable()).toBe(true);
  });

  it('forms the same integer sums as the JS kernel, for any number of columns and rows', () => {
    const rand = seededRandom(5);
    const dims = 48;
    const cap = 1000; // not a multiple of 16: the last group of rows reads past the rows in use
    const simd = new SimdColumns(dims, cap);
    simd.cols.set(Int8Array.from({ length: dims * cap }, () => Math.round(rand() * 254 - 127)));
    const words = wordView(simd.cols, cap);
    for (let t = 0; t < 60; t++) {
      const nz = [...new Set(Array.from({ length: 1 + (t % 23) }, () => Math.floor(rand() * dims)))];
      const w = new Int32Array(dims);
      for (const d of nz) w[d] = Math.round((rand() * 2 - 1) * 32767);
      w[nz[0]!] = t % 2 === 0 ? 32767 : -32767;
      const from = 16 * Math.floor(rand() * 40);
      const count = Math.floor(rand() * (cap - from));
      const want = new Float64Array(cap);
      addColumns(want, simd.cols, words, cap, w, nz, from, from + count);
      simd.setQuery(nz, w);
      simd.sums(nz.length, from, count);
      expect([...simd.acc.subarray(from, from + count)]).toEqual([...want.subarray(from, from + count)]);
    }
  });

  it('refuses rows that do not start a group of 16 or run past the capacity', () => {
    const simd = new SimdColumns(4, 64);
    expect(() => simd.sums(1, 8, 8)).toThrow(/simd-kernel: bad rows/);
    expect(() => simd.sums(1, 48, 32)).toThrow(/simd-kernel: bad rows/);
  });
});

describe('ColumnScan on the SIMD kernel and on the JS kernel', () => {
  it('gives bit for bit the same quantised scores and the same exact results', () => {
    const rand = seededRandom(9);
    const dims = 96;
    const data = new Map<number, Float32Array>();
    for (let l = 0; l < 2500; l++) {
      const v = new Float32Array(dims);
      for (let i = 0; i < 50; i++) v[Math.floor(rand() * dims)] = rand() * 2 - 1;
      const n = Math.hypot(...v);
      data.set(
        l,
        v.map((x) => x / n),
      );
    }
    const [simd, js] = [new ColumnScan(dims, true), new ColumnScan(dims, false)];
    for (const scan of [simd, js]) scan.addMany([...data.keys()], [...data.values()]);
    expect([simd.kernel, js.kernel]).toEqual(['simd', 'js']);
    for (let i = 0; i < 20; i++) {
      const q = new Float32Array(dims);
      for (let j = 0; j < (i % 2 === 0 ? 12 : dims); j++) q[Math.floor(rand() * dims)] = rand() * 2 - 1;
      expect(simd.search(q, 15, { rerank: 15 })).toEqual(js.search(q, 15, { rerank: 15 }));
      const exact = { exact: (l: number) => data.get(l) };
      expect(simd.search(q, 10, exact)).toEqual(js.search(q, 10, exact));
    }
  });
});

describe('ColumnScan.adopt on the SIMD kernel', () => {
  it('copies the rows into its memory, holding none of the arrays it was given', () => {
    const src = new ColumnScan(8, false);
    src.addMany(
      [5, 6, 7],
      [
        Float32Array.of(1, 0, 0, 0, 0, 0, 0, 0),
        Float32Array.of(0, 1, 0, 0, 0, 0, 0, 0),
        Float32Array.of(0, 0, 1, 0, 0, 0, 0, 0),
      ],
    );
    const l = src.layout();
    const given = {
      cols: l.cols.slice(),
      scale: l.scale.slice(),
      rowLabel: l.rowLabel.slice(),
      used: l.used,
      capacity: l.capacity,
    };
    const adopted = ColumnScan.adopt(8, given, true);
    expect(adopted.kernel).toBe('simd');
    const held = adopted.layout();
    expect(
      [held.cols, held.scale, held.rowLabel].some((a, i) => a === [given.cols, given.scale, given.rowLabel][i]),
    ).toBe(false);
    given.cols.fill(0);
    given.rowLabel.fill(-1);
    expect(adopted.search(Float32Array.of(0, 1, 0, 0, 0, 0, 0, 0), 1)[0]?.label).toBe(6);
  });
});
