// VectorStore: the embeddings of one embedder, keyed by a hash of the embedded text. It is the source of truth
// for vectors (HNSW is rebuilt from it without re-embedding), and content-addressing lets a moved note or a
// chunk that reappears reuse its vector. It is stored per note in records (store.ts); the self-checking binary
// form below (header + trailing sha256) is format 1's vectors.bin, still read to migrate an older index.
// In memory the vectors are packed by their non-zero values in a VectorSlab (vector-slab.ts), one row per key.
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { VectorSlab } from './vector-slab';
import { ColdVectors, type VectorRecordSource } from './cold-vectors';

export type { VectorRecordSource } from './cold-vectors';

const MAGIC = 0x564c564f; // "OVLV" little-endian
const FILE_VERSION = 1;
const KEY_BYTES = 16;
const HEADER_BYTES = 16;
const TRAILER_BYTES = 32;
/** The file is little-endian; on such hosts vectors are copied as raw bytes. */
const LITTLE_ENDIAN = endianness() === 'LE';

/** Key of an embedded text: the first 128 bits of its sha256, hex. */
export function textKey(text: string): string {
  return createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, KEY_BYTES * 2);
}

/**
 * Map from text key to vector, with a self-verifying binary form. Vectors are held in memory, or, once a source of
 * committed records is attached (the fs store), left on disk as soon as their note's record is committed (`spill`):
 * then only the vectors not yet saved are in memory.
 */
export class VectorStore {
  /** Text key → row of the slab (vectors held in memory). */
  private readonly map = new Map<string, number>();
  private readonly slab: VectorSlab;
  private cold: ColdVectors | null = null;
  private readonly scratch: Float32Array;

  constructor(readonly dims: number) {
    if (!Number.isInteger(dims) || dims <= 0) throw new Error(`vector-store: bad dims ${dims}`);
    this.slab = new VectorSlab(dims);
    this.scratch = new Float32Array(dims);
  }

  get size(): number {
    return this.map.size + (this.cold?.size ?? 0);
  }

  /** Vectors held in memory (the rest are read from their records when needed). */
  get inMemory(): number {
    return this.map.size;
  }

  /** Lets committed vectors stay on disk: `source` reads a note's vector record as committed. */
  attachSource(source: VectorRecordSource): void {
    if (this.cold) throw new Error('vector-store: a record source is already attached');
    this.cold = new ColdVectors(this.dims, source);
  }

  /** True when vectors can be left on disk (a record source is attached). */
  get spills(): boolean {
    return this.cold !== null;
  }

  /** The vector of `key`, decoded into `into` (of `dims` floats) or else a new array (the caller may keep it). */
  get(key: string, into?: Float32Array): Float32Array | undefined {
    const row = this.map.get(key);
    if (row !== undefined) return this.slab.get(row, into);
    if (!this.cold?.has(key)) return undefined;
    if (into && into.length !== this.dims)
      throw new Error(`vector-store: decode into ${into.length} floats, expected ${this.dims}`);
    return this.cold.get(key, into ?? new Float32Array(this.dims));
  }

  has(key: string): boolean {
    return this.map.has(key) || (this.cold?.has(key) ?? false);
  }

  /**
   * The record `recordKey` was just committed (or read at open) as `bytes`: its vectors leave memory (read back
   * from it when needed). Does nothing without a record source. Returns the record's keys (`canon`: see
   * ColdVectors.placeRecord).
   */
  spill(recordKey: string, bytes: Uint8Array, canon?: (key: string, i: number) => string): string[] {
    if (!this.cold) return [];
    const keys = this.cold.placeRecord(recordKey, bytes, canon);
    for (const k of keys) {
      const row = this.map.get(k);
      if (row === undefined) continue;
      this.map.delete(k);
      this.slab.free(row);
    }
    this.slab.compactIfWasteful();
    return keys;
  }

  /**
   * The record `recordKey` is about to be rewritten or deleted: vectors read from it come back into memory first
   * (a later spill puts those still saved elsewhere back on disk).
   */
  unspill(recordKey: string): void {
    const cold = this.cold;
    if (!cold) return;
    for (const k of cold.keysOf(recordKey)) {
      if (cold.recordOf(k) !== recordKey) continue;
      const v = cold.get(k, this.scratch);
      cold.delete(k);
      this.map.set(k, this.slab.add(v));
    }
  }

  /** Forgets that `key` is on disk in `recordKey` (that record was replaced or deleted while loading). */
  forgetOnDisk(key: string, recordKey: string): void {
    if (this.cold?.recordOf(key) === recordKey) this.cold.delete(key);
  }

  /** Stores a copy of `vector` under `key`. */
  set(key: string, vector: Float32Array): void {
    if (vector.length !== this.dims) {
      throw new Error(`vector-store: vector has ${vector.length} dims, expected ${this.dims}`);
    }
    const old = this.map.get(key);
    if (old !== undefined) this.slab.free(old);
    this.cold?.delete(key);
    this.map.set(key, this.slab.add(vector));
  }

