import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/core/util/prng';
import {
  clearTokenMemo,
  countExact,
  countReaches,
  countWithBreaks,
  isBlank,
  isSeam,
  referenceCount,
  seamJoinCost,
} from '../../src/core/token-memo';

/** The project's seeded PRNG (mulberry32), so a failure names its seed. */
const rng = seededRandom;

// Fragments chosen to sit on every edge of the pre-tokenizer: line breaks (\n, \r\n, runs), blanks of all kinds
// (spaces, tabs, NBSP, ideographic space, U+2028), '/' after a break (the punctuation rule takes `[\r\n/]*`),
// punctuation runs, contractions, digits (cut in threes), capitals, CJK, Cyrillic, emoji, code, special tokens.
const FRAGMENTS = [
  '\n',
  '\n',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  ' ',
  ' ',
  '  ',
  '\t',
  '    ',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\u2029',
  '\u200a',
  '\ufeff',
  '/',
  '//',
  '/*',
  '*/',
  '.',
  '...',
  '!?',
  ',',
  ';',
  ':',
  '-',
  '---',
  '***',
  '```',
  '~~~',
  '#',
  '##',
  '>',
  '|',
  '[[',
  ']]',
  '(',
  ')',
  '{',
  '}',
  '"',
  "'",
  "'s",
  "'ll",
  "'RE",
  'don',
  't',
  'the',
  'The',
  'HTTP',
  'camelCase',
  'snake_case',
  'x',
  'A',
  'word',
  'Words',
  'élan',
  'naïve',
  '1',
  '12',
  '123',
  '1234',
  '3.14',
  '٣',
  '中文',
  '日本語のテキスト',
  '한국어',
  'Привет',
  'мир',
  'Ωμέγα',
  '😀',
  '👍🏽',
  '🇫🇷',
  'e\u0301',
  '\u0301',
  'const x = 1;',
  'fn(a, b)',
  '<div>',
  '</div>',
  '<|endoftext|>',
  '<|im_start|>',
  '- [ ] ',
  '* ',
  '1. ',
  '\\n',
  '$$',
  '€',
  '§',
  '\u0000',
  '\ud800',
];

function randomText(next: () => number, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return s;
}

describe('isBlank', () => {
  it("is JavaScript's \\s without \\n and \\r, for every UTF-16 unit", () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (isBlank(c) !== (/\s/u.test(String.fromCharCode(c)) && c !== 10 && c !== 13)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

describe('line seams', () => {
  it('split the count exactly wherever isSeam says so (random text of edge fragments)', () => {
    let seams = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const text = randomText(rng(seed), 4 + (seed % 40));
      const total = referenceCount(text);
      for (let i = 1; i < text.length; i++) {
        if (!isSeam(text, i)) continue;
        seams++;
        expect(referenceCount(text.slice(0, i)) + referenceCount(text.slice(i)), `seed ${seed} at ${i}`).toBe(total);
      }
    }
    expect(seams).toBeGreaterThan(1000);
  });

  it('are never claimed where a piece may cross', () => {
    // '/' after a break joins a punctuation piece (".\n/"); a break in the following blanks moves the piece end.
    expect(isSeam('a.\n/b', 3)).toBe(false);
    expect(isSeam('a\n  \nb', 2)).toBe(false);
    expect(isSeam('a\n\nb', 2)).toBe(false);
    expect(isSeam('a\r\nb', 3)).toBe(true);
    expect(isSeam('a\n  b', 2)).toBe(true);
    expect(isSeam('a\nb', 0)).toBe(false);
    expect(isSeam('a\nb', 3)).toBe(false);
  });
});

describe('countExact', () => {
  it('equals the tokenizer on random text, cold and with every count remembered', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = randomText(rng(seed * 7919), 1 + (seed % 60));
      const want = referenceCount(text);
      if (seed % 3 === 0) clearTokenMemo();
      expect(countExact(text), `seed ${seed}`).toBe(want);
      expect(countExact(text), `seed ${seed}, again`).toBe(want);
    }
  });

  it('equals the tokenizer on random joins of blocks (a + separator + b), the way chunks are built', () => {
    const seps = ['', '\n', '\n\n', '\n\n\n', ' ', '\n  ', '\r\n', '\t'];
    for (let seed = 1; seed <= 2000; seed++) {
      const next = rng(seed * 104729);
      const a = randomText(next, 1 + Math.floor(next() * 20));
      const b = randomText(next, 1 + Math.floor(next() * 20));
      const sep = seps[Math.floor(next() * seps.length)] ?? '';
      countExact(a);
      countExact(b);
      expect(countExact(`${a}${sep}${b}`), `seed ${seed}`).toBe(referenceCount(`${a}${sep}${b}`));
    }
  });

  it('equals the tokenizer on a line remembered alone, then met with line breaks after it', () => {
    // The memo keeps lines without their breaks and adjusts the last piece: check every kind of line end.
    const breaks = ['\n', '\n\n', '\r\n', '\n\n\n', '\r', '\n\r\n'];
    for (let seed = 1; seed <= 3000; seed++) {
      const next = rng(seed * 15485863);
      const line = randomText(next, 1 + Math.floor(next() * 8));
      const br = breaks[Math.floor(next() * breaks.length)] ?? '\n';
      if (seed % 5 === 0) clearTokenMemo();
      countExact(line);
      expect(countExact(line + br), `seed ${seed}`).toBe(referenceCount(line + br));
      expect(countExact(`${line + br}next`), `seed ${seed}`).toBe(referenceCount(`${line + br}next`));
    }
  });

  it('counts special-token strings as text instead of throwing', () => {
    const text = 'Models end with <|endoftext|>\nand <|im_start|> too';
    expect(countExact(text)).toBe(referenceCount(text));
    expect(countExact(text)).toBeGreaterThan(10);
  });

  it('equals the tokenizer on real text: every file of this repository (code, markdown, JSON)', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|md|json|css|mjs)$/.test(e.name)) files.push(p);
      }
    };
    for (const d of ['src', 'docs', 'examples', 'scripts']) walk(d);
    files.push('README.md', 'package.json');
    expect(files.length).toBeGreaterThan(100);
    clearTokenMemo();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // Once cold, once from remembered lines, once as a CRLF file.
      expect(countExact(text), f).toBe(referenceCount(text));
      expect(countExact(text), f).toBe(referenceCount(text));
      const crlf = text.replace(/\n/g, '\r\n');
      expect(countExact(crlf), f).toBe(referenceCount(crlf));
    }
  });
});

