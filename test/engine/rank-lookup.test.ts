import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeRanks, encodeRanks, readCompactRanks, type RankEntry } from '../../src/engine/compact-ranks';
import { slotCount } from '../../src/engine/rank-slots';
import { varintLength } from '../../src/core/storage/byte-codec';
import { installRanks, RankLookup } from '../../src/engine/rank-lookup';
import { generateScaleVault } from '../../src/bench/scale-vault';

const req = createRequire(import.meta.url);
const packageRanks = (req('gpt-tokenizer/cjs/bpeRanks/o200k_base') as { default: RankEntry[] }).default;
type Api = {
  countTokens(t: string, o?: unknown): number;
  encode(t: string, o?: unknown): number[];
  decode(ids: number[]): string;
  vocabularySize: number;
  bytePairEncodingCoreProcessor: unknown;
  specialTokensEncoder: Map<string, number>;
};
const packageEncoding = req('gpt-tokenizer/cjs/encoding/o200k_base') as Api & { default: Api };
const { GptEncoding } = req('gpt-tokenizer/cjs/GptEncoding') as {
  GptEncoding: { getEncodingApi(name: string, ranks: () => RankEntry[]): Api };
};
const { compareUint8Arrays } = req('gpt-tokenizer/cjs/utfUtil') as {
  compareUint8Arrays: (a: Uint8Array, b: Uint8Array) => number;
};

describe('o200k_base over the compact table without a Map (what the Node bundles count with)', () => {
  const bytes = encodeRanks(packageRanks);
  const api = GptEncoding.getEncodingApi('o200k_base', () => []);
  installRanks(api, bytes, compareUint8Arrays);

  it('finds every string token at its rank, and nothing else', () => {
    const lookup = RankLookup.fromBytes(bytes);
    const reference = new Map<string, number>();
    packageRanks.forEach((r, i) => {
      if (typeof r === 'string') reference.set(r, i);
    });
    let wrong = 0;
    for (const [s, rank] of reference) if (lookup.get(s) !== rank) wrong++;
    expect(wrong).toBe(0);
    for (const s of ['', 'not a token at all, surely', 'zzzzqqqqxxxx', '\u0000\u0000\u0000', '🧪🧪🧪🧪'])
      expect(lookup.get(s)).toBe(reference.get(s));
    expect(lookup.size).toBe(packageRanks.length);
  });

  it("gives gpt-tokenizer's own counts, tokens and decodes on prose, code, Cyrillic, CJK, emoji and odd bytes", () => {
    const AS_TEXT = { disallowedSpecial: new Set<string>() };
    const texts = [
      ...generateScaleVault({ notes: 40, seed: 5 }).map((n) => n.text),
      'Докер и Kubernetes: развёртывание — ёлка, «кавычки».',
      '東京の天気は晴れです。漢字とかなの混ざった文章。',
      'emoji 🧪🔥👩🏽‍💻 and \u0000\u0001 control, \uFFFD replacement, <|endoftext|> as text',
      'const x = (a: number) => a ** 2; // code\n\tindent\r\n',
      '\uD800 lone surrogate \uDC00 and ﬁ ligature, Ω, ǅ, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    ];
    for (const t of texts) {
      expect(api.countTokens(t, AS_TEXT)).toBe(packageEncoding.countTokens(t, AS_TEXT));
      const tokens = api.encode(t, AS_TEXT);
      expect(tokens).toEqual(packageEncoding.encode(t, AS_TEXT));
      expect(api.decode(tokens)).toBe(packageEncoding.decode(tokens));
    }
    expect(api.vocabularySize).toBe(packageEncoding.default.vocabularySize);
  });

  it("looks byte sequences up as the package does (ASCII ones in place): every merge's pair lookups", () => {
    type Core = { getBpeRankFromBytes(b: Uint8Array): number | undefined };
    const ours = api.bytePairEncodingCoreProcessor as Core;
    const theirs = packageEncoding.default.bytePairEncodingCoreProcessor as Core;
    const utf8 = new TextEncoder();
    const keys: Uint8Array[] = [new Uint8Array(0), new Uint8Array([0x80]), new Uint8Array([0xe2, 0x82])];
    for (const r of packageRanks.slice(0, 60_000))
      keys.push(typeof r === 'string' ? utf8.encode(r) : Uint8Array.from(r));
    let seed = 1;
    for (let i = 0; i < 20_000; i++) {
      const n = 1 + (i % 9);
      const k = new Uint8Array(n);
      for (let j = 0; j < n; j++) k[j] = (seed = (seed * 1103515245 + 12345) >>> 0) % (i % 3 === 0 ? 256 : 128);
      keys.push(k);
    }
    let wrong = 0;
    for (const k of keys) if (ours.getBpeRankFromBytes(k) !== theirs.getBpeRankFromBytes(k)) wrong++;
    expect(wrong).toBe(0);
  });

  it('reads a version 1 file (no lookup table: built at load) to the same lookups', () => {
    const { text, lengths, byteTokens } = readCompactRanks(bytes);
    // Version 1 is version 2 without the table: cut it off and mark the version.
    const slots = slotCount(lengths.length);
    const v1 = bytes.slice(0, bytes.length - slots * 4 - varintLength(slots));
    expect(v1[4]).toBe(2);
    v1[4] = 1;
    const old = readCompactRanks(v1);
    expect(old.slots).toBeNull();
    expect(old.text).toBe(text);
    expect(old.byteTokens).toEqual(byteTokens);
    const lookup = RankLookup.fromBytes(v1);
    let wrong = 0;
    packageRanks.forEach((r, i) => {
      if (typeof r === 'string' && lookup.get(r) !== i && packageRanks.lastIndexOf(r) === i) wrong++;
    });
    expect(wrong).toBe(0);
    expect(decodeRanks(v1)).toEqual(decodeRanks(bytes));
  });

  it('refuses other or damaged bytes, and an encoder that already has ranks', () => {
    expect(() => RankLookup.fromBytes(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/^compact-ranks: not a rank table/);
    expect(() => RankLookup.fromBytes(bytes.subarray(0, bytes.length - 1))).toThrow();
    expect(() => RankLookup.fromBytes(Uint8Array.from([...bytes, 0]))).toThrow(/compact-ranks: trailing bytes/);
    const full = GptEncoding.getEncodingApi('o200k_base', () => packageRanks.slice(0, 300));
    expect(() => installRanks(full, bytes, compareUint8Arrays)).toThrow(/^rank-lookup: expected an encoder/);
  });
});
