// What the index stores through a RecordStore, and the bytes of each record (docs/decisions/0006-record-store.md):
//   `meta` / `index`            format version, chunker, last embedder, next HNSW label (JSON)
//   `notes` / <note path>       the note's metadata and its chunks with labels and vector keys (JSON)
//   `vectors/<fp hash>` / <path> the vectors of that note's chunks under one embedder (binary)
// A one-note edit therefore rewrites one note record, one vector record and the meta record. Pure: no Node.
import type { Chunk, EmbedderFingerprint, NoteHeading, NoteLink } from '../types';

/** Bump when a record's shape changes incompatibly; an older index is migrated or rebuilt. */
export const INDEX_FORMAT_VERSION = 2;
/** Collection of the single meta record (key META_KEY). */
export const META_COLLECTION = 'meta';
export const META_KEY = 'index';
/** Collection of note records, keyed by vault path. */
export const NOTES_COLLECTION = 'notes';
/** Prefix of the per-embedder vector collections (`vectors/<12 hex of the fingerprint's sha256>`). */
export const VECTORS_PREFIX = 'vectors/';
/** Bytes of a vector key (the first 128 bits of the sha256 of the embedded text). */
export const VECTOR_KEY_BYTES = 16;

/** Everything the engine keeps about one indexed note. */
export interface NoteRecord {
  path: string;
  mtimeMs: number;
  size: number;
  /** sha256 of the file bytes: an unchanged note is recognised even when its mtime moved. */
  sha256: string;
  title: string;
  aliases: string[];
  tags: string[];
  /** Links as parsed (the link graph is rebuilt from these without re-reading notes). */
  links: NoteLink[];
  headings: NoteHeading[];
  /** Chunk ids in reading order. */
  chunks: string[];
  /** Tokens of the whole file text (what "the whole vault in the prompt" costs). */
  fullTokens: number;
  frontmatterError?: string;
}

/** A chunk as stored: the chunk, its HNSW label and the key of its vector (hash of its text, hex). */
export interface StoredChunk extends Chunk {
  label: number;
  key: string;
}

/** The meta record. */
export interface MetaRecord {
  formatVersion: number;
  createdAt: string;
  /** chunkerSignature() of the stored chunks. */
  chunker: string;
  /** The embedder last used (the default for the next open). */
  embedder: { spec: string; fingerprint: EmbedderFingerprint; folder: string };
  /** Next unused HNSW label (labels are never reused, so a stale label can never alias another chunk). */
  nextLabel: number;
}

/** A note record with its chunks, as one stored value. */
export interface NoteWithChunks {
  note: NoteRecord;
  chunks: StoredChunk[];
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStrArr = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);

/** Bytes of the meta record. */
export function encodeMeta(m: MetaRecord): Uint8Array {
  return enc.encode(JSON.stringify(m));
}

/** Parses the meta record; throws an `index-records:` error on a wrong shape. */
export function decodeMeta(bytes: Uint8Array): MetaRecord {
  const m = JSON.parse(dec.decode(bytes)) as Partial<MetaRecord> | null;
  const bad = (what: string): never => {
    throw new Error(`index-records: meta ${what}`);
  };
  if (!m || typeof m !== 'object') bad('not an object');
  if (!isNum(m!.formatVersion)) bad('formatVersion missing');
  if (!isStr(m!.chunker)) bad('chunker missing');
  if (!Number.isInteger(m!.nextLabel) || m!.nextLabel! < 0) bad('nextLabel invalid');
  const e = m!.embedder;
  if (!e || !isStr(e.spec) || !isStr(e.folder) || !isNum(e.fingerprint?.dims)) bad('embedder invalid');
  return m as MetaRecord;
}

/** Bytes of a note record. */
export function encodeNote(n: NoteWithChunks): Uint8Array {
  return enc.encode(JSON.stringify(n));
}

