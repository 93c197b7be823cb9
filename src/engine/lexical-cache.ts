// The lexical snapshot file (cache/lexical.cache, inside the store's checksummed envelope): magic "OVLC", format
// version, the chunker signature, per note the sha256 and the numbers of its chunks in the index's own snapshot
// (what IndexState patches against at open), then the index's binary snapshot. Each chunk of the index belongs to
// exactly one note of the table (checked at load), so a patched snapshot holds exactly the notes' chunks without
// a check over every chunk. Binary throughout: the JSON form it replaced cost ~1.3 s of parsing at 10k notes.
import { LexicalIndex } from '../core/index/lexical-index';
import { ByteWriter } from '../core/storage/byte-codec';
import { cacheHeaderFits, readCacheHeader } from './cache-header';
import type { LexicalSnapshotLoad } from './index-state';

const MAGIC = [0x4f, 0x56, 0x4c, 0x43]; // "OVLC"
/** 2: the index's lists are decoded on first read (lexical-snapshot.ts's list table). */
const VERSION = 2;

/** The snapshot bytes: chunker signature, per-note [sha256, chunk ids], and the index; null if they disagree. */
export function encodeLexicalCache(
  chunker: string,
  notes: Record<string, [string, string[]]>,
  index: LexicalIndex,
): Uint8Array | null {
  const parts = lexicalCacheParts(chunker, notes, index);
  if (!parts) return null;
  const out = new Uint8Array(parts[0].length + parts[1].length);
  out.set(parts[0]);
  out.set(parts[1], parts[0].length);
  return out;
}

/**
 * The snapshot bytes in two parts (their concatenation is encodeLexicalCache's), so a save need not join them;
 * null when the notes' chunks are not exactly the index's (nothing is written: the index is rebuilt at next open).
 */
export function lexicalCacheParts(
  chunker: string,
  notes: Record<string, [string, string[]]>,
  index: LexicalIndex,
): [Uint8Array, Uint8Array] | null {
  const snapshot = index.toSnapshot();
  const numberOf = new Map<string, number>();
  index.snapshotIds().forEach((id, i) => numberOf.set(id, i));
  const w = new ByteWriter();
  w.bytes(Uint8Array.from(MAGIC));
  w.varint(VERSION);
  w.strings([chunker]);
  const entries = Object.entries(notes);
  w.strings(entries.flatMap(([path, [sha]]) => [path, sha]));
  let listed = 0;
  for (const [, [, ids]] of entries) {
    w.varint(ids.length);
    listed += ids.length;
  }
  for (const [, [, ids]] of entries) {
    for (const id of ids) {
      const n = numberOf.get(id);
      if (n === undefined) return null;
      w.varint(n);
    }
  }
  if (listed !== numberOf.size) return null;
  w.varint(snapshot.length);
  return [w.finish(), snapshot];
}

/**
 * True when `bytes` start as a snapshot of this format for this chunker (checked at open, before the rest is
 * parsed on first use: a snapshot of an older format is then rewritten by the next save, not rebuilt by every run).
 */
export function lexicalCacheFits(bytes: Uint8Array, chunker: string): boolean {
  return cacheHeaderFits(bytes, MAGIC, VERSION, chunker);
}

/**
 * The snapshot of `bytes` if it is one of this format for this chunker; null otherwise (an old or foreign
 * format, a damaged body, another chunker): the index is then rebuilt from the chunks, never trusted.
 */
export function decodeLexicalCache(bytes: Uint8Array, chunker: string): LexicalSnapshotLoad | null {
  try {
    const r = readCacheHeader(bytes, MAGIC, VERSION, chunker);
    if (!r) return null;
    const pathsAndShas = r.strings();
    if (pathsAndShas.length % 2 !== 0) return null;
    const notes = pathsAndShas.length / 2;
    const paths = new Array<string>(notes);
    const shas = new Array<string>(notes);
    const start = new Uint32Array(notes + 1);
    for (let i = 0; i < notes; i++) {
      paths[i] = pathsAndShas[2 * i]!;
      shas[i] = pathsAndShas[2 * i + 1]!;
      start[i + 1] = start[i]! + r.varint();
    }
    const numbers = new Uint32Array(start[notes]!);
    for (let p = 0; p < numbers.length; p++) numbers[p] = r.varint();
    const index = LexicalIndex.fromSnapshot(r.bytes(r.varint()));
    if (!r.done) return null;
    // Every chunk of the index at exactly one position: then patching by notes leaves exactly the notes' chunks.
    const snapshotIds = index.snapshotIds();
    if (numbers.length !== snapshotIds.length) return null;
    const seen = new Uint8Array(snapshotIds.length);
    const ids = new Array<string>(numbers.length);
    for (let p = 0; p < numbers.length; p++) {
      const n = numbers[p]!;
      if (n >= snapshotIds.length || seen[n] === 1) return null;
      seen[n] = 1;
      ids[p] = snapshotIds[n]!;
    }
    return { index, paths, shas, start, ids, numbers };
  } catch {
    return null; // checksum right but not a snapshot of this version: rebuilt from the chunks
  }
}
