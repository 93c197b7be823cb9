import { describe, expect, it } from 'vitest';
import { WordIds } from '../../../src/core/index/word-ids';
import { tokenize } from '../../../src/core/index/text-analysis';
import { seededRandom } from '../../../src/core/util/prng';
import { referenceTokenize } from './reference-tokenize';

const TEXTS = [
  'The cost of attention grows with the length of the context; the context is the cost.',
  'processFrontMatter reads app.vault.getFiles() and HTTPServer, x86_64, snake_case_names, a-b.',
  "Don't stop: it's the user's call — I/O… ﬁne ligatures and full-width ＡＢＣ１２３ (NFKC).",
  'Энергия и ёлка: докер (Docker) считает токены, токены считает докер. 中文 text, emoji 😀 e\u0301.',
  `${'x'.repeat(64)} ${'y'.repeat(65)} ${'Zz'.repeat(40)} 1234567 a b c`,
  '',
  '  \n\t ,;: ',
];

describe('tokenize (walked by hand over ASCII)', () => {
  it('cuts the tokens one global WORD search does, on odd texts and on random ones', () => {
    for (const t of TEXTS) expect(tokenize(t)).toEqual(referenceTokenize(t));
    const r = seededRandom(11);
    const bits = [
      'a',
      'b',
      'z',
      '0',
      '9',
      'A',
      'Q',
      ' ',
      "'",
      '’',
      '.',
      '_',
      '-',
      ',',
      '!',
      '\n',
      'é',
      'e\u0301',
      'ё',
      'Д',
      '中',
      '😀',
      '\u00a0',
      '—',
      '²',
      'ﬁ',
      'ＡＢ',
      'x'.repeat(70),
      'the',
      'don',
      's',
      'HTTP',
      'Server',
    ];
    for (let k = 0; k < 3000; k++) {
      let t = '';
      const n = Math.floor(r() * 24);
      for (let j = 0; j < n; j++) t += bits[Math.floor(r() * bits.length)];
      expect(tokenize(t)).toEqual(referenceTokenize(t));
    }
  });
});

describe('WordIds', () => {
  it('numbers a text straight from its characters as ids(tokenize(text)) does', () => {
    const a = new WordIds();
    const b = new WordIds();
    for (const t of [...TEXTS, ...TEXTS]) {
      const viaTokens = Array.from(a.ids(tokenize(t)));
      expect(Array.from(b.idsOfText(t))).toEqual(viaTokens);
      expect(viaTokens.map((id) => a.word(id))).toEqual(tokenize(t));
    }
    expect(b.size).toBe(a.size);
  });

  it('gives a word one number, first seen first', () => {
    const w = new WordIds();
    expect(Array.from(w.ids(['b', 'a', 'b', 'c', 'a']))).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(w.idsOfText('c d b'))).toEqual([2, 3, 0]);
    expect(w.word(3)).toBe('d');
    expect(() => w.word(4)).toThrow(/word-ids/);
  });

  it('holds many words (its table and pool grow)', () => {
    const w = new WordIds();
    const words = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`);
    const ids = Array.from(w.ids(words));
    expect(ids).toEqual(words.map((_, i) => i));
    expect(Array.from(w.idsOfText(words.slice(0, 2000).join(' ')))).toEqual(ids.slice(0, 2000));
  });

  it('forgets every number between texts once past its limit, and says so by its epoch', () => {
    const w = new WordIds(3);
    expect(Array.from(w.ids(['a', 'b', 'c', 'd']))).toEqual([0, 1, 2, 3]);
    expect(w.epoch).toBe(0);
    expect(Array.from(w.ids(['d', 'e']))).toEqual([0, 1]);
    expect(w.epoch).toBe(1);
    expect(w.word(0)).toBe('d');
    expect(() => new WordIds(0)).toThrow(/word-ids/);
  });
});