/** Parses a note record and checks that it is whole (every chunk id of the note present); throws on damage. */
export function decodeNote(bytes: Uint8Array, path: string): NoteWithChunks {
  const data = JSON.parse(dec.decode(bytes)) as Partial<NoteWithChunks> | null;
  const n = data?.note as Partial<NoteRecord> | undefined;
  const okNote =
    n &&
    n.path === path &&
    isNum(n.mtimeMs) &&
    isNum(n.size) &&
    isStr(n.sha256) &&
    isStr(n.title) &&
    isStrArr(n.aliases) &&
    isStrArr(n.tags) &&
    Array.isArray(n.links) &&
    Array.isArray(n.headings) &&
    isStrArr(n.chunks) &&
    isNum(n.fullTokens);
  if (!okNote || !Array.isArray(data?.chunks)) throw new Error(`index-records: bad note record ${path}`);
  const ids = new Set<string>();
  for (const c of data!.chunks as Partial<StoredChunk>[]) {
    const ok =
      c &&
      isStr(c.id) &&
      c.note === path &&
      isStr(c.title) &&
      isStrArr(c.headingPath) &&
      isStr(c.text) &&
      isNum(c.tokens) &&
      isNum(c.order) &&
      isNum(c.startLine) &&
      isNum(c.endLine) &&
      isStr(c.key) &&
      /^[0-9a-f]{32}$/.test(c.key) &&
      Number.isInteger(c.label) &&
      (c.label as number) >= 0 &&
      (c.displayTitle === undefined || isStr(c.displayTitle));
    if (!ok) throw new Error(`index-records: bad chunk in ${path}`);
    ids.add(c.id!);
  }
  if (n!.chunks!.length !== ids.size || n!.chunks!.some((id) => !ids.has(id))) {
    throw new Error(`index-records: chunks of ${path} do not match its record`);
  }
  return data as NoteWithChunks;
}

/** Bytes of a vector record: count (u32), dims (u32), then per vector its 16-byte key and dims float32, LE. */
export function encodeVectors(entries: readonly (readonly [string, Float32Array])[], dims: number): Uint8Array {
  const per = VECTOR_KEY_BYTES + 4 * dims;
  const out = new Uint8Array(8 + per * entries.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, entries.length, true);
  view.setUint32(4, dims, true);
  let o = 8;
  for (const [key, vec] of entries) {
    if (vec.length !== dims) throw new Error(`index-records: vector of ${vec.length} dims, expected ${dims}`);
    for (let i = 0; i < VECTOR_KEY_BYTES; i++) out[o + i] = Number.parseInt(key.slice(2 * i, 2 * i + 2), 16);
    o += VECTOR_KEY_BYTES;
    if (LITTLE_ENDIAN) {
      out.set(new Uint8Array(vec.buffer, vec.byteOffset, vec.byteLength), o);
      o += 4 * dims;
    } else {
      for (let i = 0; i < dims; i++, o += 4) view.setFloat32(o, vec[i]!, true);
    }
  }
  return out;
}

/** On little-endian hosts (all current JS platforms) floats are copied as bytes. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Parses a vector record; throws an `index-records:` error when its size or dims do not fit. */
export function decodeVectors(bytes: Uint8Array, dims: number): [string, Float32Array][] {
  if (bytes.length < 8) throw new Error('index-records: vector record too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const fileDims = view.getUint32(4, true);
  if (fileDims !== dims) throw new Error(`index-records: vectors of ${fileDims} dims, expected ${dims}`);
  const per = VECTOR_KEY_BYTES + 4 * dims;
  if (bytes.length !== 8 + per * count) throw new Error('index-records: vector record length does not fit its count');
  const out: [string, Float32Array][] = [];
  // One copy of all the floats of the record; each vector is a view into it (a record is one note's vectors).
  const floats = new Float32Array(count * dims);
  const floatBytes = new Uint8Array(floats.buffer);
  let o = 8;
  for (let r = 0; r < count; r++) {
    let key = '';
    for (let i = 0; i < VECTOR_KEY_BYTES; i++) key += HEX[bytes[o + i]!];
    o += VECTOR_KEY_BYTES;
    const vec = floats.subarray(r * dims, (r + 1) * dims);
    if (LITTLE_ENDIAN) {
      floatBytes.set(bytes.subarray(o, o + 4 * dims), r * dims * 4);
      o += 4 * dims;
    } else {
      for (let i = 0; i < dims; i++, o += 4) vec[i] = view.getFloat32(o, true);
    }
    out.push([key, vec]);
  }
  return out;
}
