// The index's records decoded while the segments stream by (one pass, through a reused window): an open keeps
// what the records decode to, never their bytes, so it does not hold (or touch) a second copy of the index. Vectors
// go straight into a packed VectorStore per collection, record by record, so no decoded copy of all of them is
// ever held (vectors are content-addressed: a replaced record's vectors are right, merely unused until dropped).
import {
  decodeNote,
  vectorRecordDims,
  visitVectors,
  META_COLLECTION,
  META_KEY,
  NOTES_COLLECTION,
  type NoteWithChunks,
} from '../../core/storage/index-records';
import type { FsRecordStore } from './fs-record-store';
import { VectorStore, type VectorRecordSource } from '../vector-store';

/** What a vector record held: its dims (its vectors are in the collection's VectorStore if dims match). */
export interface VectorRecordKeys {
  dims: number;
}

/** A record that could not be decoded: why. */
export class RecordDamage {
  constructor(readonly message: string) {}
}

/** The live records of the collections read, decoded (or the damage found in each). */
export interface DecodedRecords {
  /** The meta record's bytes (small; decoded by the caller). */
  meta: Uint8Array | null;
  /** Note records by path (checked by decodeNote). */
  notes: Map<string, NoteWithChunks | RecordDamage>;
  /** Per vectors collection, per note path: the dims its record states. */
  vectors: Map<string, Map<string, VectorRecordKeys | RecordDamage>>;
  /** Per vectors collection, the vectors of its records (those at the dims of the collection's first record). */
  vectorStores: Map<string, VectorStore>;
  /** Damage the store found while reading (segments, entries). */
  problems: string[];
}

const damage = (e: unknown): RecordDamage => new RecordDamage(e instanceof Error ? e.message : String(e));

/**
 * Reads and decodes the meta record, the note records and the vector collections `wantVectors` accepts. With
 * `onDisk`, vectors are not decoded: each key is placed on disk in its record (read back when needed).
 */
export async function readDecodedRecords(
  store: FsRecordStore,
  wantVectors: (collection: string) => boolean,
  onDisk = false,
): Promise<DecodedRecords> {
  const out: DecodedRecords = {
    meta: null,
    notes: new Map(),
    vectors: new Map(),
    vectorStores: new Map(),
    problems: [],
  };
  // Per collection and record, the keys placed on disk from it (while loading only): a later write of the record
  // takes back those its new version may not hold.
  const placed = new Map<string, Map<string, string[]>>();
  const takeBack = (collection: string, key: string): void => {
    const keys = placed.get(collection)?.get(key);
    const vs = out.vectorStores.get(collection);
    if (!keys || !vs) return;
    for (const k of keys) vs.forgetOnDisk(k, key);
    placed.get(collection)!.delete(key);
  };
  // One string per text key for a chunk's key and its vector's (while loading only; ~10 MB at 214k chunks).
  const keyStrings = new Map<string, string>();
  const intern = (k: string): string => {
    const had = keyStrings.get(k);
    if (had !== undefined) return had;
    keyStrings.set(k, k);
    return k;
  };
  const want = (c: string): boolean => c === META_COLLECTION || c === NOTES_COLLECTION || wantVectors(c);
  // A later put or delete of a key replaces what an earlier one decoded to (the log's last write wins).
  out.problems = await store.visitWhere(want, (collection, key, value) => {
    if (collection === META_COLLECTION) {
      if (key === META_KEY) out.meta = value ? new Uint8Array(value) : null;
    } else if (collection === NOTES_COLLECTION) {
      if (!value) out.notes.delete(key);
      else {
        try {
          const note = decodeNote(value, key);
          if (onDisk) for (const c of note.chunks) c.key = intern(c.key);
          out.notes.set(key, note);
        } catch (e) {
          out.notes.set(key, damage(e));
        }
      }
    } else {
      let m = out.vectors.get(collection);
      if (!m) out.vectors.set(collection, (m = new Map()));
      if (onDisk) takeBack(collection, key);
      if (!value) m.delete(key);
      else {
        try {
          // Decoded at the dims the record states; the caller checks them against its embedder's.
          const dims = vectorRecordDims(value);
          let vs = out.vectorStores.get(collection);
          if (!vs) {
            out.vectorStores.set(collection, (vs = new VectorStore(dims)));
            if (onDisk) vs.attachSource(recordSource(store, collection));
          }
          const into = vs.dims === dims ? vs : null;
          if (onDisk && into) {
            // Where each vector lies in the record is all that is kept (the value views a reused read window).
            const keys = into.spill(key, value, intern);
            let p = placed.get(collection);
            if (!p) placed.set(collection, (p = new Map()));
            p.set(key, keys);
          } else {
            // Masked vectors are copied into the packed store as stored (no dense float copy in between).
            visitVectors(value, dims, {
              masked: (k, mask, values) => into?.setMasked(k, mask, values),
              dense: (k, v) => into?.set(k, v),
            });
          }
          m.set(key, { dims });
        } catch (e) {
          m.set(key, damage(e));
        }
      }
    }
  });
  return out;
}

/** The vector records of `collection` in `store`, read back whole or in part. */
export function recordSource(store: FsRecordStore, collection: string): VectorRecordSource {
  return {
    read: (path) => store.readSync(collection, path),
    readTail: (path, back, into, length) => store.readTailSync(collection, path, back, into, length),
  };
}
