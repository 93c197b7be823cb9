import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { countTokens, encodeTokens, fewerTokensThan, hasLongRun, truncateToTokens } from '../../src/core/tokens';
import { seededRandom } from '../../src/core/util/prng';

const exact = createRequire(import.meta.url)('gpt-tokenizer/cjs/encoding/o200k_base') as {
  countTokens(t: string): number;
  decode(ids: number[]): string;
};

describe('countTokens on long runs', () => {
  it('is exact for ordinary text, long or short', () => {
    const prose = 'The vault holds linked notes; each answer cites them. '.repeat(400);
    expect(countTokens(prose)).toBe(exact.countTokens(prose));
    expect(countTokens('')).toBe(0);
  });

  it('stays within a token per slice of the exact count on runs over 1,000 characters', () => {
    for (const run of ['ab'.repeat(1500), '='.repeat(3000), 'я'.repeat(2500), `word ${'x'.repeat(2100)} word`]) {
      const n = countTokens(run);
      const slices = Math.ceil(run.length / 500);
      expect(Math.abs(n - exact.countTokens(run))).toBeLessThanOrEqual(slices);
    }
  });

  it('counts a 200k-character run without a space (quadratic in the tokenizer: over an hour unsliced)', () => {
    const cjk = '中'.repeat(200_000);
    expect(countTokens(cjk)).toBeGreaterThan(100_000);
    expect(encodeTokens(cjk).length).toBe(countTokens(cjk));
    expect(truncateToTokens(cjk, 10)).toBe('中'.repeat(truncateToTokens(cjk, 10).length));
  });

  it('never splits a surrogate pair when slicing', () => {
    // An odd offset puts a slice boundary inside a pair unless the slicer moves it.
    const emoji = `a${'😀'.repeat(1200)}`;
    expect(exact.decode(encodeTokens(emoji))).toBe(emoji);
    expect(encodeTokens(emoji).length).toBe(countTokens(emoji));
  });
});

describe('hasLongRun', () => {
  it('finds a run of over 1,000 spaces or non-spaces wherever it lies, and only then (random texts)', () => {
    const isSpace = (c: string): boolean => /^[ \t\n\v\f\r\u00a0\u2000-\u200a\u3000]$/.test(c);
    const longest = (t: string): number => {
      let best = 0;
      for (let i = 0, start = 0; i <= t.length; i++) {
        if (i === t.length || (i > start && isSpace(t[i]!) !== isSpace(t[start]!))) {
          best = Math.max(best, i - start);
          start = i;
        }
      }
      return best;
    };
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      const parts: string[] = [];
      while (parts.join('').length < 4000) {
        const n = next() < 0.1 ? 990 + Math.floor(next() * 20) : 1 + Math.floor(next() * 12);
        parts.push((next() < 0.5 ? 'x' : next() < 0.5 ? ' ' : '\u3000').repeat(n));
      }
      const text = parts.join('');
      expect(hasLongRun(text), `seed ${seed}`).toBe(longest(text) > 1000);
    }
  });
});

describe('fewerTokensThan', () => {
  it('agrees with countTokens at, below and above the count, with and without long runs', () => {
    const texts = ['', 'One line.', 'A line\n\nand another\n- item\n  /path', `word ${'x'.repeat(2100)} word`];
    texts.push('The vault holds linked notes; each answer cites them.\n'.repeat(30));
    for (const t of texts) {
      const n = countTokens(t);
      for (const limit of [0, 1, n - 1, n, n + 1])
        expect(fewerTokensThan(t, limit), `${limit} of ${n}`).toBe(n < limit);
    }
  });
});

describe('special-token strings', () => {
  it('are counted, encoded and cut as the text they are (a note about LLMs may quote them)', () => {
    const text = 'The model stops at <|endoftext|>; chats open with <|im_start|>user.';
    expect(encodeTokens(text).length).toBe(countTokens(text));
    expect(exact.decode(encodeTokens(text))).toBe(text);
    expect(countTokens(text)).toBeGreaterThan(15);
    expect(truncateToTokens(text, 8).length).toBeLessThan(text.length);
  });
});
