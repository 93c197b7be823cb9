// Exact vector search by scanning columns: vectors are stored int8-quantised (one scale per vector)
// dimension by dimension, so a query touches only the columns of its non-zero dimensions. The local embedder's
// question vectors are sparse (a question hashes into ~32 of 512 dimensions), which makes a scan of 42k chunks
// ~1.4M multiply-adds; the best candidates are then re-scored with their float vectors, with a bound on the
// quantisation error that proves the result exact (or widens the re-scored window). HNSW on the same vectors
// reached recall@10 0.59 at ef 128 and 0.94 at ef 3000 (28 ms) on 42k chunks (docs/benchmarks.md).
import type { VectorHit } from '../types';
import { kthLargestInPlace } from '../util/quickselect';

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
  private scale: Float32Array = new Float32Array(0);
  private rowLabel: Int32Array = new Int32Array(0);
  private readonly rowOf = new Map<number, number>();
  private readonly free: number[] = [];
  private acc: Float64Array = new Float64Array(0);
  private work: Float64Array = new Float64Array(0);

  /** An empty copy for vectors of `dims` dimensions. */
  constructor(readonly dims: number) {
    if (!Number.isInteger(dims) || dims <= 0) throw new Error(`${MODULE}: bad dims ${dims}`);
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
    const inv = max > 0 ? 127 / max : 0;
    const cap = this.capacity;
    for (let d = 0; d < this.dims; d++) this.cols[d * cap + row] = Math.round(v[d]! * inv);
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
   * moves a row's score by at most half its scale times the query's L1 norm, so when no row left out could reach
   * the k-th re-scored score the answer is proven, and otherwise the window widens until it is.
   */
  search(query: Float32Array, k: number, opts: ScanSearchOptions = {}): VectorHit[] {
    if (query.length !== this.dims) throw new Error(`${MODULE}: query has ${query.length} dims, expected ${this.dims}`);
    if (k <= 0 || this.rowOf.size === 0) return [];
    const n = this.used;
    const acc = this.scores(query);
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
    let l1 = 0;
    for (let d = 0; d < query.length; d++) l1 += Math.abs(query[d]!);
    // Half a quantisation step per dimension, with room for the float32 rounding of the stored scale.
    const half = 0.5 * l1 * (1 + 1e-4);
    if (this.work.length < n) this.work = new Float64Array(this.capacity);
    let rerank = Math.max(k, opts.rerank ?? Math.max(4 * k, k + 100));
    for (;;) {
      const keep = Math.min(live, rerank);
      const work = this.work.subarray(0, n);
      work.set(acc.subarray(0, n));
      const floor = keep < n ? kthLargestInPlace(work, keep) : -Infinity;
      const hits: VectorHit[] = [];
      for (let r = 0; r < n; r++) {
        const sc = acc[r]!;
        if (sc < floor || sc === -Infinity) continue;
        const l = this.rowLabel[r]!;
        if (exactScore) {
          hits.push({ label: l, score: exactScore(l) ?? sc });
          continue;
        }
        const v = exact?.(l);
        hits.push({ label: l, score: v ? dot(query, v) : sc });
      }
      hits.sort((a, b) => b.score - a.score || a.label - b.label);
      const top = hits.slice(0, k);
      if ((!exact && !exactScore) || keep >= live || top.length < k) return top;
      // The best any row left out could score; the k-th re-scored hit must beat it.
      let bound = -Infinity;
      const scale = this.scale;
      for (let r = 0; r < n; r++) {
        const sc = acc[r]!;
        if (sc < floor && sc !== -Infinity) bound = Math.max(bound, sc + half * scale[r]!);
      }
      if (top[k - 1]!.score > bound + 1e-9) return top;
      rerank *= 4;
    }
  }

  /** Quantised scores of every row (-Infinity for free rows), over the query's non-zero dimensions only. */
  private scores(query: Float32Array): Float64Array {
    const n = this.used;
    if (this.acc.length < n) this.acc = new Float64Array(this.capacity);
    const acc = this.acc;
    acc.fill(0, 0, n);
    const cap = this.capacity;
    const cols = this.cols;
    const nz: number[] = [];
    for (let d = 0; d < this.dims; d++) if (query[d] !== 0) nz.push(d);
    // Eight, then four columns per pass: the accumulator is read and written once per pass, and at 200k rows
    // (1.7 MB of doubles) that traffic, not the multiply-adds, bounds the scan.
    let i = 0;
    for (; i + 7 < nz.length; i += 8) {
      const q0 = query[nz[i]!]!;
      const q1 = query[nz[i + 1]!]!;
      const q2 = query[nz[i + 2]!]!;
      const q3 = query[nz[i + 3]!]!;
      const q4 = query[nz[i + 4]!]!;
      const q5 = query[nz[i + 5]!]!;
      const q6 = query[nz[i + 6]!]!;
      const q7 = query[nz[i + 7]!]!;
      const o0 = nz[i]! * cap;
      const o1 = nz[i + 1]! * cap;
      const o2 = nz[i + 2]! * cap;
      const o3 = nz[i + 3]! * cap;
      const o4 = nz[i + 4]! * cap;
      const o5 = nz[i + 5]! * cap;
      const o6 = nz[i + 6]! * cap;
      const o7 = nz[i + 7]! * cap;
      for (let r = 0; r < n; r++)
        acc[r]! +=
          q0 * cols[o0 + r]! +
          q1 * cols[o1 + r]! +
          q2 * cols[o2 + r]! +
          q3 * cols[o3 + r]! +
          q4 * cols[o4 + r]! +
          q5 * cols[o5 + r]! +
          q6 * cols[o6 + r]! +
          q7 * cols[o7 + r]!;
    }
    for (; i + 3 < nz.length; i += 4) {
      const q0 = query[nz[i]!]!;
      const q1 = query[nz[i + 1]!]!;
      const q2 = query[nz[i + 2]!]!;
      const q3 = query[nz[i + 3]!]!;
      const o0 = nz[i]! * cap;
      const o1 = nz[i + 1]! * cap;
      const o2 = nz[i + 2]! * cap;
      const o3 = nz[i + 3]! * cap;
      for (let r = 0; r < n; r++)
        acc[r]! += q0 * cols[o0 + r]! + q1 * cols[o1 + r]! + q2 * cols[o2 + r]! + q3 * cols[o3 + r]!;
    }
    for (; i < nz.length; i++) {
      const q = query[nz[i]!]!;
      const off = nz[i]! * cap;
      for (let r = 0; r < n; r++) acc[r]! += q * cols[off + r]!;
    }
    const scale = this.scale;
    const label = this.rowLabel;
    for (let r = 0; r < n; r++) acc[r] = label[r] === FREE ? -Infinity : acc[r]! * scale[r]!;
    return acc;
  }

  private grow(capacity: number): void {
    const cols = new Int8Array(this.dims * capacity);
    for (let d = 0; d < this.dims; d++)
      cols.set(this.cols.subarray(d * this.capacity, d * this.capacity + this.used), d * capacity);
    const scale = new Float32Array(capacity);
    scale.set(this.scale);
    const rowLabel = new Int32Array(capacity).fill(FREE);
    rowLabel.set(this.rowLabel);
    this.cols = cols;
    this.scale = scale;
    this.rowLabel = rowLabel;
    this.capacity = capacity;
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
