// Exact vector search by scanning columns: vectors are stored int8-quantised (one scale per vector)
// dimension by dimension, so a query touches only the columns of its non-zero dimensions. The local embedder's
// question vectors are sparse (a question hashes into ~32 of 512 dimensions), which makes a scan of 42k chunks
// ~1.4M multiply-adds (by int16 query weights, in WebAssembly SIMD where it runs: column-query.ts); the best
// candidates are then re-scored with their float vectors, with a bound on the quantisation error that proves the
// result exact (or widens the re-scored window). HNSW on the same vectors reached recall@10 0.59 at ef 128 and
// 0.94 at ef 3000 (28 ms) on 42k chunks (docs/benchmarks.md).
import type { VectorHit } from '../types';
import type { ColumnLayout } from './column-pack';
import { adoptColumns, allocColumns, QueryScores, type ColumnStorage } from './column-query';
import { scanWindow, type WindowScratch } from './scan-window';
import { rescoreScratch, rescoreTopK } from './scan-rescore';
import { simdAvailable, type SimdColumns } from './simd-kernel';

const MODULE = 'column-scan';

/** Options of ColumnScan.search. */
export interface ScanSearchOptions {
  /** The float vector of a label, to re-score the best rows exactly. */
  exact?: (label: number) => Float32Array | undefined;
  /** The exact score of a label against the query (instead of `exact`, for vectors not held as arrays). */
  score?: (label: number) => number | undefined;
  /** Labels never returned (applied to the scores, not as a callback per row). */
  exclude?: Iterable<number>;
  /** Rows re-scored at first (default 4k, at least k + 100); widened while exactness is not proven. */
  rerank?: number;
}
const FREE = -1;

/** Column-major int8 copy of a vector collection with a sparse-query scan. */
export class ColumnScan {
  private capacity = 0;
  private used = 0;
  private cols: Int8Array = new Int8Array(0);
  /** Where the columns live (a SIMD kernel's memory, or a plain array). */
  private storage: ColumnStorage = { cols: this.cols, simd: null, words: null };
  private scale: Float32Array = new Float32Array(0);
  /** At least every row's scale (removals leave it as it was). */
  private maxScale = 0;
  private rowLabel: Int32Array = new Int32Array(0);
  private readonly rowOf = new Map<number, number>();
  private readonly free: number[] = [];
  private readonly query = new QueryScores();
  private readonly scratch: WindowScratch = { work: new Float64Array(0), rows: new Int32Array(0) };
  private readonly rescore = rescoreScratch();

  /** An empty copy for vectors of `dims` dimensions; `simd` false keeps it off the SIMD kernel (tests). */
  constructor(
    readonly dims: number,
    private readonly simd = simdAvailable(),
  ) {
    if (!Number.isInteger(dims) || dims <= 0) throw new Error(`${MODULE}: bad dims ${dims}`);
  }

  /** Which kernel scans the columns: the WebAssembly SIMD one (where it runs) or the JS one. */
  get kernel(): 'simd' | 'js' {
    return this.storage.simd ? 'simd' : 'js';
  }

  /** Live vectors. */
  size(): number {
    return this.rowOf.size;
  }

  /** True when `label` has a vector here. */
  has(label: number): boolean {
    return this.rowOf.has(label);
  }

  /** Labels of the live vectors. */
  labels(): IterableIterator<number> {
    return this.rowOf.keys();
  }

