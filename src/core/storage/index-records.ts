// What the index stores through a RecordStore, and the bytes of each record (docs/decisions/0006-record-store.md):
//   `meta` / `index`            format version, chunker, last embedder, next HNSW label (JSON)
//   `notes` / <note path>       the note's metadata and its chunks with labels and vector keys (JSON)
//   `vectors/<fp hash>` / <path> the vectors of that note's chunks under one embedder (binary)
// A one-note edit therefore rewrites one note record, one vector record and the meta record. Pure: no Node.
import type { Chunk, EmbedderFingerprint, NoteHeading, NoteLink } from '../types';
import { shareChunkStrings } from './shared-strings';

export { decodeVectors, encodeVectors, vectorRecordDims, visitVectors, VECTOR_KEY_BYTES } from './vector-record';

/** Bump when a record's shape changes incompatibly; an older index is migrated or rebuilt. */
export const INDEX_FORMAT_VERSION = 2;
/** Collection of the single meta record (key META_KEY). */
export const META_COLLECTION = 'meta';
export const META_KEY = 'index';
/** Collection of note records, keyed by vault path. */
export const NOTES_COLLECTION = 'notes';
/** Prefix of the per-embedder vector collections (`vectors/<12 hex of the fingerprint's sha256>`). */
export const VECTORS_PREFIX = 'vectors/';

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
  const out = data as NoteWithChunks;
  shareChunkStrings(path, out.note.title, out.chunks);
  out.note.path = path;
  // The note lists its chunks' ids in their order (as saved): the list then holds the chunks' own strings.
  if (out.chunks.every((c, i) => c.id === out.note.chunks[i])) out.note.chunks = out.chunks.map((c) => c.id);
  return out;
}
