// The index's records decoded while the segments stream by (one pass, through a reused window): an open keeps
// what the records decode to, never their bytes, so it does not hold (or touch) a second copy of the index.
import {
  decodeNote,
  decodeVectors,
  vectorRecordDims,
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

/** The live records of the collections read, decoded (or the damage found in each). */
export interface DecodedRecords {
  /** The meta record's bytes (small; decoded by the caller). */
  meta: Uint8Array | null;
  /** Note records by path (checked by decodeNote). */
  notes: Map<string, NoteWithChunks | RecordDamage>;
  /** Per vectors collection, per note path: its [key, vector] pairs, at the dims the record states. */
  vectors: Map<string, Map<string, [string, Float32Array][] | RecordDamage>>;
  /** Damage the store found while reading (segments, entries). */
  problems: string[];
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
          // Decoded at the dims the record states; the caller checks them against its embedder's.
          m.set(key, decodeVectors(value, vectorRecordDims(value)));
        } catch (e) {
          m.set(key, damage(e));
        }
      }
    }
  });
  return out;
}