  /** Stores a vector given in a vector record's masked layout (VectorSlab.addMasked) under `key`. */
  setMasked(key: string, mask: Uint8Array, values: Uint8Array): void {
    const old = this.map.get(key);
    if (old !== undefined) this.slab.free(old);
    this.cold?.delete(key);
    this.map.set(key, this.slab.addMasked(mask, values));
  }

  delete(key: string): void {
    this.cold?.delete(key);
    const row = this.map.get(key);
    if (row === undefined) return;
    this.map.delete(key);
    this.slab.free(row);
    this.slab.compactIfWasteful();
  }

  *keys(): IterableIterator<string> {
    yield* this.map.keys();
    if (this.cold) yield* this.cold.keys();
  }

  /**
   * The dot product of `key`'s vector, if it is unit length (or zero), with `q`, whose non-zero dimensions are
   * `nz[0..n)` ascending; undefined when there is no such vector or it is not unit length (score a normalised copy).
   * Bit-identical to a dense dot of the decoded vector.
   */
  unitDot(key: string, q: Float32Array, nz: Int32Array, n: number): number | undefined {
    const row = this.map.get(key);
    if (row === undefined) {
      if (!this.cold?.has(key)) return undefined;
      return ColdVectors.unitDot(this.cold.get(key, this.scratch), q, nz, n);
    }
    if (!this.slab.isUnit(row)) return undefined;
    return this.slab.dot(row, q, nz, n);
  }

  /** Drops vectors whose key is not in `keep` (texts no longer in any chunk); returns how many were dropped. */
  retainOnly(keep: ReadonlySet<string>): number {
    let dropped = 0;
    for (const k of [...this.keys()]) {
      if (!keep.has(k)) {
        this.delete(k);
        dropped++;
      }
    }
    return dropped;
  }

  /** Binary form: header (magic, version, dims, count), records (key, float32 × dims), sha256 of all before. */
  serialize(): Buffer {
    const record = KEY_BYTES + 4 * this.dims;
    const body = HEADER_BYTES + record * this.size;
    const buf = Buffer.alloc(body + TRAILER_BYTES);
    buf.writeUInt32LE(MAGIC, 0);
    buf.writeUInt32LE(FILE_VERSION, 4);
    buf.writeUInt32LE(this.dims, 8);
    buf.writeUInt32LE(this.size, 12);
    let off = HEADER_BYTES;
    for (const key of this.keys()) {
      const vec = this.get(key)!;
      buf.write(key, off, KEY_BYTES, 'hex');
      off += KEY_BYTES;
      if (LITTLE_ENDIAN) {
        Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength).copy(buf, off);
        off += 4 * this.dims;
      } else {
        for (let i = 0; i < this.dims; i++, off += 4) buf.writeFloatLE(vec[i]!, off);
      }
    }
    createHash('sha256').update(buf.subarray(0, body)).digest().copy(buf, body);
    return buf;
  }

  /** Parses and verifies a serialized store; throws a `vector-store:` error on any damage or dims mismatch. */
  static deserialize(buf: Buffer, dims: number): VectorStore {
    const fail = (why: string): never => {
      throw new Error(`vector-store: ${why}`);
    };
    if (buf.length < HEADER_BYTES + TRAILER_BYTES) fail('file too short');
    if (buf.readUInt32LE(0) !== MAGIC) fail('bad magic');
    if (buf.readUInt32LE(4) !== FILE_VERSION) fail(`unsupported version ${buf.readUInt32LE(4)}`);
    const fileDims = buf.readUInt32LE(8);
    if (fileDims !== dims) fail(`dims ${fileDims}, expected ${dims}`);
    const count = buf.readUInt32LE(12);
    const record = KEY_BYTES + 4 * dims;
    const body = HEADER_BYTES + record * count;
    if (buf.length !== body + TRAILER_BYTES) fail(`length ${buf.length}, expected ${body + TRAILER_BYTES}`);
    const digest = createHash('sha256').update(buf.subarray(0, body)).digest();
    if (!digest.equals(buf.subarray(body))) fail('checksum mismatch');
    const store = new VectorStore(dims);
    let off = HEADER_BYTES;
    for (let r = 0; r < count; r++) {
      const key = buf.toString('hex', off, off + KEY_BYTES);
      off += KEY_BYTES;
      let vec: Float32Array;
      if (LITTLE_ENDIAN) {
        // Copy out (not a view), so the big file buffer can be freed.
        vec = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * dims));
        off += 4 * dims;
      } else {
        vec = new Float32Array(dims);
        for (let i = 0; i < dims; i++, off += 4) vec[i] = buf.readFloatLE(off);
      }
      store.set(key, vec);
    }
    return store;
  }
}
