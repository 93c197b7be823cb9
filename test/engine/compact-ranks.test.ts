import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeRanks, encodeRanks, type RankEntry } from '../../src/engine/compact-ranks';
import { generateScaleVault } from '../../src/bench/scale-vault';

const req = createRequire(import.meta.url);
const packageRanks = (req('gpt-tokenizer/cjs/bpeRanks/o200k_base') as { default: RankEntry[] }).default;
type Api = { countTokens(t: string, o?: unknown): number; encode(t: string, o?: unknown): number[] };
const packageEncoding = req('gpt-tokenizer/cjs/encoding/o200k_base') as Api;
const { GptEncoding } = req('gpt-tokenizer/cjs/GptEncoding') as {
  GptEncoding: { getEncodingApi(name: string, ranks: () => RankEntry[]): Api };
};

describe('compact o200k_base ranks (what the Node bundles load)', () => {
  const bytes = encodeRanks(packageRanks);
  const ranks = decodeRanks(bytes);

  it("decode to the package's table entry for entry, smaller than its source", () => {
    expect(ranks.length).toBe(packageRanks.length);
    let differ = 0;
    for (let i = 0; i < ranks.length; i++) {
      const a = ranks[i]!;
      const b = packageRanks[i]!;
      if (typeof a !== typeof b || (typeof a === 'string' ? a !== b : JSON.stringify(a) !== JSON.stringify(b)))
        differ++;
    }
    expect(differ).toBe(0);
    expect(ranks.filter((r) => typeof r !== 'string').length).toBeGreaterThan(1000); // byte-sequence tokens kept
    // The table (under 2 MB) and its lookup table (int32 per slot, 2^19 slots).
    expect(bytes.length).toBeLessThan(2_000_000 + 4 * 2 ** 19);
  });

  it("give gpt-tokenizer's own counts and tokens on prose, code, Cyrillic, CJK, emoji and odd bytes", () => {
    const api = GptEncoding.getEncodingApi('o200k_base', () => ranks);
    const AS_TEXT = { disallowedSpecial: new Set<string>() };
    const texts = [
      ...generateScaleVault({ notes: 30, seed: 3 }).map((n) => n.text),
      'Докер и Kubernetes: развёртывание — ёлка, «кавычки».',
      '東京の天気は晴れです。漢字とかなの混ざった文章。',
      'emoji 🧪🔥👩🏽‍💻 and \u0000\u0001 control, \uFFFD replacement, <|endoftext|> as text',
      'const x = (a: number) => a ** 2; // code\n\tindent\r\n',
    ];
    for (const t of texts) {
      expect(api.countTokens(t, AS_TEXT)).toBe(packageEncoding.countTokens(t, AS_TEXT));
      expect(api.encode(t, AS_TEXT)).toEqual(packageEncoding.encode(t, AS_TEXT));
    }
  });

  it('refuse other or damaged bytes', () => {
    expect(() => decodeRanks(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/^compact-ranks: not a rank table/);
    expect(() => decodeRanks(bytes.subarray(0, bytes.length - 1))).toThrow();
    expect(() => decodeRanks(Uint8Array.from([...bytes.subarray(0, 200), 0]))).toThrow();
    expect(() => encodeRanks(['a', ''])).toThrow(/^compact-ranks: rank 1 is empty/);
  });
});