  /**
   * Adds many new vectors at once (labels not yet present): room is made once and the columns are written in
   * blocks of rows, so each cache line of a column is filled whole (a row at a time writes one byte per line).
   */
  addMany(labels: readonly number[], vectors: readonly Float32Array[]): void {
    // The last vector of a label wins, as with upsert one by one.
    const last = new Map<number, number>();
    for (let i = 0; i < labels.length; i++) {
      if (vectors[i]!.length !== this.dims)
        throw new Error(`${MODULE}: vector has ${vectors[i]!.length} dims, expected ${this.dims}`);
      last.set(labels[i]!, i);
    }
    const fresh: number[] = [];
    for (const [label, i] of last) {
      // Replacements, and new vectors while freed rows remain, go one by one (reusing those rows).
      if (this.rowOf.has(label) || this.free.length > 0) this.upsert(label, vectors[i]!);
      else fresh.push(i);
    }
    // Headroom of a quarter, so the next few edits do not copy every column.
    const needed = this.used + fresh.length;
    if (needed > this.capacity) this.grow(Math.max(1024, Math.ceil(needed * 1.25), this.capacity * 2));
    const BLOCK = 64;
    const cap = this.capacity;
    const cols = this.cols;
    const scale = this.scale;
    const dims = this.dims;
    const inv = new Float32Array(BLOCK);
    const block: Float32Array[] = [];
    for (let b = 0; b < fresh.length; b += BLOCK) {
      const m = Math.min(BLOCK, fresh.length - b);
      const first = this.used;
      block.length = 0;
      for (let j = 0; j < m; j++) {
        const v = vectors[fresh[b + j]!]!;
        const row = this.used++;
        this.rowOf.set(labels[fresh[b + j]!]!, row);
        this.rowLabel[row] = labels[fresh[b + j]!]!;
        let max = 0;
        for (let d = 0; d < dims; d++) {
          const a = Math.abs(v[d]!);
          if (a > max) max = a;
        }
        scale[row] = max > 0 ? max / 127 : 0;
        this.maxScale = Math.max(this.maxScale, scale[row]!);
        inv[j] = max > 0 ? 127 / max : 0;
        block.push(v);
      }
      for (let d = 0; d < dims; d++) {
        const off = d * cap + first;
        for (let j = 0; j < m; j++) cols[off + j] = Math.round(block[j]![d]! * inv[j]!);
      }
    }
  }

  /** Makes room for `rows` more vectors at once (addMany in slices then copies the columns once). */
  reserve(rows: number): void {
    const needed = this.used + rows;
    if (needed > this.capacity) this.grow(Math.max(1024, Math.ceil(needed * 1.25)));
  }

  /** Adds or replaces the vector of `label`. */
  upsert(label: number, v: Float32Array): void {
    if (v.length !== this.dims) throw new Error(`${MODULE}: vector has ${v.length} dims, expected ${this.dims}`);
    let row = this.rowOf.get(label);
    if (row === undefined) {
      row = this.free.pop() ?? this.used++;
      if (row >= this.capacity) this.grow(Math.max(1024, Math.ceil(this.capacity * 1.5)));
      this.rowOf.set(label, row);
      this.rowLabel[row] = label;
    }
    let max = 0;
    for (let d = 0; d < this.dims; d++) max = Math.max(max, Math.abs(v[d]!));
    this.scale[row] = max > 0 ? max / 127 : 0;
    this.maxScale = Math.max(this.maxScale, this.scale[row]!);
    const inv = max > 0 ? 127 / max : 0;
    const cap = this.capacity;
    for (let d = 0; d < this.dims; d++) this.cols[d * cap + row] = Math.round(v[d]! * inv);
  }

  /** The rows as held (not copies: read only), for column-pack.ts. */
  layout(): ColumnLayout {
    const { cols, scale, rowLabel, used, capacity, rowOf } = this;
    return { cols, scale, rowLabel, used, capacity, rowOf };
  }

  /** A scan adopting rows 0..used-1 (no free ones; rows from used on unused); throws when a label repeats. */
  static adopt(
    dims: number,
    l: Omit<ColumnLayout, 'rowOf'> & { simd?: SimdColumns },
    simd = simdAvailable(),
  ): ColumnScan {
    const s = new ColumnScan(dims, simd);
    const c = l.capacity;
    if (l.used > c || l.rowLabel.length !== c || l.scale.length !== c || l.cols.length !== dims * c)
      throw new Error(`${MODULE}: adopted rows do not fit`);
    for (let r = 0; r < c; r++) {
      const label = l.rowLabel[r]!;
      if (r >= l.used ? label !== FREE : label < 0 || s.rowOf.has(label))
        throw new Error(`${MODULE}: label ${label} repeated or out of place`);
      if (r < l.used) s.rowOf.set(label, r);
    }
    // Into the SIMD kernel's memory the columns are copied (unless they are in it already, read there from the
    // cache file), and then so are the labels and scales: they may be views of a whole file, no longer held.
    s.storage = adoptColumns(dims, c, l.cols, simd, l.simd);
    const copied = s.storage.cols !== l.cols;
    Object.assign(s, {
      cols: s.storage.cols,
      scale: copied ? l.scale.slice() : l.scale,
      rowLabel: copied ? l.rowLabel.slice() : l.rowLabel,
      used: l.used,
      capacity: c,
    });
    for (let r = 0; r < l.used; r++) if (s.scale[r]! > s.maxScale) s.maxScale = s.scale[r]!;
    return s;
  }

