// Exact-in-practice vector search by scanning columns: vectors are stored int8-quantised (one scale per vector)
// dimension by dimension, so a query touches only the columns of its non-zero dimensions. The local embedder's
// question vectors are sparse (a question hashes into ~32 of 512 dimensions), which makes a scan of 42k chunks
// ~1.4M multiply-adds; the best candidates are then re-scored with their float vectors. HNSW on the same vectors
// reached recall@10 0.59 at ef 128 and 0.94 at ef 3000 (28 ms) on 42k chunks (docs/benchmarks.md).
import type { VectorHit } from '../types';
import { kthLargestInPlace } from '../util/quickselect';

const MODULE = 'column-scan';
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
  private acc: Float32Array = new Float32Array(0);
  private work: Float32Array = new Float32Array(0);

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
   * The k nearest vectors to `query` by dot product (cosine for unit vectors), best first, ties by label. The
   * quantised scan keeps the best `rerank` rows (default 4k, at least k + 100), re-scored with `exact(label)`
   * (the float vector) when given.
   */
  search(
    query: Float32Array,
    k: number,
    exact?: (label: number) => Float32Array | undefined,
    rerank = Math.max(4 * k, k + 100),
  ): VectorHit[] {
    if (query.length !== this.dims) throw new Error(`${MODULE}: query has ${query.length} dims, expected ${this.dims}`);
    if (k <= 0 || this.rowOf.size === 0) return [];
    const n = this.used;
    if (this.acc.length < n) this.acc = new Float32Array(this.capacity);
    const acc = this.acc;
    acc.fill(0, 0, n);
    const cap = this.capacity;
    const cols = this.cols;
    for (let d = 0; d < this.dims; d++) {
      const q = query[d]!;
      if (q === 0) continue;
      const off = d * cap;
      for (let r = 0; r < n; r++) acc[r]! += q * cols[off + r]!;
    }
    const scale = this.scale;
    const label = this.rowLabel;
    // Scores in place (free rows never qualify), then the threshold of the best `rerank` by quickselect on a copy.
    for (let r = 0; r < n; r++) acc[r] = label[r] === FREE ? -Infinity : acc[r]! * scale[r]!;
    const keep = Math.min(this.rowOf.size, rerank);
    if (this.work.length < n) this.work = new Float32Array(this.capacity);
    const work = this.work.subarray(0, n);
    work.set(acc.subarray(0, n));
    const floor = keep < n ? kthLargestInPlace(work, keep) : -Infinity;
    const hits: VectorHit[] = [];
    for (let r = 0; r < n; r++) {
      const sc = acc[r]!;
      if (sc < floor || sc === -Infinity) continue;
      const l = label[r]!;
      const v = exact?.(l);
      hits.push({ label: l, score: v ? dot(query, v) : sc });
    }
    hits.sort((a, b) => b.score - a.score || a.label - b.label);
    return hits.slice(0, k);
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
