// The worker's index as per-note records in a RecordStore: one `notes` record (the note record and its chunks, as
// JSON) and one `vectors/<embedder folder>` record (its chunks' vectors) per note, plus one `meta` record. An edit
// rewrites only the edited note's two records: kilobytes, not the whole index.
import type { NoteRecord, StoredChunk } from '../records';
import type { RecordWrite } from '../../core/storage/record-store';

/** Record format; a different one in the store means the index is rebuilt. */
export const NOTE_RECORDS_FORMAT = 1;

/** The `meta` record: what the stored records were made with. */
export interface IndexMeta {
  format: number;
  chunker: string;
  /** fingerprintKey() of the embedder whose vectors are stored. */
  embedder: string;
}

/** One note's stored form. */
export interface NoteEntry {
  record: NoteRecord;
  chunks: StoredChunk[];
}

const KEY_BYTES = 16;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** JSON record bytes. */
export function jsonBytes(value: unknown): Uint8Array {
  return enc.encode(JSON.stringify(value));
}

/** Parses JSON record bytes. */
export function parseJson(bytes: Uint8Array): unknown {
  return JSON.parse(dec.decode(bytes));
}

/** Vectors of a note: u32 count, u32 dims, then per vector its 16-byte text key and dims × f32 (little-endian). */
export function encodeVectors(entries: readonly [string, Float32Array][], dims: number): Uint8Array {
  const record = KEY_BYTES + 4 * dims;
  const out = new Uint8Array(8 + record * entries.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, entries.length, true);
  view.setUint32(4, dims, true);
  let off = 8;
  for (const [key, vec] of entries) {
    for (let i = 0; i < KEY_BYTES; i++) out[off + i] = parseInt(key.slice(2 * i, 2 * i + 2), 16);
    off += KEY_BYTES;
    for (let i = 0; i < dims; i++, off += 4) view.setFloat32(off, vec[i]!, true);
  }
  return out;
}

/** Inverse of encodeVectors; throws `note-records:` on a wrong size or dims. */
export function decodeVectors(bytes: Uint8Array, dims: number): [string, Float32Array][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8) throw new Error('note-records: vector record too short');
  const count = view.getUint32(0, true);
  if (view.getUint32(4, true) !== dims) throw new Error(`note-records: vectors have ${view.getUint32(4, true)} dims, expected ${dims}`);
  const record = KEY_BYTES + 4 * dims;
  if (bytes.byteLength !== 8 + record * count) throw new Error('note-records: vector record has the wrong length');
  const out: [string, Float32Array][] = [];
  let off = 8;
  for (let r = 0; r < count; r++) {
    let key = '';
    for (let i = 0; i < KEY_BYTES; i++) key += bytes[off + i]!.toString(16).padStart(2, '0');
    off += KEY_BYTES;
    const vec = new Float32Array(dims);
    for (let i = 0; i < dims; i++, off += 4) vec[i] = view.getFloat32(off, true);
    out.push([key, vec]);
  }
  return out;
}

/** Checks a parsed `notes` record's shape. */
export function isNoteEntry(x: unknown): x is NoteEntry {
  const e = x as Partial<NoteEntry> | null;
  return !!e && typeof e === 'object' && !!e.record && typeof e.record.path === 'string' && Array.isArray(e.record.chunks) &&
    Array.isArray(e.chunks) && e.chunks.every((c) => c && typeof c.id === 'string' && typeof c.key === 'string' && Number.isInteger(c.label));
}

/** The writes that store one note (or delete it, when `entry` is null). */
export function noteWrites(path: string, vectorsCollection: string, entry: NoteEntry | null, vectors: Uint8Array | null): RecordWrite[] {
  return [
    { collection: 'notes', key: path, value: entry ? jsonBytes(entry) : null },
    { collection: vectorsCollection, key: path, value: entry ? vectors : null },
  ];
}
