// An index built from the terms an index worker packs (packed-terms.ts) must be the index built from the texts:
// same snapshot bytes (chunk order, terms, postings, field lengths, averages to the bit) and the same term order.
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../../src/core/index/lexical-index';
import { fieldTerms } from '../../../src/core/index/lexical-terms';
import { TermDictionary, TermPacker } from '../../../src/core/index/packed-terms';
import { tokenize } from '../../../src/core/index/text-analysis';
import { WordIds } from '../../../src/core/index/word-ids';
import type { LexicalDoc } from '../../../src/core/types';

const TEXTS = [
  'The cost of attention grows with the length of the context; the context is the cost.',
  'processFrontMatter reads app.vault.getFiles() and the front matter of a note x 3 a',
  "Don't stop: it's the user's call. A a A b c d e — I/O, x86_64 and snake_case_names.",
  'Энергия и ёлка: докер (Docker) считает токены, токены считает докер.',
  '',
  'the and of a an to in is it',
  'Attention attention ATTENTION attending attended — stems meet, raw tokens differ.',
];

const docOf = (i: number, text: string): LexicalDoc => ({
  id: `c${i}`,
  title: `Note ${i % 3}`,
  aliases: i % 2 === 0 ? 'alias one, Alias Two' : '',
  headings: `Part ${i} > Section`,
  path: i % 2 === 0 ? 'Folder Sub' : '',
  text,
});

/** The texts' terms as the pool delivers them: packed in batches by one worker, unpacked by its dictionary. */
function throughPool(texts: readonly string[], batch: number) {
  const packer = new TermPacker();
  const dict = new TermDictionary();
  const out = [];
  for (let i = 0; i < texts.length; i += batch) {
    for (const t of texts.slice(i, i + batch)) packer.add(tokenize(t));
    out.push(...dict.unpack(structuredClone(packer.pack())));
  }
  return out;
}

describe('packed terms', () => {
  it('unpack to the analysis of each text (length, terms in order, frequencies)', () => {
    const got = throughPool(TEXTS, 3);
    expect(got).toHaveLength(TEXTS.length);
    got.forEach((f, i) => {
      const want = fieldTerms(TEXTS[i]!);
      expect([f.length, [...f.terms], [...Array.from(f.tfs)]]).toEqual([want.length, want.terms, want.tfs]);
    });
  });

  it('build the same index as the texts: snapshot bytes and term order equal', () => {
    const texts = [...TEXTS, ...TEXTS.map((t) => t.toUpperCase()), ...TEXTS];
    const fromText = new LexicalIndex();
    texts.forEach((t, i) => fromText.add(docOf(i, t)));
    const fromWorker = new LexicalIndex();
    const terms = throughPool(texts, 4);
    texts.forEach((t, i) => fromWorker.add(docOf(i, t), terms[i]));
    expect(Buffer.from(fromWorker.toSnapshot()).equals(Buffer.from(fromText.toSnapshot()))).toBe(true);
    expect([...fromWorker.terms()]).toEqual([...fromText.terms()]);
    // The bulk build from the same terms (the engine's first build: lexical-state.ts) is the same index too.
    const bulk = new LexicalIndex();
    bulk.addBulk((visit) => texts.forEach((t, i) => visit(docOf(i, t), terms[i])));
    expect(Buffer.from(bulk.toSnapshot()).equals(Buffer.from(fromText.toSnapshot()))).toBe(true);
    expect([...bulk.terms()]).toEqual([...fromText.terms()]);
    // A replaced chunk, then a search, go the same way.
    fromText.add(docOf(1, TEXTS[0]!));
    fromWorker.add(docOf(1, TEXTS[0]!), throughPool([TEXTS[0]!], 1)[0]);
    expect(fromWorker.search('attention context docker', 5)).toEqual(fromText.search('attention context docker', 5));
    expect(Buffer.from(fromWorker.toSnapshot()).equals(Buffer.from(fromText.toSnapshot()))).toBe(true);
  });

  it('unpack the same whoever numbers the tokens: a shared numbering, one that forgets between texts', () => {
    const texts = [...TEXTS, ...TEXTS.map((t) => t.toUpperCase()), ...TEXTS];
    const want = throughPool(texts, 3).map((f) => [f.length, [...f.terms], Array.from(f.tfs)]);
    for (const limit of [1_000_000, 7, 1]) {
      const words = new WordIds(limit);
      const packer = new TermPacker(words);
      const dict = new TermDictionary();
      const got = [];
      for (let i = 0; i < texts.length; i += 3) {
        texts.slice(i, i + 3).forEach((t, k) => {
          // The index worker numbers the text once (for the embedder too); add() numbers tokens itself.
          if (k % 2 === 0) packer.addIds(words.idsOfText(t));
          else packer.add(tokenize(t));
        });
        got.push(...dict.unpack(structuredClone(packer.pack())));
      }
      expect(got.map((f) => [f.length, [...f.terms], Array.from(f.tfs)])).toEqual(want);
      if (limit === 1) expect(words.epoch).toBeGreaterThan(5);
    }
  });

  it('send each term once, and keep numbering across a discarded batch', () => {
    const packer = new TermPacker();
    const dict = new TermDictionary();
    packer.add(tokenize('tomato garden'));
    const first = packer.pack();
    expect(first.fresh.split(' ').sort()).toEqual(['garden', 'tomato']);
    packer.add(tokenize('tomato soil'));
    // A batch that failed half-way: its texts are dropped, its new terms travel with the next batch.
    packer.discard();
    packer.add(tokenize('soil tomato tomato'));
    const second = packer.pack();
    expect(second.fresh).toBe('soil');
    dict.unpack(first);
    const [f] = dict.unpack(second);
    expect([[...f!.terms], Array.from(f!.tfs)]).toEqual([
      ['soil', 'tomato'],
      [1, 2],
    ]);
    expect(() => new TermDictionary().unpack(second)).toThrow(/unknown term number/);
  });
});
