// A query's quantised scores over a column copy, and where the copy's int8 values live. The query is quantised too,
// to int16 weights (one scale per query), so that a row's sum is an exact integer whichever kernel forms it: the
// WebAssembly SIMD one (simd-kernel.ts) where it runs, else the JS one (column-kernel.ts). The error this adds to a
// row's score is bounded like the rows' own quantisation error and joins it in the scan's exactness proof.
import { addColumns, SCAN_BLOCK, wordView } from './column-kernel';
import { SimdColumns, simdAvailable } from './simd-kernel';

/** A column copy's values: column d of row r at cols[d · capacity + r]; `simd` when they live in its memory. */
export interface ColumnStorage {
  cols: Int8Array;
  simd: SimdColumns | null;
  /** The columns read four rows at a time by the JS kernel, when the layout allows. */
  words: Int32Array | null;
}

/** Largest int16 weight. */
const W_MAX = 32767;
/** Most total weight: 127 times it must fit a signed 32-bit sum (2^31 / 127 ≈ 16.9M, less room for rounding). */
const W_SUM_MAX = 16_000_000;

/** Zeroed storage for `dims` columns of `capacity` rows; in a SIMD memory when `simd` (and it is available). */
export function allocColumns(dims: number, capacity: number, simd: boolean): ColumnStorage {
  if (simd && simdAvailable()) {
    const s = new SimdColumns(dims, capacity);
    return { cols: s.cols, simd: s, words: null };
  }
  const cols = new Int8Array(dims * capacity);
  return { cols, simd: null, words: wordView(cols, capacity) };
}

/**
 * Storage holding `cols` (dims × capacity): the array itself when it is `held`'s columns or `simd` is off, else
 * a copy in a SIMD memory.
 */
export function adoptColumns(
  dims: number,
  capacity: number,
  cols: Int8Array,
  simd: boolean,
  held?: SimdColumns,
): ColumnStorage {
  if (simd && held?.holds(cols)) return { cols, simd: held, words: null };
  if (!simd || !simdAvailable()) return { cols, simd: null, words: wordView(cols, capacity) };
  const s = allocColumns(dims, capacity, true);
  s.cols.set(cols);
  return s;
}

/** The buffers of one query's scoring, kept between queries (corpus-sized; reallocated only to grow). */
export class QueryScores {
  /** Per row its quantised score (after score()). */
  acc = new Float64Array(0);
  /** The last query's non-zero dimensions, in order. */
  readonly nz: number[] = [];
  private w: Int32Array = new Int32Array(0);

  /**
   * Fills acc[0..n) with the quantised scores of `query` over storage `s` (rows with `scale`), and returns the
   * bound on their error as a multiple of a row's scale: |exact − acc[r]| ≤ bound · scale[r].
   */
  score(query: Float32Array, s: ColumnStorage, capacity: number, scale: Float32Array, n: number): number {
    if (this.acc.length < n) this.acc = new Float64Array(capacity);
    if (this.w.length < query.length) this.w = new Int32Array(query.length);
    const { acc, nz, w } = this;
    nz.length = 0;
    let max = 0;
    let l1 = 0;
    for (let d = 0; d < query.length; d++) {
      const q = query[d]!;
      if (q === 0) continue;
      nz.push(d);
      l1 += Math.abs(q);
      max = Math.max(max, Math.abs(q));
    }
    // One step of the int16 weights: the largest weight is W_MAX, unless the sum of them all would overflow.
    const step = Math.max(max / W_MAX, l1 / W_SUM_MAX);
    // Σ|q − step·w| · 127 bounds what rounding the weights moves a sum (a value is at most 127 in magnitude).
    let off = 0;
    for (const d of nz) {
      w[d] = step > 0 ? Math.round(query[d]! / step) : 0;
      off += Math.abs(query[d]! - step * w[d]!);
    }
    if (s.simd) {
      s.simd.setQuery(nz, w);
      const sums = s.simd.acc;
      for (let from = 0; from < n; from += SCAN_BLOCK) {
        const to = Math.min(n, from + SCAN_BLOCK);
        s.simd.sums(nz.length, from, to - from);
        for (let r = from; r < to; r++) acc[r] = sums[r]! * (step * scale[r]!);
      }
    } else {
      // In blocks of rows: a block's accumulator stays in cache while every column adds to it.
      for (let from = 0; from < n; from += SCAN_BLOCK) {
        const to = Math.min(n, from + SCAN_BLOCK);
        acc.fill(0, from, to);
        addColumns(acc, s.cols, s.words, capacity, w, nz, from, to);
        for (let r = from; r < to; r++) acc[r] = acc[r]! * (step * scale[r]!);
      }
    }
    // A row's values are off by at most half its scale each (weighted by |q|), the weights by `off` in all.
    return 0.5 * l1 + 127 * off;
  }
}