  /** Removes `label` if present. */
  remove(label: number): void {
    const row = this.rowOf.get(label);
    if (row === undefined) return;
    this.rowOf.delete(label);
    this.rowLabel[row] = FREE;
    this.scale[row] = 0;
    this.free.push(row);
  }

  /**
   * The k nearest vectors to `query` by dot product (cosine for unit vectors), best first, ties by label, leaving
   * out `exclude`d labels. The quantised scan keeps the best `rerank` rows (default 4k, at least k + 100), re-scored
   * with `exact(label)` (the float vector) when given; the result is then exact, not just in practice: quantising
   * moves a row's score by at most half its scale times the query's L1 norm (plus the query weights' rounding,
   * column-query.ts), so when no row left out could reach the k-th re-scored score the answer is proven, and
   * otherwise the window widens until it is.
   */
  search(query: Float32Array, k: number, opts: ScanSearchOptions = {}): VectorHit[] {
    if (query.length !== this.dims) throw new Error(`${MODULE}: query has ${query.length} dims, expected ${this.dims}`);
    if (k <= 0 || this.rowOf.size === 0) return [];
    const err = this.query.score(query, this.storage, this.capacity, this.scale, this.used);
    const acc = this.query.acc;
    // Free rows (their scale is 0) are no candidates.
    for (const r of this.free) acc[r] = -Infinity;
    let live = this.rowOf.size;
    for (const l of opts.exclude ?? []) {
      const row = this.rowOf.get(l);
      if (row !== undefined && acc[row] !== -Infinity) {
        acc[row] = -Infinity;
        live--;
      }
    }
    if (live === 0) return [];
    const exact = opts.exact;
    const exactScore = opts.score;
    // With room for the float32 rounding of the stored scale.
    const half = err * (1 + 1e-4);
    let rerank = Math.max(k, opts.rerank ?? Math.max(4 * k, k + 100));
    for (;;) {
      const keep = Math.min(live, rerank);
      const { rows, count, bound } = scanWindow(
        acc,
        this.used,
        this.scale,
        keep,
        Math.min(k, keep),
        half,
        this.scratch,
        this.maxScale,
      );
      if (!exact && !exactScore) {
        const hits: VectorHit[] = [];
        for (let i = 0; i < count; i++) hits.push({ label: this.rowLabel[rows[i]!]!, score: acc[rows[i]!]! });
        return hits.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, k);
      }
      const nz = this.query.nz;
      const labels = this.rowLabel;
      const exactOf = exactScore
        ? (r: number): number => exactScore(labels[r]!) ?? acc[r]!
        : (r: number): number => {
            const v = exact!(labels[r]!);
            return v ? dotAt(query, v, nz) : acc[r]!;
          };
      const window = { rows, count, acc, scale: this.scale, half, outside: bound, rowLabel: labels, exact: exactOf };
      const { hits, proven } = rescoreTopK(window, k, this.rescore);
      if (proven || count >= live) return hits;
      rerank *= 4;
    }
  }

  private grow(wanted: number): void {
    // A multiple of 4, so that every column starts on a 32-bit word (column-kernel.ts reads four rows at once).
    const capacity = Math.ceil(wanted / 4) * 4;
    const storage = allocColumns(this.dims, capacity, this.simd);
    const cols = storage.cols;
    for (let d = 0; d < this.dims; d++)
      cols.set(this.cols.subarray(d * this.capacity, d * this.capacity + this.used), d * capacity);
    const scale = new Float32Array(capacity);
    scale.set(this.scale);
    const rowLabel = new Int32Array(capacity).fill(FREE);
    rowLabel.set(this.rowLabel);
    this.cols = cols;
    this.storage = storage;
    this.scale = scale;
    this.rowLabel = rowLabel;
    this.capacity = capacity;
  }
}

/**
 * The dot product over the query's non-zero dimensions `nz` only: the same value as over all of them, bit for bit
 * (the left-out products are ±0, which leave a sum that started at +0 unchanged), for a sixteenth of the work.
 */
function dotAt(query: Float32Array, v: Float32Array, nz: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < nz.length; i++) {
    const d = nz[i]!;
    s += query[d]! * v[d]!;
  }
  return s;
}
