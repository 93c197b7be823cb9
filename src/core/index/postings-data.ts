// The lexical postings' state as a snapshot writes and reads it (lexical-postings.ts, lexical-snapshot.ts).
import type { ByteWriter } from '../storage/byte-codec';

/** The state a snapshot holds (see lexical-snapshot.ts): live chunks numbered 0..n-1 and compact lists. */
export interface PostingsData {
  ids: string[];
  terms: string[];
  /** Per chunk and field (chunk·5 + field): unique raw tokens. */
  fieldLen: Uint32Array;
  avg: number[];
  /** Per list (term·5 + field): start in docs/tfs; length lists + 1. */
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Frequencies as the lists store them (posting-lists.ts MAX_TF). */
  tfs: Uint16Array;
  /** Set when lists are decoded on first read (a snapshot): fills list l's docs/tfs, once, before it is read. */
  fill?: (l: number) => void;
}

/** A snapshot's contents, its lists (k = term·5 + field, in `terms` order) read where they are held. */
export interface PostingsSnapshot {
  ids: string[];
  terms: string[];
  /** Per chunk and field (chunk·5 + field): unique raw tokens. */
  fieldLen: Uint32Array;
  avg: number[];
  /** Postings in all lists. */
  total: number;
  /** Postings in list k. */
  size(k: number): number;
  /** Bytes list k takes in the snapshot. */
  byteLength(k: number): number;
  /** Writes list k's postings (snapshot varints). */
  write(k: number, w: ByteWriter): void;
}
