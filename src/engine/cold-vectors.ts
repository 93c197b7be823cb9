// Vectors left on disk (vector-store.ts): once a note's vector record is committed, its vectors need not stay in
// memory; a question rescores a few hundred of them and reads those notes' records back (a few KB each, checked).
// At 50k notes the packed vectors were ~290 MB of a ~1 GB process. Decoding is exact (the stored float32 values),
// and unitDot sums the same terms in the same order as VectorSlab.dot, so scores are bit-identical.
import { visitVectors } from '../core/storage/vector-record';

/** Reads the vector record of one note (vector-record.ts bytes) as committed; null when there is none. */
export interface VectorRecordSource {
  read(recordKey: string): Uint8Array | null;
}

/** One vector of a read record: its masked bytes (views of the record) or its dense floats. */
interface Entry {
  mask: Uint8Array | null;
  values: DataView | null;
  dense: Float32Array | null;
}

/** Decoded records kept for the next reads (a question's rescoring reads a note's vectors a few times). */
const RECENT_BYTES = 8 << 20;

const isSet = (x: number): boolean => x !== 0 || 1 / x < 0;

/** Where each vector not held in memory is stored (text key → record key), and reading it back. */
export class ColdVectors {
  private readonly where = new Map<string, string>();
  private readonly recent = new Map<string, { entries: Map<string, Entry>; bytes: number }>();
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
    const r = this.recent.get(recordKey);
    if (!r) return;
    this.recent.delete(recordKey);
    this.recentBytes -= r.bytes;
  }

  /** Forgets every decoded record (the next reads go to disk). */
  forgetRecent(): void {
    this.recent.clear();
    this.recentBytes = 0;
  }

  /** Keys of the committed record `recordKey` (as it is on disk now); empty when it has none. */
  keysOf(recordKey: string): string[] {
    return [...this.record(recordKey).keys()];
  }

  /** `key`'s vector decoded into `out` (zeroed first); throws when its record no longer holds it. */
  get(key: string, out: Float32Array): Float32Array {
    const recordKey = this.where.get(key);
    if (recordKey === undefined) throw new Error(`cold-vectors: ${key} is not on disk`);
    const e = this.record(recordKey).get(key);
    if (!e) throw new Error(`cold-vectors: the vector record of ${recordKey} has no vector ${key}`);
    if (e.dense) {
      out.set(e.dense);
      return out;
    }
    out.fill(0);
    const mask = e.mask!;
    const values = e.values!;
    let k = 0;
    for (let b = 0; b < mask.length; b++) {
      let m = mask[b]!;
      while (m !== 0) {
        const bit = 31 - Math.clz32(m & -m);
        out[b * 8 + bit] = values.getFloat32(4 * k++, true);
        m &= m - 1;
      }
    }
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

  private record(recordKey: string): Map<string, Entry> {
    const hit = this.recent.get(recordKey);
    if (hit) {
      // Most recently used last.
      this.recent.delete(recordKey);
      this.recent.set(recordKey, hit);
      return hit.entries;
    }
    const bytes = this.source.read(recordKey);
    const entries = new Map<string, Entry>();
    if (bytes) {
      visitVectors(bytes, this.dims, {
        masked: (k, mask, values) =>
          entries.set(k, {
            mask,
            values: new DataView(values.buffer, values.byteOffset, values.byteLength),
            dense: null,
          }),
        dense: (k, vec) => entries.set(k, { mask: null, values: null, dense: vec }),
      });
    }
    const size = bytes?.length ?? 0;
    this.recent.set(recordKey, { entries, bytes: size });
    this.recentBytes += size;
    // Forget the least recently used until within the bound.
    for (const [k, r] of this.recent) {
      if (this.recentBytes <= RECENT_BYTES || this.recent.size <= 1) break;
      this.recent.delete(k);
      this.recentBytes -= r.bytes;
    }
    return entries;
  }
}
