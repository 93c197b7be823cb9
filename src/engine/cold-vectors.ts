// Vectors left on disk (vector-store.ts): once a note's vector record is committed, its vectors need not stay in
// memory; a question rescores a few hundred of them and reads those notes' records back (a few KB each, checked).
// At 50k notes the packed vectors were ~290 MB of a ~1 GB process. Decoding is exact (the stored float32 values),
// and unitDot sums the same terms in the same order as VectorSlab.dot, so scores are bit-identical.
import { readVectorInto, vectorKeyBytes, visitVectors } from '../core/storage/vector-record';

/** Reads the vector record of one note (vector-record.ts bytes) as committed; null when there is none. */
export interface VectorRecordSource {
  read(recordKey: string): Uint8Array | null;
}

/** Decoded records kept for the next reads (a question's rescoring reads a note's vectors a few times). */
const RECENT_BYTES = 8 << 20;

const isSet = (x: number): boolean => x !== 0 || 1 / x < 0;

/** Where each vector not held in memory is stored (text key → record key), and reading it back. */
export class ColdVectors {
  private readonly where = new Map<string, string>();
  /** Records read lately, as read (a record is one note's vectors: a few KB). */
  private readonly recent = new Map<string, Uint8Array | null>();
  private recentBytes = 0;

  constructor(
    readonly dims: number,
    readonly source: VectorRecordSource,
  ) {}

  get size(): number {
    return this.where.size;
  }

  has(key: string): boolean {
    return this.where.has(key);
  }

  /** The record that holds `key`'s vector, if it is cold. */
  recordOf(key: string): string | undefined {
    return this.where.get(key);
  }

  keys(): IterableIterator<string> {
    return this.where.keys();
  }

  /** `key`'s vector is in the committed record `recordKey`. */
  place(key: string, recordKey: string): void {
    this.where.set(key, recordKey);
  }

  delete(key: string): boolean {
    return this.where.delete(key);
  }

  /** The record `recordKey` is about to change (rewritten or deleted): its decoded copy is dropped. */
  changed(recordKey: string): void {
    if (!this.recent.has(recordKey)) return;
    this.recentBytes -= this.recent.get(recordKey)?.length ?? 0;
    this.recent.delete(recordKey);
  }

  /** Forgets every decoded record (the next reads go to disk). */
  forgetRecent(): void {
    this.recent.clear();
    this.recentBytes = 0;
  }

  /** Keys of the committed record `recordKey` (as it is on disk now); empty when it has none. */
  keysOf(recordKey: string): string[] {
    const bytes = this.record(recordKey);
    const keys: string[] = [];
    if (bytes) visitVectors(bytes, this.dims, { masked: (k) => keys.push(k), dense: (k) => keys.push(k) });
    return keys;
  }

  /** `key`'s vector decoded into `out` (zeroed first); throws when its record no longer holds it. */
  get(key: string, out: Float32Array): Float32Array {
    const recordKey = this.where.get(key);
    if (recordKey === undefined) throw new Error(`cold-vectors: ${key} is not on disk`);
    const bytes = this.record(recordKey);
    if (!bytes || !readVectorInto(bytes, this.dims, vectorKeyBytes(key), out))
      throw new Error(`cold-vectors: the vector record of ${recordKey} has no vector ${key}`);
    return out;
  }

  /**
   * As VectorSlab's isUnit + dot for the decoded vector `v` (from get): undefined unless unit length (or zero);
   * else the sum over the query's non-zero dimensions of the stored terms, in the same order.
   */
  static unitDot(v: Float32Array, q: Float32Array, nz: Int32Array, n: number): number | undefined {
    let sum = 0;
    for (let d = 0; d < v.length; d++) sum += v[d]! * v[d]!;
    if (!(sum === 0 || Math.abs(sum - 1) < 1e-6)) return undefined;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = nz[i]!;
      const x = v[d]!;
      if (isSet(x)) s += q[d]! * x;
    }
    return s;
  }

  private record(recordKey: string): Uint8Array | null {
    if (this.recent.has(recordKey)) {
      // Most recently used last.
      const hit = this.recent.get(recordKey)!;
      this.recent.delete(recordKey);
      this.recent.set(recordKey, hit);
      return hit;
    }
    const bytes = this.source.read(recordKey);
    this.recent.set(recordKey, bytes);
    this.recentBytes += bytes?.length ?? 0;
    // Forget the least recently used until within the bound.
    for (const [k, b] of this.recent) {
      if (this.recentBytes <= RECENT_BYTES || this.recent.size <= 1) break;
      this.recent.delete(k);
      this.recentBytes -= b?.length ?? 0;
    }
    return bytes;
  }
}
