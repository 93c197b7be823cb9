// gpt-tokenizer's o200k_base rank table in a compact binary form the Node bundles load instead of the package's
// 2.4 MB JavaScript array literal, whose compilation was most of a process's first token count (~130 ms of
// ~250 ms CPU; esbuild.config.mjs writes the file beside the bundles at build time). The decoded table is the
// package's own, entry for entry (tested), and is handed to gpt-tokenizer's own encoder: counts are unchanged.
// Layout: magic "OVTK", version, count, each entry's UTF-16 length (0: a byte-sequence entry), the byte-sequence
// entries (length, bytes), then the UTF-8 of every string entry joined (its length first). Varints as byte-codec.ts
// writes them. Version 2 appends the lookup table of the string entries (rank-slots.ts: slot count, then int32
// little-endian each), so a process looks tokens up without building a Map (rank-lookup.ts); version 1 is still read.
import { ByteReader, ByteWriter } from '../core/storage/byte-codec';
import { buildSlots, slotBytes, slotCount, slotsFrom } from './rank-slots';

const MAGIC = [0x4f, 0x56, 0x54, 0x4b]; // "OVTK"
const VERSION = 2;

/** One entry of a rank table: the token's text, or its bytes when they are not valid UTF-8 on their own. */
export type RankEntry = string | readonly number[];

/** A compact rank table as read: each rank's UTF-16 length, the byte-sequence tokens, the joined text, the table. */
export interface CompactRanks {
  lengths: Uint32Array;
  byteTokens: [number, Uint8Array][];
  text: string;
  /** The lookup table (null in a version 1 file: built by the reader). */
  slots: Int32Array | null;
}

/** The compact bytes of a rank table (no holes: every rank has an entry). */
export function encodeRanks(ranks: readonly RankEntry[]): Uint8Array {
  const w = new ByteWriter();
  w.bytes(Uint8Array.from(MAGIC));
  w.varint(VERSION);
  w.varint(ranks.length);
  const lengths = new Uint32Array(ranks.length);
  for (let i = 0; i < ranks.length; i++) {
    if (!(i in ranks)) throw new Error(`compact-ranks: rank ${i} has no entry`);
    const r = ranks[i]!;
    if (typeof r === 'string' && r.length === 0) throw new Error(`compact-ranks: rank ${i} is empty`);
    lengths[i] = typeof r === 'string' ? r.length : 0;
    w.varint(lengths[i]!);
  }
  for (const r of ranks) {
    if (typeof r === 'string') continue;
    w.varint(r.length);
    w.bytes(Uint8Array.from(r));
  }
  const text = ranks.filter((r): r is string => typeof r === 'string').join('');
  const utf8 = new TextEncoder().encode(text);
  w.varint(utf8.length);
  w.bytes(utf8);
  const slots = buildSlots(text, lengths);
  w.varint(slots.length);
  w.bytes(slotBytes(slots));
  return w.finish();
}

/** Reads encodeRanks() bytes (version 1 or 2); throws a `compact-ranks:` error on other or damaged bytes. */
export function readCompactRanks(bytes: Uint8Array): CompactRanks {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('compact-ranks: not a rank table');
  const r = new ByteReader(bytes.subarray(MAGIC.length));
  const version = r.varint();
  if (version !== 1 && version !== VERSION) throw new Error('compact-ranks: unknown version');
  const n = r.bounded(bytes.length, 'rank count');
  const lengths = new Uint32Array(n);
  let chars = 0;
  for (let i = 0; i < n; i++) chars += lengths[i] = r.varint();
  const byteTokens: [number, Uint8Array][] = [];
  for (let i = 0; i < n; i++) if (lengths[i] === 0) byteTokens.push([i, r.bytes(r.bounded(bytes.length, 'entry'))]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes(r.bounded(bytes.length, 'text bytes')));
  } catch {
    throw new Error('compact-ranks: text is not UTF-8');
  }
  if (text.length !== chars) throw new Error('compact-ranks: string lengths do not add up');
  let slots: Int32Array | null = null;
  if (version === VERSION) {
    const count = r.varint();
    if (count !== slotCount(n)) throw new Error('compact-ranks: lookup table size');
    slots = slotsFrom(r.bytes(count * 4));
  }
  if (!r.done) throw new Error('compact-ranks: trailing bytes');
  return { lengths, byteTokens, text, slots };
}

/** The rank table of encodeRanks() bytes; throws a `compact-ranks:` error on other or damaged bytes. */
export function decodeRanks(bytes: Uint8Array): RankEntry[] {
  const { lengths, byteTokens, text } = readCompactRanks(bytes);
  const out = new Array<RankEntry>(lengths.length);
  for (const [rank, b] of byteTokens) out[rank] = Array.from(b);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i]!;
    if (len > 0) out[i] = text.slice(at, (at += len));
  }
  return out;
}
