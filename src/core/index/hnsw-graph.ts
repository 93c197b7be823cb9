// The bookkeeping both HNSW indexes share (hnswlib-node for the CLI and `overlay serve`, hnswlib-wasm in the
// plugin's worker): the live label set kept in JS so size/has/labels are exact and cheap, growth by doubling,
// reuse of deleted slots, and revival of a deleted label in its own slot. Each backend only adapts its binding.
import type { VectorHit } from '../types';
import type { ChunkVectorIndex } from './chunk-vector-index';
import { checkDims, checkK, checkLabel, checkVector } from './vector-math';

/** hnswlib's default seed; fixed so that builds are reproducible. */
export const HNSW_SEED = 100;

/** HNSW search beam width used by the engine (recall 0.975 at 50k low-rank vectors, docs/design.md). */
export const EF_SEARCH = 128;

/** Graph and search parameters. */
export interface HnswOptions {
  m: number;
  efConstruction: number;
  efSearch: number;
  initialCapacity: number;
}

/**
 * Defaults: M 16 / efConstruction 200 are hnswlib's own; efSearch 128 gave recall@10 0.975 on low-rank 384-d data
 * at 50k vectors where 64 gave only 0.907 (docs/design.md, measured).
 */
export const DEFAULT_HNSW: HnswOptions = { m: 16, efConstruction: 200, efSearch: 128, initialCapacity: 1024 };

/** The calls of an hnswlib binding (cosine space) that the shared logic needs. */
export interface HnswBinding {
  addPoint(point: Float32Array, label: number, replaceDeleted: boolean): void;
  markDelete(label: number): void;
  /** Throws when the label has no deleted slot of its own any more. */
  unmarkDelete(label: number): void;
  searchKnn(
    query: Float32Array,
    k: number,
    filter?: (label: number) => boolean,
  ): { distances: number[]; neighbors: number[] };
  getPoint(label: number): ArrayLike<number>;
  getCurrentCount(): number;
  getMaxElements(): number;
  resizeIndex(n: number): void;
  setEf(ef: number): void;
  /** Every label held, live or marked deleted. */
  allLabels(): number[];
}

/** HNSW index over unit vectors with integer labels; scores are cosine similarities. */
export abstract class HnswGraph implements ChunkVectorIndex {
  readonly dims: number;
  protected readonly opts: HnswOptions;
  protected index: HnswBinding;
  protected readonly live = new Set<number>();
  /** Labels that may still sit in the binding marked deleted (a superset: slot reuse evicts some). */
  protected tombstones = new Set<number>();

  protected constructor(
    protected readonly module: string,
    dims: number,
    opts: Partial<HnswOptions>,
    create: (dims: number, o: HnswOptions) => HnswBinding,
  ) {
    checkDims(module, dims);
    this.dims = dims;
    this.opts = checkOptions(module, { ...DEFAULT_HNSW, ...opts });
    this.index = create(dims, this.opts);
    this.index.setEf(this.opts.efSearch);
  }

  /** Sets the search beam width (higher: better recall, slower). */
  setEfSearch(ef: number): void {
    if (!Number.isInteger(ef) || ef < 1)
      throw new Error(`${this.module}: efSearch must be a positive integer, got ${ef}`);
    this.opts.efSearch = ef;
    this.index.setEf(ef);
  }

  /** Number of live vectors. */
  size(): number {
    return this.live.size;
  }

  /** True when `label` is live. */
  has(label: number): boolean {
    return this.live.has(label);
  }

  /** Live labels, ascending. */
  labels(): number[] {
    return [...this.live].sort((a, b) => a - b);
  }

  /** The stored vector (normalised by the cosine space), or null when absent. */
  getVector(label: number): Float32Array | null {
    if (!this.live.has(label)) return null;
    return Float32Array.from(this.index.getPoint(label));
  }

  /** Adds or replaces the vector under `label`. */
  upsert(label: number, vector: Float32Array): void {
    checkLabel(this.module, label);
    checkVector(this.module, vector, this.dims);
    if (this.live.has(label)) {
      this.index.addPoint(vector, label, false); // updates in place and repairs the neighbourhood
      return;
    }
    if (this.tombstones.delete(label) && this.tryRevive(label)) {
      this.index.addPoint(vector, label, false);
    } else {
      // A new label may take a deleted slot; only grow when there is none.
      if (this.index.getCurrentCount() - this.live.size === 0) this.ensureRoom();
      this.index.addPoint(vector, label, true);
    }
    this.live.add(label);
  }

  /** Removes `label` if present (its slot is reused by a later insert). */
  remove(label: number): void {
    if (!this.live.delete(label)) return;
    this.index.markDelete(label);
    this.tombstones.add(label);
    // Slot reuse silently evicts tombstoned labels from the binding; prune the set now and then.
    if (this.tombstones.size > 1024 && this.tombstones.size > 2 * (this.index.getCurrentCount() - this.live.size)) {
      this.tombstones = new Set(this.index.allLabels().filter((l) => !this.live.has(l)));
    }
  }

  /** The k nearest live vectors by cosine, best first; `filter` restricts the labels considered. */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    checkVector(this.module, query, this.dims, 'query');
    checkK(this.module, k);
    const n = Math.min(k, this.live.size);
    if (n === 0) return [];
    // An exception thrown inside the binding's callback is not reliably propagated: catch it here, rethrow after.
    let failure: { error: unknown } | undefined;
    const guarded = (label: number): boolean => {
      if (failure) return false;
      try {
        return filter!(label) === true;
      } catch (error: unknown) {
        failure = { error };
        return false;
      }
    };
    const { distances, neighbors } = filter ? this.index.searchKnn(query, n, guarded) : this.index.searchKnn(query, n);
    if (failure) throw failure.error;
    return neighbors.map((label, i) => ({ label, score: Math.max(-1, Math.min(1, 1 - distances[i]!)) }));
  }

  /** The k nearest live vectors except the `exclude`d labels (a filter callback in the graph's search). */
  searchExcept(query: Float32Array, k: number, exclude: ReadonlySet<number>): VectorHit[] {
    return exclude.size === 0 ? this.search(query, k) : this.search(query, k, (label) => !exclude.has(label));
  }

  /**
   * Re-adding a deleted label must reuse its own slot: adding it into another deleted slot would leave two slots
   * with the same label, and reusing the stale one later would drop the live label from hnswlib's lookup table.
   */
  private tryRevive(label: number): boolean {
    try {
      this.index.unmarkDelete(label);
      return true;
    } catch {
      return false; // its slot was already taken by another label
    }
  }

  private ensureRoom(): void {
    const max = this.index.getMaxElements();
    if (this.index.getCurrentCount() < max) return;
    const next = Math.min(Math.max(max * 2, 16), 0xffff_ffff);
    if (next <= max) throw new Error(`${this.module}: index is full (${max} elements)`);
    this.index.resizeIndex(next);
  }
}

function checkOptions(module: string, o: HnswOptions): HnswOptions {
  const positive = (name: keyof HnswOptions, min: number, max: number): void => {
    const v = o[name];
    if (!Number.isInteger(v) || v < min || v > max)
      throw new Error(`${module}: ${name} must be an integer in [${min}, ${max}], got ${v}`);
  };
  positive('m', 2, 10_000);
  positive('efConstruction', 1, 1_000_000);
  positive('efSearch', 1, 1_000_000);
  positive('initialCapacity', 1, 0xffff_ffff);
  return o;
}
