// gpt-tokenizer's o200k_base rank table in a compact binary form the Node bundles load instead of the package's
// 2.4 MB JavaScript array literal, whose compilation was most of a process's first token count (~130 ms of
// ~250 ms CPU; esbuild.config.mjs writes the file beside the bundles at build time). The decoded table is the
// package's own, entry for entry (tested), and is handed to gpt-tokenizer's own encoder: counts are unchanged.
// Layout: magic "OVTK", version, count, each entry's UTF-16 length (0: a byte-sequence entry), the byte-sequence
// entries (length, bytes), then the UTF-8 of every string entry joined (its length first). Varints as byte-codec.ts writes them.
import { ByteReader, ByteWriter } from '../core/storage/byte-codec';

const MAGIC = [0x4f, 0x56, 0x54, 0x4b]; // "OVTK"
const VERSION = 1;

/** One entry of a rank table: the token's text, or its bytes when they are not valid UTF-8 on their own. */
export type RankEntry = string | readonly number[];

/** The compact bytes of a rank table (no holes: every rank has an entry). */
export function encodeRanks(ranks: readonly RankEntry[]): Uint8Array {
  const w = new ByteWriter();
  w.bytes(Uint8Array.from(MAGIC));
  w.varint(VERSION);
  w.varint(ranks.length);
  for (let i = 0; i < ranks.length; i++) {
    if (!(i in ranks)) throw new Error(`compact-ranks: rank ${i} has no entry`);
    const r = ranks[i]!;
    if (typeof r === 'string' && r.length === 0) throw new Error(`compact-ranks: rank ${i} is empty`);
    w.varint(typeof r === 'string' ? r.length : 0);
  }
  for (const r of ranks) {
    if (typeof r === 'string') continue;
    w.varint(r.length);
    w.bytes(Uint8Array.from(r));
  }
  const utf8 = new TextEncoder().encode(ranks.filter((r): r is string => typeof r === 'string').join(''));
  w.varint(utf8.length);
  w.bytes(utf8);
  return w.finish();
}

/** The rank table of encodeRanks() bytes; throws a `compact-ranks:` error on other or damaged bytes. */
export function decodeRanks(bytes: Uint8Array): RankEntry[] {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('compact-ranks: not a rank table');
  const r = new ByteReader(bytes.subarray(MAGIC.length));
  if (r.varint() !== VERSION) throw new Error('compact-ranks: unknown version');
  const n = r.bounded(bytes.length, 'rank count');
  const lengths = new Array<number>(n);
  let chars = 0;
  for (let i = 0; i < n; i++) chars += lengths[i] = r.varint();
  const out = new Array<RankEntry>(n);
  for (let i = 0; i < n; i++) if (lengths[i] === 0) out[i] = Array.from(r.bytes(r.bounded(bytes.length, 'entry')));
  const all = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes(r.bounded(bytes.length, 'text bytes')));
  if (!r.done) throw new Error('compact-ranks: trailing bytes');
  if (all.length !== chars) throw new Error('compact-ranks: string lengths do not add up');
  let at = 0;
  for (let i = 0; i < n; i++) {
    const len = lengths[i]!;
    if (len > 0) out[i] = all.slice(at, (at += len));
  }
  return out;
}
