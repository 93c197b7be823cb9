import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../../src/core/util/prng';
import { wordIds, wordOf } from '../../../src/core/retrieval/word-ids';

/** What MMR's word sets were defined as: the distinct matches of the regex on the lower-cased text. */
function reference(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];
}

const PARTS = [
  'ab',
  'abc',
  'Word',
  ' ',
  '\n',
  '.',
  '-',
  '_',
  '12',
  '٣٤',
  'ёлка',
  'ЁЛКА',
  'İstanbul',
  'ǅ',
  'ß',
  'é',
  'e\u0301',
  '中文',
  '日本語',
  '𝒜',
  '𝒷𝒸',
  '😀',
  '\ud800',
  '\udc00',
  '½',
  'x',
  '\u00a0',
  "'s",
  'ﬁ',
  'Σσς',
];

describe('wordIds', () => {
  it('gives the regex /[\\p{L}\\p{N}]{3,}/gu words of the lower-cased text, each once, in order', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = seededRandom(seed * 131);
      let text = '';
      for (let i = 0, n = 1 + Math.floor(next() * 30); i < n; i++) text += PARTS[Math.floor(next() * PARTS.length)];
      expect([...wordIds(text)].map(wordOf), `seed ${seed}: ${JSON.stringify(text)}`).toEqual(reference(text));
    }
  });

  it('gives the same ids to the same words across texts, and matches the regex on real files', () => {
    const a = wordIds('the vault index keeps chunk vectors');
    const b = wordIds('Vectors of the VAULT');
    expect(wordOf(b[0]!)).toBe('vectors');
    expect(b[0]).toBe(a[5]);
    expect(b[1]).toBe(a[0]);
    for (const f of readdirSync('docs').filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join('docs', f), 'utf8');
      expect([...wordIds(text)].map(wordOf), f).toEqual(reference(text));
    }
  });
});
