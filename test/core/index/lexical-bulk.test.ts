// LexicalIndex.addBulk (the engine's first build of an index) must build exactly the index that adding the same
// docs one by one builds: snapshot bytes, term order, searches; and stay a normal index for edits afterwards.
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../../src/core/index/lexical-index';
import type { FieldTerms } from '../../../src/core/index/lexical-terms';
import { TermDictionary, TermPacker } from '../../../src/core/index/packed-terms';
import { MAX_TF } from '../../../src/core/index/posting-arrays';
import { tokenize } from '../../../src/core/index/text-analysis';
import type { LexicalDoc } from '../../../src/core/types';

const WORDS = 'garden tomato soil docker container kernel attention context cost note vault index query'.split(' ');

/** A seeded doc: text of repeated words (so lists span many chunks), fields varying by i. */
function docOf(i: number): LexicalDoc {
  const text: string[] = [];
  for (let k = 0; k < 5 + (i % 7); k++) text.push(WORDS[(i * 7 + k * k) % WORDS.length]!);
  text.push(`word${i % 11}`, i % 5 === 0 ? 'Энергия докер' : 'plain');
  return {
    id: `c${i}`,
    title: `Note ${i % 4}`,
    aliases: i % 3 === 0 ? 'alias one' : '',
    headings: `Part ${i % 2} > Garden`,
    path: i % 2 === 0 ? 'Folder Sub' : '',
    text: text.join(' '),
  };
}

const DOCS = Array.from({ length: 60 }, (_, i) => docOf(i));

/** Worker-analysed terms for every other doc (the rest are analysed by the index), as the pool delivers them. */
function workerTerms(docs: readonly LexicalDoc[]): (FieldTerms | undefined)[] {
  const packer = new TermPacker();
  const dict = new TermDictionary();
  const sent = docs.filter((_, i) => i % 2 === 0);
  for (const d of sent) packer.add(tokenize(d.text));
  const unpacked = dict.unpack(structuredClone(packer.pack()));
  let k = 0;
  return docs.map((_, i) => (i % 2 === 0 ? unpacked[k++] : undefined));
}

function oneByOne(docs: readonly LexicalDoc[], terms: readonly (FieldTerms | undefined)[] = []): LexicalIndex {
  const index = new LexicalIndex();
  docs.forEach((d, i) => index.add(d, terms[i]));
  return index;
}

function bulk(docs: readonly LexicalDoc[], terms: readonly (FieldTerms | undefined)[] = []): LexicalIndex {
  const index = new LexicalIndex();
  index.addBulk((visit) => docs.forEach((d, i) => visit(d, terms[i])));
  return index;
}

const bytes = (index: LexicalIndex): Buffer => Buffer.from(index.toSnapshot());

describe('lexical bulk build', () => {
  it('equals adding the docs one by one (texts analysed here, and worker terms mixed in)', () => {
    for (const terms of [[], workerTerms(DOCS)]) {
      const a = oneByOne(DOCS, terms);
      const b = bulk(DOCS, terms);
      expect(bytes(b).equals(bytes(a))).toBe(true);
      expect([...b.terms()]).toEqual([...a.terms()]);
      expect(b.size()).toBe(DOCS.length);
      expect(b.snapshotIds()).toEqual(a.snapshotIds());
      for (const q of ['garden tomato', 'docker kernel word3', 'энергия', 'alias folder', 'note 2 context'])
        expect(b.search(q, 10)).toEqual(a.search(q, 10));
      expect(b.documentFrequency('garden')).toBe(a.documentFrequency('garden'));
      expect(b.textFrequency('tomato')).toBe(a.textFrequency('tomato'));
    }
  });

  it('stays an ordinary index for edits: replace, remove, add', () => {
    const a = oneByOne(DOCS);
    const b = bulk(DOCS);
    expect(b.has('c5')).toBe(true);
    for (const index of [a, b]) {
      index.add({ ...docOf(5), text: 'a replaced text about zucchini' });
      index.remove('c8');
      index.add({ ...docOf(99), id: 'c99' });
    }
    expect(b.has('c8')).toBe(false);
    expect(b.search('zucchini', 3)).toEqual(a.search('zucchini', 3));
    expect(b.search('tomato soil', 10)).toEqual(a.search('tomato soil', 10));
    expect(bytes(b).equals(bytes(a))).toBe(true);
    expect(b.version).toBe(a.version);
  });

  it('of no docs is an empty index', () => {
    expect(bytes(bulk([])).equals(bytes(new LexicalIndex()))).toBe(true);
  });

  it('refuses a non-empty index, duplicate ids and a second pass over other docs', () => {
    const index = oneByOne(DOCS.slice(0, 2));
    expect(() => index.addBulk(() => undefined)).toThrow(/lexical-index: addBulk needs an empty index/);
    expect(() => bulk([docOf(1), docOf(1)])).toThrow(/duplicate id c1/);
    let pass = 0;
    expect(() =>
      new LexicalIndex().addBulk((visit) => {
        pass++;
        DOCS.slice(0, pass === 1 ? 3 : 2).forEach((d) => visit(d, undefined));
      }),
    ).toThrow(/lexical-postings: addBulk visits differ/);
    pass = 0;
    expect(() =>
      new LexicalIndex().addBulk((visit) => {
        pass++;
        visit(pass === 1 ? docOf(1) : docOf(2), undefined);
      }),
    ).toThrow(/lexical-postings: addBulk visited other chunks the second time/);
  });

  it('caps a frequency at MAX_TF, built one by one, in bulk and through a snapshot, and ranks such a chunk first', () => {
    const flood: LexicalDoc = { ...docOf(1), id: 'flood', text: 'tomato '.repeat(MAX_TF + 500) };
    const docs = [...DOCS.slice(0, 8), flood];
    const a = oneByOne(docs);
    const b = bulk(docs);
    expect(bytes(b).equals(bytes(a))).toBe(true);
    const loaded = LexicalIndex.fromSnapshot(bytes(b));
    expect(bytes(loaded).equals(bytes(a))).toBe(true);
    for (const index of [a, b, loaded]) expect(index.search('tomato', 3)[0]?.id).toBe('flood');
  });
});
