import { describe, expect, it } from 'vitest';
import { addColumns, wordView } from '../../../src/core/index/column-kernel';
import { seededRandom } from '../../../src/core/util/prng';

describe('addColumns', () => {
  it('gives bit for bit the same sums reading four rows per word as one byte at a time, for any row range', () => {
    const rand = seededRandom(3);
    const dims = 40;
    const cap = 1028;
    const cols = new Int8Array(dims * cap).map(() => Math.round(rand() * 254 - 127));
    const words = wordView(cols, cap);
    expect(words).not.toBeNull();
    expect(wordView(cols, cap + 1)).toBeNull();
    for (let t = 0; t < 50; t++) {
      const nz = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 37) }, () => Math.floor(rand() * dims)))];
      const query = new Float32Array(dims);
      for (const d of nz) query[d] = rand() * 2 - 1;
      const from = 4 * Math.floor(rand() * 100);
      const to = from + Math.floor(rand() * (cap - from));
      const bytes = new Float64Array(cap);
      const packed = new Float64Array(cap);
      addColumns(bytes, cols, null, cap, query, nz, from, to);
      addColumns(packed, cols, words, cap, query, nz, from, to);
      expect([...packed]).toEqual([...bytes]);
      // And whatever the block bounds: the same sums over the whole range in one call or in two.
      const split = new Float64Array(cap);
      const mid = from + 4 * Math.floor((to - from) / 8);
      addColumns(split, cols, words, cap, query, nz, from, mid);
      addColumns(split, cols, words, cap, query, nz, mid, to);
      expect([...split]).toEqual([...bytes]);
    }
  });
});
