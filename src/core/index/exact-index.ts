// Brute-force cosine search: the ground truth HNSW recall is measured against, and the engine's choice for small
// collections (a plain-JS scan costs ~0.4 µs per 384-d vector, so ≤5 ms up to ~10k chunks — docs/design.md).
import type { VectorHit, VectorIndex } from '../types';
import { byScoreThenLabel, checkDims, checkK, checkLabel, checkVector, dotAt, normalizeInto } from './vector-math';

const MODULE = 'exact-index';
const FREE = -1;

/** Exact k-nearest-neighbour search over unit vectors (inputs are normalised on the way in). */
export class ExactIndex implements VectorIndex {
  readonly dims: number;
  /** Normalised vectors, one slot of `dims` floats each, contiguous so the scan stays cache-friendly. */
  private pool: Float32Array;
  /** Label of each slot, FREE when the slot is unused. */
  private slotLabel: number[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly freeSlots: number[] = [];
  private readonly query: Float32Array;

  /** Creates an empty index for vectors of `dims` dimensions. */
  constructor(dims: number) {
    checkDims(MODULE, dims);
    this.dims = dims;
    this.pool = new Float32Array(dims * 64);
    this.query = new Float32Array(dims);
  }

  /** Number of live vectors. */
  size(): number {
    return this.slotOf.size;
  }

  /** Adds or replaces the vector under `label`. */
  upsert(label: number, vector: Float32Array): void {
    checkLabel(MODULE, label);
    checkVector(MODULE, vector, this.dims);
    let slot = this.slotOf.get(label);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.slotLabel.length;
      if (slot === this.slotLabel.length) {
        this.slotLabel.push(FREE);
        this.ensureCapacity(this.slotLabel.length);
      }
      this.slotLabel[slot] = label;
      this.slotOf.set(label, slot);
    }
    normalizeInto(vector, this.pool, slot * this.dims);
  }

  /** Removes `label` if present. */
  remove(label: number): void {
    const slot = this.slotOf.get(label);
    if (slot === undefined) return;
    this.slotOf.delete(label);
    this.slotLabel[slot] = FREE;
    this.freeSlots.push(slot);
  }

  /** True when `label` is live. */
  has(label: number): boolean {
    return this.slotOf.has(label);
  }

  /** Live labels, ascending. */
  labels(): number[] {
    return [...this.slotOf.keys()].sort((a, b) => a - b);
  }

  /** A copy of the stored (normalised) vector, or null when absent. */
  getVector(label: number): Float32Array | null {
    const slot = this.slotOf.get(label);
    if (slot === undefined) return null;
    return this.pool.slice(slot * this.dims, (slot + 1) * this.dims);
  }

  /** The k most similar live vectors by cosine, best first (ties by label); `filter` restricts the labels. */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    checkVector(MODULE, query, this.dims, 'query');
    checkK(MODULE, k);
    if (k === 0 || this.slotOf.size === 0) return [];
    normalizeInto(query, this.query);
    const top = new TopK(k);
    const n = this.slotLabel.length;
    for (let slot = 0; slot < n; slot++) {
      const label = this.slotLabel[slot]!;
      if (label === FREE || (filter !== undefined && !filter(label))) continue;
      top.offer(label, dotAt(this.query, this.pool, slot * this.dims, this.dims));
    }
    return top.sorted();
  }

  private ensureCapacity(slots: number): void {
    if (slots * this.dims <= this.pool.length) return;
    const grown = new Float32Array(Math.max(slots * this.dims, this.pool.length * 2));
    grown.set(this.pool);
    this.pool = grown;
  }
}

/** Bounded min-heap keeping the k best hits seen; the root is the worst kept hit. */
class TopK {
  private readonly labels: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(label: number, score: number): void {
    if (this.labels.length < this.k) {
      this.labels.push(label);
      this.scores.push(score);
      this.up(this.labels.length - 1);
    } else if (this.worse(0, label, score)) {
      this.labels[0] = label;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): VectorHit[] {
    return this.labels.map((label, i) => ({ label, score: this.scores[i]! })).sort(byScoreThenLabel);
  }

  /** True when the kept hit at `i` ranks below (label, score). */
  private worse(i: number, label: number, score: number): boolean {
    const s = this.scores[i]!;
    return s < score || (s === score && this.labels[i]! > label);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, this.labels[parent]!, this.scores[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.labels.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && this.worse(l, this.labels[worst]!, this.scores[worst]!)) worst = l;
      if (r < n && this.worse(r, this.labels[worst]!, this.scores[worst]!)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    [this.labels[a], this.labels[b]] = [this.labels[b]!, this.labels[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }
}
