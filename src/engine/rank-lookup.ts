// gpt-tokenizer's o200k_base encoder over the compact rank table (compact-ranks.ts) without its 200k-entry Map:
// building that Map (a string slice and a Map.set per token) was ~100 ms of every process's first token count. Here
// the table's text stays one string; an open-addressing table written with it at build time (rank-slots.ts) maps
// an FNV-1a hash of a token's UTF-16 code units to its rank, and a lookup compares in place (startsWith at the
// token's offset), so loading is a copy of typed arrays and one pass of additions. The package's own encoder does everything else (pre-tokenizer, merges, special tokens, merge cache):
// only its string → rank lookup, its byte-sequence tables and (on first decode) its rank → token array are ours.
// Counts and tokens are the package's (tested entry by entry and on mixed texts).
import { decodeRanks, readCompactRanks } from './compact-ranks';
import { buildSlots, rankHash } from './rank-slots';

/** String → rank over a compact rank table; `get` has Map's signature (the package calls only that). */
export class RankLookup {
  private readonly mask: number;
  /** UTF-16 offset of each string token in `text`. */
  private readonly offsets: Uint32Array;

  private constructor(
    private readonly text: string,
    /** UTF-16 length of each rank's token (0: a byte-sequence token). */
    private readonly lengths: Uint32Array,
    /** Rank + 1 per slot (0: empty), rank-slots.ts. */
    private readonly slots: Int32Array,
    /** The byte-sequence tokens: rank and bytes, in rank order. */
    readonly byteTokens: [number, Uint8Array][],
  ) {
    this.mask = slots.length - 1;
    this.offsets = new Uint32Array(lengths.length);
    let at = 0;
    for (let r = 0; r < lengths.length; r++) {
      this.offsets[r] = at;
      at += lengths[r]!;
    }
  }

  /** The lookup of compact-ranks.ts bytes (a version 1 file's table is built here); throws on damaged bytes. */
  static fromBytes(bytes: Uint8Array): RankLookup {
    const { text, lengths, slots, byteTokens } = readCompactRanks(bytes);
    return new RankLookup(text, lengths, slots ?? buildSlots(text, lengths), byteTokens);
  }

  /** Number of ranks. */
  get size(): number {
    return this.lengths.length;
  }

  /** The rank of a string token, or undefined. */
  get(key: string): number | undefined {
    const len = key.length;
    if (len === 0) return undefined;
    let h = rankHash(key, 0, len) & this.mask;
    for (;;) {
      const s = this.slots[h]!;
      if (s === 0) return undefined;
      const rank = s - 1;
      if (this.lengths[rank] === len && this.text.startsWith(key, this.offsets[rank]!)) return rank;
      h = (h + 1) & this.mask;
    }
  }

  /**
   * The rank of the token spelled by ASCII `bytes` (-1: none), or -2 when a byte is not ASCII. ASCII bytes are
   * their own UTF-16 code units, so they are hashed and compared in place: no string is decoded for the lookup.
   */
  getAscii(bytes: Uint8Array): number {
    const len = bytes.length;
    if (len === 0) return -1;
    let h = 0x811c9dc5;
    for (let i = 0; i < len; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) return -2;
      h = Math.imul(h ^ b, 0x01000193);
    }
    for (h = (h >>> 0) & this.mask; ; h = (h + 1) & this.mask) {
      const s = this.slots[h]!;
      if (s === 0) return -1;
      const rank = s - 1;
      if (this.lengths[rank] !== len) continue;
      const at = this.offsets[rank]!;
      let i = 0;
      while (i < len && this.text.charCodeAt(at + i) === bytes[i]) i++;
      if (i === len) return rank;
    }
  }
}

/** What of gpt-tokenizer's BytePairEncodingCore this replaces (fields of gpt-tokenizer 4.0.0, pinned). */
interface EncoderCore {
  bytePairStringRankEncoder: { get(key: string): number | undefined };
  getBpeRankFromBytes(key: Uint8Array): number | undefined;
  bytePairNonUtfRankDecoder: Map<number, Uint8Array>;
  bytePairNonUtfSortedEncoder: [Uint8Array, number][];
  bytePairRankDecoder: unknown[];
  mergeableBytePairRankCount: number;
}

/**
 * Points an encoder built over an empty rank table (`GptEncoding.getEncodingApi(name, () => [])`) at the compact
 * table `bytes`: string lookups through RankLookup, the byte-sequence tokens as the package sorts them, and the
 * rank → token array decoded on first use (only decode() reads it).
 */
export function installRanks(
  api: { bytePairEncodingCoreProcessor: unknown; vocabularySize: number; specialTokensEncoder: Map<string, number> },
  bytes: Uint8Array,
  compareBytes: (a: Uint8Array, b: Uint8Array) => number,
): void {
  const core = api.bytePairEncodingCoreProcessor as EncoderCore;
  if (core.mergeableBytePairRankCount !== 0 || !(core.bytePairStringRankEncoder instanceof Map))
    throw new Error('rank-lookup: expected an encoder built over an empty rank table');
  const lookup = RankLookup.fromBytes(bytes);
  core.bytePairStringRankEncoder = lookup;
  core.bytePairNonUtfRankDecoder = new Map(lookup.byteTokens);
  core.bytePairNonUtfSortedEncoder = lookup.byteTokens
    .map(([rank, b]): [Uint8Array, number] => [b, rank])
    .sort((a, b) => compareBytes(a[0], b[0]));
  core.mergeableBytePairRankCount = lookup.size;
  // The merges look up every candidate pair's bytes; the package decodes each to a string first (a TextDecoder
  // call per lookup, most of a first count's time). ASCII bytes are looked up in place, others as before.
  const fromBytes = core.getBpeRankFromBytes.bind(core);
  core.getBpeRankFromBytes = (key) => {
    const rank = lookup.getAscii(key);
    return rank >= 0 ? rank : rank === -1 ? undefined : fromBytes(key);
  };
  api.vocabularySize = lookup.size + api.specialTokensEncoder.size;
  let decoded: unknown[] | null = null;
  Object.defineProperty(core, 'bytePairRankDecoder', {
    get: () => (decoded ??= decodeRanks(bytes)),
    configurable: true,
  });
}
