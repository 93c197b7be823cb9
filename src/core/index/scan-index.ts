// The engine's vector index for embedders whose queries are sparse (the local embedder): exact search by an int8
// column scan (column-scan.ts) instead of an HNSW graph. Nothing to build per insert and nothing to save: the
// vectors are the stored records, held here by reference, and the column copy is brought up to date on the next
// search, in bulk. On the local embedder's hashed vectors HNSW lost recall (0.59 at ef 128 on 42k chunks) while
// costing a quarter of a cold index's CPU and 2.2 KiB a chunk on disk (docs/benchmarks.md §6).
import type { VectorHit } from '../types';
import type { ChunkVectorIndex } from './chunk-vector-index';
import { ColumnScan } from './column-scan';
import { dequantised, packColumns, unpackColumns, type PackedColumns } from './column-pack';
import { byScoreThenLabel, checkDims, checkK, checkLabel, checkVector, normalizeInto } from './vector-math';

const MODULE = 'scan-index';
const NONE: ReadonlySet<number> = new Set();

/** Exact cosine search over unit vectors by label, without a graph. */
export class ScanIndex implements ChunkVectorIndex {
  readonly dims: number;
  /**
   * label → unit vector (the caller's own array when it is already unit length, which embedders' vectors are).
   * An index restored from packed columns holds none for the restored rows: `resolve` finds them on demand.
   */
  private readonly vectors = new Map<number, Float32Array>();
  private readonly columns: ColumnScan;
  /** Labels added or replaced since the columns were last brought up to date. */
  private readonly pending = new Set<number>();
  /** The vector of a restored row not held in `vectors` (the stored record, decoded when first needed). */
  private readonly resolve: ((label: number) => Float32Array | undefined) | null;

  /** An empty index for vectors of `dims` dimensions. */
  constructor(dims: number, columns?: ColumnScan, resolve?: (label: number) => Float32Array | undefined) {
    checkDims(MODULE, dims);
    this.dims = dims;
    this.columns = columns ?? new ColumnScan(dims);
    if (this.columns.dims !== dims)
      throw new Error(`${MODULE}: columns of ${this.columns.dims} dims, expected ${dims}`);
    this.resolve = resolve ?? null;
  }

  /**
   * An index over rows already quantised (a cache of `packed()`), whose float vectors `resolve` returns by label
   * when a search re-scores them: an open neither decodes nor quantises every stored vector.
   */
  static restore(dims: number, packed: PackedColumns, resolve: (label: number) => Float32Array | undefined): ScanIndex {
    return new ScanIndex(dims, unpackColumns(dims, packed), resolve);
  }

  /** The live rows packed for a cache file (pending vectors are quantised first), with `spare` empty rows. */
  packed(spare = 0): PackedColumns {
    this.flush();
    return packColumns(this.columns, spare);
  }

  /** The dequantised row of `label` (to check restored rows against the stored vectors); null if not quantised yet. */
  quantised(label: number): Float32Array | null {
    return dequantised(this.columns, label);
  }

  /** Number of live vectors. */
  size(): number {
    let n = this.columns.size();
    for (const label of this.pending) if (!this.columns.has(label)) n++;
    return n;
  }

  /** True when `label` is live. */
  has(label: number): boolean {
    return this.vectors.has(label) || this.columns.has(label);
  }

  /** Live labels, ascending. */
  labels(): number[] {
    const out = [...this.columns.labels()];
    for (const label of this.pending) if (!this.columns.has(label)) out.push(label);
    return out.sort((a, b) => a - b);
  }

  /** The stored unit vector of `label` (not a copy: do not modify it), or null. */
  getVector(label: number): Float32Array | null {
    const held = this.vectors.get(label);
    if (held) return held;
    if (!this.resolve || !this.columns.has(label)) return null;
    const v = this.resolve(label);
    return v && v.length === this.dims ? unit(v) : null;
  }

  /** Adds or replaces the vector under `label`. */
  upsert(label: number, vector: Float32Array): void {
    checkLabel(MODULE, label);
    checkVector(MODULE, vector, this.dims);
    this.vectors.set(label, unit(vector));
    this.pending.add(label);
  }

  /** Removes `label` if present. */
  remove(label: number): void {
    if (!this.vectors.delete(label) && !this.columns.has(label)) return;
    this.pending.delete(label);
    this.columns.remove(label);
  }

  /** The k most similar live vectors by cosine, best first (ties by label); `filter` restricts the labels. */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    checkVector(MODULE, query, this.dims, 'query');
    checkK(MODULE, k);
    if (!filter) return this.searchExcept(query, k, NONE);
    // A filter is a callback per label: score the allowed vectors directly (the engine's filtered searches cover
    // a few notes' chunks; related notes use searchExcept).
    if (k === 0) return [];
    const q = unit(query);
    const hits: VectorHit[] = [];
    for (const label of this.labels()) {
      const v = filter(label) ? this.getVector(label) : null;
      if (v) hits.push({ label, score: dot(q, v) });
    }
    return hits.sort(byScoreThenLabel).slice(0, k);
  }

  /** The exact k nearest live vectors except the `exclude`d labels, best first. */
  searchExcept(query: Float32Array, k: number, exclude: ReadonlySet<number>): VectorHit[] {
    checkVector(MODULE, query, this.dims, 'query');
    checkK(MODULE, k);
    if (k === 0 || this.size() === 0) return [];
    this.flush();
    return this.columns.search(unit(query), k, { exact: (label) => this.getVector(label) ?? undefined, exclude });
  }

  /** Writes the pending vectors into the column copy (new ones in one bulk pass). */
  private flush(): void {
    if (this.pending.size === 0) return;
    const labels: number[] = [];
    const vectors: Float32Array[] = [];
    for (const label of this.pending) {
      const v = this.vectors.get(label)!;
      if (this.columns.has(label)) this.columns.upsert(label, v);
      else {
        labels.push(label);
        vectors.push(v);
      }
    }
    this.columns.addMany(labels, vectors);
    this.pending.clear();
  }
}

/** `v` itself when it is unit length (or zero), else a normalised copy. */
function unit(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum === 0 || Math.abs(sum - 1) < 1e-6) return v;
  const out = new Float32Array(v.length);
  normalizeInto(v, out);
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