describe('countReaches', () => {
  it('says whether the tokenizer counts at least the limit (random text, limits around the count)', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const next = rng(seed * 6151);
      const text = randomText(next, 1 + (seed % 40));
      const want = referenceCount(text);
      if (seed % 4 === 0) clearTokenMemo();
      for (const limit of [0, 1, want - 1, want, want + 1, Math.floor(want / 2)]) {
        expect(countReaches(text, limit), `seed ${seed}, limit ${limit} of ${want}`).toBe(want >= limit);
      }
    }
  });
});

describe('countWithBreaks', () => {
  it('equals the tokenizer on text + line breaks, given the count of the text alone (random text)', () => {
    const breaks = ['\n', '\n\n', '\r\n', '\n\n\n', '\r', '\n\r\n'];
    for (let seed = 1; seed <= 4000; seed++) {
      const next = rng(seed * 7727);
      const text = randomText(next, 1 + Math.floor(next() * 40));
      const br = breaks[Math.floor(next() * breaks.length)] ?? '\n\n';
      if (seed % 7 === 0) clearTokenMemo();
      expect(countWithBreaks(text, referenceCount(text), br), `seed ${seed}`).toBe(referenceCount(text + br));
    }
  });

  it('equals the tokenizer on real text: each paragraph of the docs followed by a blank line', () => {
    const paragraphs = readdirSync('docs')
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) => readFileSync(join('docs', f), 'utf8').split(/\n\s*\n/))
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    expect(paragraphs.length).toBeGreaterThan(100);
    for (const p of paragraphs)
      expect(countWithBreaks(p, referenceCount(p), '\n\n'), p).toBe(referenceCount(`${p}\n\n`));
  });
});

describe('seamJoinCost', () => {
  it('is what a join adds to the parts (random text), whenever it claims a seam', () => {
    const seps = ['\n', '\n\n', '\n\n\n', ' ', '\r\n', '\n '];
    let claimed = 0;
    for (let seed = 1; seed <= 4000; seed++) {
      const next = rng(seed * 6151);
      const a = randomText(next, 1 + Math.floor(next() * 12));
      const b = randomText(next, 1 + Math.floor(next() * 12));
      const sep = seps[Math.floor(next() * seps.length)] ?? '\n';
      if (seed % 5 === 0) clearTokenMemo();
      const cost = seamJoinCost(a, sep, b);
      if (cost === null) continue;
      claimed++;
      expect(cost, `seed ${seed}`).toBe(referenceCount(a + sep + b) - referenceCount(a) - referenceCount(b));
    }
    expect(claimed).toBeGreaterThan(500);
  });

  it('claims no seam where a piece may cross: blanks, breaks or "/" at the join', () => {
    expect(seamJoinCost('word ', '\n', 'next')).toBeNull();
    expect(seamJoinCost('word', '\n', '/path')).toBeNull();
    expect(seamJoinCost('word', '\n', '  \nnext')).toBeNull();
    expect(seamJoinCost('word', ' ', 'next')).toBeNull();
    expect(seamJoinCost('word', '\r\n', 'next')).toBeNull();
    expect(seamJoinCost('word.', '\n\n', 'Next')).toBe(
      referenceCount('word.\n\nNext') - referenceCount('word.') - referenceCount('Next'),
    );
  });
});
