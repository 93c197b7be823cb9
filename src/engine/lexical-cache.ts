// The lexical snapshot file (cache/lexical.cache, inside the store's checksummed envelope): magic "OVLC", format
// version, the chunker signature, per note the sha256 and chunk ids it was built from (what IndexState patches
// against at open), then the index's own binary snapshot. Binary throughout: the JSON form it replaced cost
// ~1.3 s of parsing at 10k notes on the first question after open.
import { LexicalIndex } from '../core/index/lexical-index';
import { ByteReader, ByteWriter } from '../core/storage/byte-codec';
import type { LexicalSnapshotLoad } from './index-state';

const MAGIC = [0x4f, 0x56, 0x4c, 0x43]; // "OVLC"
/** 2: the index's lists are decoded on first read (lexical-snapshot.ts's list table). */
const VERSION = 2;

/** The snapshot bytes: chunker signature, per-note [sha256, chunk ids], and the index. */
export function encodeLexicalCache(
  chunker: string,
  notes: Record<string, [string, string[]]>,
  index: LexicalIndex,
): Uint8Array {
  const parts = lexicalCacheParts(chunker, notes, index);
  const out = new Uint8Array(parts[0].length + parts[1].length);
  out.set(parts[0]);
  out.set(parts[1], parts[0].length);
  return out;
}

/** The snapshot bytes in two parts (their concatenation is encodeLexicalCache's), so a save need not join them. */
export function lexicalCacheParts(
  chunker: string,
  notes: Record<string, [string, string[]]>,
  index: LexicalIndex,
): [Uint8Array, Uint8Array] {
  const w = new ByteWriter();
  w.bytes(Uint8Array.from(MAGIC));
  w.varint(VERSION);
  w.strings([chunker]);
  const entries = Object.entries(notes);
  w.strings(entries.flatMap(([path, [sha]]) => [path, sha]));
  for (const [, [, ids]] of entries) w.varint(ids.length);
  w.strings(entries.flatMap(([, [, ids]]) => ids));
  const snapshot = index.toSnapshot();
  w.varint(snapshot.length);
  return [w.finish(), snapshot];
}

/**
 * True when `bytes` start as a snapshot of this format for this chunker (checked at open, before the rest is
 * parsed on first use: a snapshot of an older format is then rewritten by the next save, not rebuilt by every run).
 */
export function lexicalCacheFits(bytes: Uint8Array, chunker: string): boolean {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) return false;
  try {
    const r = new ByteReader(bytes.subarray(MAGIC.length));
    return r.varint() === VERSION && r.strings()[0] === chunker;
  } catch {
    return false;
  }
}

/**
 * The snapshot of `bytes` if it is one of this format for this chunker; null otherwise (an old or foreign
 * format, a damaged body, another chunker): the index is then rebuilt from the chunks, never trusted.
 */
export function decodeLexicalCache(bytes: Uint8Array, chunker: string): LexicalSnapshotLoad | null {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) return null;
  try {
    const r = new ByteReader(bytes.subarray(MAGIC.length));
    if (r.varint() !== VERSION || r.strings()[0] !== chunker) return null;
    const pathsAndShas = r.strings();
    if (pathsAndShas.length % 2 !== 0) return null;
    const counts: number[] = [];
    for (let i = 0; i < pathsAndShas.length / 2; i++) counts.push(r.varint());
    const ids = r.strings();
    const notes = new Map<string, readonly [string, readonly string[]]>();
    let at = 0;
    counts.forEach((n, i) => {
      notes.set(pathsAndShas[2 * i]!, [pathsAndShas[2 * i + 1]!, ids.slice(at, at + n)]);
      at += n;
    });
    if (at !== ids.length) return null;
    const index = LexicalIndex.fromSnapshot(r.bytes(r.varint()));
    if (!r.done) return null;
    return { index, notes };
  } catch {
    return null; // checksum right but not a snapshot of this version: rebuilt from the chunks
  }
}
