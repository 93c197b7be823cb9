// The engine's vector index for embedders whose queries are sparse (the local embedder): exact search by an int8
// column scan (column-scan.ts) instead of an HNSW graph. Nothing to build per insert: the column copy is brought up
// to date on the next search, in bulk. On the local embedder's hashed vectors HNSW lost recall (0.59 at ef 128 on
// 42k chunks) while costing a quarter of a cold index's CPU and 2.2 KiB a chunk on disk (docs/benchmarks.md §6).
// With a source (the engine's packed vector store) the index holds no float vectors at all: it reads them from the
// source to quantise them and scores its best rows there, so the vectors are in memory once, packed. An index
// restored from cached columns (restore) neither decodes nor quantises the stored vectors at open.
import type { VectorHit } from '../types';
import type { ChunkVectorIndex } from './chunk-vector-index';
import { ColumnScan } from './column-scan';
import {
  dequantised,
  packColumns,
  unpackColumns,
  type ColumnLayout,
  type PackedArrays,
  type PackedColumns,
} from './column-pack';
import { byScoreThenLabel, checkDims, checkK, checkLabel, checkVector, normalizeInto } from './vector-math';

const MODULE = 'scan-index';
const NONE: ReadonlySet<number> = new Set();
/** Vectors quantised per pass when they come from a source (each pass decodes that many). */
const FLUSH_SLICE = 4096;

/** Where a ScanIndex reads the vectors of labels it was told about by track() (see bindSource). */
export interface ScanVectorSource {
  /** The vector of `label` (a fresh copy), or undefined. */
  vector(label: number): Float32Array | undefined;
  /**
   * The dot product of `label`'s vector with `q` (non-zero dimensions `nz[0..n)`, ascending), bit-identical to a
   * dense loop; undefined when the source cannot (then vector() is scored).
   */
  unitDot?(label: number, q: Float32Array, nz: Int32Array, n: number): number | undefined;
}

/** Exact cosine search over unit vectors by label, without a graph. */
export class ScanIndex implements ChunkVectorIndex {
  readonly dims: number;
  /**
   * label → unit vector given to upsert (the caller's own array when it is already unit length), or null for a
   * label tracked but not yet quantised. Rows quantised from the source, or restored, are in the columns only.
   */
  private readonly vectors = new Map<number, Float32Array | null>();
  private source: ScanVectorSource | null = null;
  private nz = new Int32Array(0);
  private readonly columns: ColumnScan;
  /** Labels added or replaced since the columns were last brought up to date. */
  private readonly pending = new Set<number>();

  /** An empty index for vectors of `dims` dimensions (or one over `columns` already quantised). */
  constructor(dims: number, columns?: ColumnScan) {
    checkDims(MODULE, dims);
    this.dims = dims;
    this.columns = columns ?? new ColumnScan(dims);
    if (this.columns.dims !== dims)
      throw new Error(`${MODULE}: columns of ${this.columns.dims} dims, expected ${dims}`);
  }

  /**
   * An index over rows already quantised (a cache of `packed()`): an open neither decodes nor quantises every
   * stored vector. Bind the source holding their float vectors (bindSource) before searching: it re-scores the
   * best rows exactly.
   */
  static restore(dims: number, packed: PackedColumns): ScanIndex {
    return new ScanIndex(dims, unpackColumns(dims, packed));
  }

  /** The live rows packed for a cache file (pending vectors are quantised first), with `spare` empty rows, into `alloc`'s arrays. */
  packed(spare = 0, alloc?: PackedArrays): PackedColumns {
    this.flush();
    return packColumns(this.columns, spare, alloc);
  }

  /** The column copy as held, pending vectors quantised first (read-only: a save writes it as it is). */
  heldColumns(): ColumnLayout {
    this.flush();
    return this.columns.layout();
  }

  /** The dequantised row of `label` (to check restored rows against the stored vectors); null if not quantised yet. */
  quantised(label: number): Float32Array | null {
    return dequantised(this.columns, label);
  }

  /** Reads vectors of restored rows and of labels added by track() from `source`; only before any upsert/track. */
  bindSource(source: ScanVectorSource): void {
    if (!this.bindable) throw new Error(`${MODULE}: bindSource after a source or vectors were added`);
    this.source = source;
  }

  /** True when bindSource may be called: no source yet and no vector upserted or tracked. */
  get bindable(): boolean {
    return this.source === null && this.vectors.size === 0;
  }

  /** True when a source is bound (track() may be used). */
  get sourced(): boolean {
    return this.source !== null;
  }

  /** Adds or replaces `label`, whose vector the bound source holds. */
  track(label: number): void {
    if (!this.source) throw new Error(`${MODULE}: track without a source`);
    checkLabel(MODULE, label);
    this.vectors.set(label, null);
    this.pending.add(label);
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
    if (held === undefined && !this.columns.has(label)) return null;
    const v = this.source?.vector(label);
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
    const q = unit(query);
    if (!this.source)
      return this.columns.search(q, k, { exact: (label) => this.vectors.get(label) ?? undefined, exclude });
    const source = this.source;
    if (this.nz.length < q.length) this.nz = new Int32Array(q.length);
    const nz = this.nz;
    let n = 0;
    for (let d = 0; d < q.length; d++) if (q[d] !== 0) nz[n++] = d;
    const score = (label: number): number | undefined => {
      const own = this.vectors.get(label);
      if (own) return dot(q, own);
      const s = source.unitDot?.(label, q, nz, n);
      if (s !== undefined) return s;
      const v = source.vector(label);
      return v ? dot(q, unit(v)) : undefined;
    };
    return this.columns.search(q, k, { score, exclude });
  }

  /** Writes the pending vectors into the column copy (new ones in one bulk pass). */
  private flush(): void {
    if (this.pending.size === 0) return;
    if (this.source) this.columns.reserve(this.pending.size);
    let labels: number[] = [];
    let vectors: Float32Array[] = [];
    for (const label of this.pending) {
      const v = this.getVector(label);
      // A tracked label's vector now lives in the columns and the source only.
      if (this.vectors.get(label) === null) this.vectors.delete(label);
      if (!v) continue;
      if (this.columns.has(label)) this.columns.upsert(label, v);
      else {
        labels.push(label);
        vectors.push(v);
      }
      // Vectors decoded from a source are quantised a slice at a time, never all held at once.
      if (this.source && labels.length >= FLUSH_SLICE) {
        this.columns.addMany(labels, vectors);
        labels = [];
        vectors = [];
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
