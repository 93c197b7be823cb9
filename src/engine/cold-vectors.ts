// Vectors left on disk (vector-store.ts): once a note's vector record is committed, its vectors need not stay in
// memory (at 50k notes the packed vectors were ~290 MB of a ~1 GB process). Each one is remembered by where it lies
// in its record, counted from the record's end (a record's bytes move only as a whole, when a compaction copies
// it), and read back alone — its mask and its values, ~1.3 KB — when a question rescores it. Decoding is exact (the
// stored float32 values), and unitDot sums the same terms in the same order as VectorSlab.dot: bit-identical.
import { vectorSpans, visitVectors } from '../core/storage/vector-record';

/** Reads the vector record of one note (vector-record.ts bytes) as committed. */
export interface VectorRecordSource {
  /** The whole record; null when there is none. */
  read(recordKey: string): Uint8Array | null;
  /** `length` bytes of the record from `back` bytes before its end, into `into`; false when there is no record. */
  readTail(recordKey: string, back: number, into: Uint8Array, length: number): boolean;
}

const isSet = (x: number): boolean => x !== 0 || 1 / x < 0;

/** Where each vector not held in memory is stored, and reading it back. */
export class ColdVectors {
  /** Text key → slot. */
  private readonly slotOf = new Map<string, number>();
  /** Per slot: its record, and counted from the record's end its mask (0: dense layout), its values, their count. */
  private record: (string | undefined)[] = [];
  private maskBack: Uint32Array = new Uint32Array(1024);
  private valuesBack: Uint32Array = new Uint32Array(1024);
  private count: Uint32Array = new Uint32Array(1024);
  private readonly free: number[] = [];
  private readonly maskBuf: Uint8Array;
  private readonly valueBuf: Uint8Array;
  private readonly values: Float32Array;

  constructor(
    readonly dims: number,
    readonly source: VectorRecordSource,
  ) {
    this.maskBuf = new Uint8Array((dims + 7) >> 3);
    this.values = new Float32Array(dims);
    this.valueBuf = new Uint8Array(this.values.buffer);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(key: string): boolean {
    return this.slotOf.has(key);
  }

  /** The record that holds `key`'s vector, if it is on disk. */
  recordOf(key: string): string | undefined {
    const s = this.slotOf.get(key);
    return s === undefined ? undefined : this.record[s];
  }

  keys(): IterableIterator<string> {
    return this.slotOf.keys();
  }

  /**
   * Every vector of the committed record `recordKey` (its bytes as written) is on disk there; returns their keys.
   * `canon` gives the string to keep for the i-th key read (the caller's equal one: one string per key in memory).
   */
  placeRecord(recordKey: string, bytes: Uint8Array, canon?: (key: string, i: number) => string): string[] {
    const keys: string[] = [];
    const end = bytes.length;
    vectorSpans(bytes, this.dims, (read, mask, values, n) => {
      const key = canon ? canon(read, keys.length) : read;
      keys.push(key);
      let s = this.slotOf.get(key);
      if (s === undefined) {
        s = this.free.pop() ?? this.slotOf.size;
        this.slotOf.set(key, s);
        this.grow(s + 1);
      }
      this.record[s] = recordKey;
      this.maskBack[s] = mask < 0 ? 0 : end - mask;
      this.valuesBack[s] = end - values;
      this.count[s] = n;
    });
    return keys;
  }

  delete(key: string): boolean {
    const s = this.slotOf.get(key);
    if (s === undefined) return false;
    this.slotOf.delete(key);
    this.record[s] = undefined;
    this.free.push(s);
    return true;
  }

  /** Keys of the committed record `recordKey` (as it is on disk now); empty when it has none. */
  keysOf(recordKey: string): string[] {
    const bytes = this.source.read(recordKey);
    const keys: string[] = [];
    if (bytes) visitVectors(bytes, this.dims, { masked: (k) => keys.push(k), dense: (k) => keys.push(k) });
    return keys;
  }

  /** `key`'s vector decoded into `out`; throws when it is not on disk (or its record is gone). */
  get(key: string, out: Float32Array): Float32Array {
    const s = this.slotOf.get(key);
    if (s === undefined) throw new Error(`cold-vectors: ${key} is not on disk`);
    const recordKey = this.record[s]!;
    const n = this.count[s]!;
    const gone = (): never => {
      throw new Error(`cold-vectors: the vector record of ${recordKey} is gone`);
    };
    const vals = this.values;
    if (this.maskBack[s] === 0) {
      if (!this.source.readTail(recordKey, this.valuesBack[s]!, this.valueBuf, 4 * n)) gone();
      if (!LITTLE_ENDIAN) swap4(this.valueBuf, 4 * n);
      for (let i = 0; i < n; i++) out[i] = vals[i]!;
      return out;
    }
    const mask = this.maskBuf;
    if (!this.source.readTail(recordKey, this.maskBack[s]!, mask, mask.length)) gone();
    let set = 0;
    for (let j = 0; j < mask.length; j++) set += popcount8(mask[j]!);
    if (set !== n) throw new Error(`cold-vectors: the vector record of ${recordKey} changed on disk (mask of ${key})`);
    if (!this.source.readTail(recordKey, this.valuesBack[s]!, this.valueBuf, 4 * n)) gone();
    if (!LITTLE_ENDIAN) swap4(this.valueBuf, 4 * n);
    out.fill(0);
    let k = 0;
    for (let j = 0; j < mask.length; j++) {
      for (let b = mask[j]!; b !== 0; b &= b - 1) out[8 * j + 31 - Math.clz32(b & -b)] = vals[k++]!;
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

  private grow(need: number): void {
    if (need <= this.count.length) return;
    const cap = Math.max(need, this.count.length * 2);
    const grown = (a: Uint32Array): Uint32Array => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    this.maskBack = grown(this.maskBack);
    this.valuesBack = grown(this.valuesBack);
    this.count = grown(this.count);
  }
}

/** The record's floats are little-endian: on such hosts (all current JS platforms) their bytes are read as they are. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swap4(b: Uint8Array, n: number): void {
  for (let i = 0; i < n; i += 4) {
    const a0 = b[i]!;
    const a1 = b[i + 1]!;
    b[i] = b[i + 3]!;
    b[i + 1] = b[i + 2]!;
    b[i + 2] = a1;
    b[i + 3] = a0;
  }
}

function popcount8(b: number): number {
  b = b - ((b >> 1) & 0x55);
  b = (b & 0x33) + ((b >> 2) & 0x33);
  return (b + (b >> 4)) & 0x0f;
}
