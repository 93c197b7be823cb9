// The index's records decoded while the segments stream by (one pass, through a reused window): an open keeps
// what the records decode to, never their bytes, so it does not hold (or touch) a second copy of the index.
import {
  decodeNote,
  decodeVectors,
  vectorRecordDims,
  vectorRecordKeys,
  META_COLLECTION,
  META_KEY,
  NOTES_COLLECTION,
  type NoteWithChunks,
} from '../../core/storage/index-records';
import type { FsRecordStore } from './fs-record-store';

/** A record that could not be decoded: why. */
export class RecordDamage {
  constructor(readonly message: string) {}
}

/**
 * One note's vector record, its structure checked and its keys read but its floats not decoded: the record's
 * bytes (kept, ~1.35 KB a chunk for the local embedder, less than the 2 KB of its floats) are decoded the first
 * time one of its vectors is used (VectorStore.setLazy), so an open decodes no vector it does not need.
 */
export class StoredVectors {
  constructor(
    readonly keys: readonly string[],
    readonly dims: number,
    private readonly bytes: Uint8Array,
  ) {}

  /** The record's [key, vector] pairs (it was checked when read, so this does not throw). */
  decode(): [string, Float32Array][] {
    return decodeVectors(this.bytes, this.dims);
  }
}

/** The live records of the collections read, decoded (or the damage found in each). */
export interface DecodedRecords {
  /** The meta record's bytes (small; decoded by the caller). */
  meta: Uint8Array | null;
  /** Note records by path (checked by decodeNote). */
  notes: Map<string, NoteWithChunks | RecordDamage>;
  /** Per vectors collection, per note path: its vectors (undecoded), at the dims the record states. */
  vectors: Map<string, Map<string, StoredVectors | RecordDamage>>;
  /** Damage the store found while reading (segments, entries). */
  problems: string[];
}

/** Record bytes are copied into shared slabs: one allocation per few MB instead of one per note. */
const SLAB_BYTES = 4 << 20;
let slab: Uint8Array = new Uint8Array(0);
let slabUsed = 0;

function copyOf(value: Uint8Array): Uint8Array {
  if (value.length > SLAB_BYTES / 4) return new Uint8Array(value);
  if (slabUsed + value.length > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES); // not zeroed: every byte handed out is written first
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + value.length);
  out.set(value);
  // Kept 4-aligned, so that a record's float values can be viewed in place by whoever decodes it.
  slabUsed = (slabUsed + value.length + 3) & ~3;
  return out;
}

const damage = (e: unknown): RecordDamage => new RecordDamage(e instanceof Error ? e.message : String(e));

/** Reads and decodes the meta record, the note records and the vector collections `wantVectors` accepts. */
export async function readDecodedRecords(
  store: FsRecordStore,
  wantVectors: (collection: string) => boolean,
): Promise<DecodedRecords> {
  const out: DecodedRecords = { meta: null, notes: new Map(), vectors: new Map(), problems: [] };
  const want = (c: string): boolean => c === META_COLLECTION || c === NOTES_COLLECTION || wantVectors(c);
  // A later put or delete of a key replaces what an earlier one decoded to (the log's last write wins).
  out.problems = await store.visitWhere(want, (collection, key, value) => {
    if (collection === META_COLLECTION) {
      if (key === META_KEY) out.meta = value ? new Uint8Array(value) : null;
    } else if (collection === NOTES_COLLECTION) {
      if (!value) out.notes.delete(key);
      else {
        try {
          out.notes.set(key, decodeNote(value, key));
        } catch (e) {
          out.notes.set(key, damage(e));
        }
      }
    } else {
      let m = out.vectors.get(collection);
      if (!m) out.vectors.set(collection, (m = new Map()));
      if (!value) m.delete(key);
      else {
        try {
          // Checked at the dims the record states (the caller compares them with its embedder's); a copy, since
          // the value views the reader's reused window.
          const dims = vectorRecordDims(value);
          m.set(key, new StoredVectors(vectorRecordKeys(value, dims), dims, copyOf(value)));
        } catch (e) {
          m.set(key, damage(e));
        }
      }
    }
  });
  return out;
}
