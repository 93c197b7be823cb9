import { describe, expect, it } from 'vitest';
import { DEFAULT_LEXICAL, LexicalIndex } from '../../../src/core/index/lexical-index';
import type { LexicalDoc } from '../../../src/core/types';

const doc = (id: string, fields: Partial<Omit<LexicalDoc, 'id'>> = {}): LexicalDoc => ({
  id,
  title: '',
  aliases: '',
  headings: '',
  text: '',
  ...fields,
});

/** A few unrelated chunks so that BM25's idf behaves as in a real vault. */
function withFiller(idx: LexicalIndex): LexicalIndex {
  const filler = [
    'Daily note with a shopping list and some reminders about the weekend.',
    'Meeting notes: budget review, hiring plan and the next quarter roadmap.',
    'A recipe for bread: flour, water, salt, yeast and patience.',
    'Reading list: books about history, physics and gardening.',
  ];
  filler.forEach((text, i) => idx.add(doc(`filler-${i}`, { title: `Misc ${i}`, text })));
  return idx;
}

describe('LexicalIndex', () => {
  it('has the measured defaults: flat boosts, BM25+ with coordination', () => {
    expect(DEFAULT_LEXICAL).toEqual({
      boost: { title: 1.2, aliases: 1.2, headings: 1.2, path: 0.3, text: 1 },
      bm25: { k: 1.2, b: 0.7, d: 0.5 },
      coordination: true,
    });
  });

  it('ranks a title match above a body match, and a heading match above a body match', () => {
    const boosted = { boost: { title: 3, aliases: 3, headings: 2, path: 1, text: 1 } };
    const idx = withFiller(new LexicalIndex(boosted));
    idx.add(doc('body', { title: 'Garden log', text: 'We also planted tomatoes near the fence this spring.' }));
    idx.add(doc('title', { title: 'Tomatoes', text: 'Watering schedule and varieties that grew well.' }));
    idx.add(doc('heading', { title: 'Kitchen', headings: 'Tomatoes', text: 'Sauce from the harvest.' }));
    const hits = idx.search('tomatoes', 10);
    expect(hits.map((h) => h.id)).toEqual(['title', 'heading', 'body']);
    expect(hits[0]!.terms).toEqual(['tomatoes']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    // With the boosts flattened, the shorter body field decides instead: the boosts are what made the order.
    const flat = withFiller(new LexicalIndex({ boost: { title: 1, aliases: 1, headings: 1, path: 1, text: 5 } }));
    flat.add(doc('body', { title: 'Garden log', text: 'We also planted tomatoes near the fence this spring.' }));
    flat.add(doc('title', { title: 'Tomatoes', text: 'Watering schedule and varieties that grew well.' }));
    expect(flat.search('tomatoes', 1)[0]!.id).toBe('body');
  });

  it('finds camelCase identifiers by their parts and as a whole', () => {
    const idx = withFiller(new LexicalIndex());
    idx.add(
      doc('api', { title: 'Metadata cache', text: 'Call processFrontMatter(file, fn) to edit properties atomically.' }),
    );
    idx.add(doc('other', { title: 'Editor', text: 'The editor shows front and back matter of a book.' }));
    expect(idx.search('processFrontMatter', 5)[0]!.id).toBe('api');
    const parts = idx.search('process front matter', 5);
    expect(parts[0]!.id).toBe('api');
    expect(parts[0]!.terms.sort()).toEqual(['front', 'matter', 'process']);
    expect(idx.search('processfrontmatter', 5).map((h) => h.id)).toEqual(['api']);
  });

  it('matches inflections through stemming, but neither typos nor prefixes', () => {
    const idx = withFiller(new LexicalIndex());
    idx.add(doc('idx', { title: 'Search', text: 'The engine keeps several indexes on disk.' }));
    const hits = idx.search('indexing', 5);
    expect(hits.map((h) => h.id)).toEqual(['idx']);
    expect(hits[0]!.terms).toEqual(['indexing']);
    idx.add(doc('sync', { title: 'Sync', text: 'Synchronization runs every hour.' }));
    expect(idx.search('synchronisation', 5)).toEqual([]);
    expect(idx.search('synchronization', 5).map((h) => h.id)).toEqual(['sync']);
    expect(idx.search('synchro', 5)).toEqual([]);
  });

  it('searches Russian text across inflections, ignoring stop words and ё', () => {
    const idx = withFiller(new LexicalIndex());
    idx.add(doc('ru1', { title: 'Заметки о поиске', text: 'Как быстро найти нужную заметку в хранилище.' }));
    idx.add(doc('ru2', { title: 'Рецепты', text: 'Ещё один рецепт пирога с яблоками.' }));
    expect(idx.search('заметка', 5).map((h) => h.id)).toEqual(['ru1']);
    expect(idx.search('поиск заметок', 5)[0]!.id).toBe('ru1');
    expect(idx.search('еще рецепты', 5)[0]!.id).toBe('ru2');
    expect(idx.search('и в на', 5)).toEqual([]); // only stop words
  });

  it('removes and replaces documents', () => {
    const idx = withFiller(new LexicalIndex());
    idx.add(doc('a', { title: 'Alpha', text: 'kiwi fruit' }));
    idx.add(doc('b', { title: 'Beta', text: 'kiwi bird' }));
    expect(idx.size()).toBe(6);
    idx.remove('a');
    idx.remove('a'); // no-op
    idx.remove('never-there');
    expect(idx.has('a')).toBe(false);
    expect(idx.size()).toBe(5);
    expect(idx.search('kiwi', 5).map((h) => h.id)).toEqual(['b']);
    idx.add(doc('b', { title: 'Beta', text: 'mango smoothie' })); // replace
    expect(idx.size()).toBe(5);
    expect(idx.search('kiwi', 5)).toEqual([]);
    expect(idx.search('mango', 5).map((h) => h.id)).toEqual(['b']);
    idx.add(doc('a', { title: 'Alpha again', text: 'kiwi' }));
    expect(idx.search('kiwi', 5).map((h) => h.id)).toEqual(['a']);
  });

  it('limits results to k and rejects bad input', () => {
    const idx = withFiller(new LexicalIndex());
    for (let i = 0; i < 10; i++) idx.add(doc(`n${i}`, { text: `lantern number ${i}` }));
    expect(idx.search('lantern', 3)).toHaveLength(3);
    expect(idx.search('lantern', 0)).toEqual([]);
    expect(idx.search('', 3)).toEqual([]);
    expect(() => idx.search('lantern', -1)).toThrow(/^lexical-index: k/);
    expect(() => idx.add(doc(''))).toThrow(/^lexical-index: doc needs/);
    expect(() => idx.add({ ...doc('x'), text: 5 as unknown as string })).toThrow(/^lexical-index: doc x: field text/);
    expect(() => new LexicalIndex({ boost: { ...DEFAULT_LEXICAL.boost, text: -1 } })).toThrow(/^lexical-index: boost/);
    expect(idx.size()).toBe(14);
  });

  it('round-trips through its snapshot with identical results, and stays writable', () => {
    const idx = withFiller(new LexicalIndex());
    idx.add(doc('a', { title: 'Vault settings', text: 'Sync and backup of the vault.' }));
    idx.add(doc('b', { title: 'Backups', headings: 'Restore', text: 'Restore a backup from the archive.' }));
    const restored = LexicalIndex.fromSnapshot(idx.toSnapshot());
    expect(restored.size()).toBe(idx.size());
    expect([...restored.terms()].sort()).toEqual([...idx.terms()].sort());
    for (const q of ['backup', 'vault sync', 'restore archive', 'settings', 'синхронизация']) {
      expect(restored.search(q, 10)).toEqual(idx.search(q, 10));
    }
    restored.add(doc('d', { text: 'zebra crossing backup' })); // still writable, new and known terms
    restored.remove('a');
    idx.add(doc('d', { text: 'zebra crossing backup' }));
    idx.remove('a');
    expect(restored.search('zebra', 5).map((h) => h.id)).toEqual(['d']);
    expect(restored.search('vault', 5)).toEqual([]);
    expect(restored.search('backup zebra', 5)).toEqual(idx.search('backup zebra', 5));
    expect(LexicalIndex.fromSnapshot(new LexicalIndex().toSnapshot()).size()).toBe(0);
  });

  it('keeps removals across a round trip, scoring as an index that never held them', () => {
    const idx = withFiller(new LexicalIndex());
    const fresh = withFiller(new LexicalIndex());
    for (const i of [idx, fresh]) {
      i.add(doc('a', { title: 'Vault settings', text: 'Sync and backup of the vault.' }));
      i.add(doc('b', { title: 'Backups', headings: 'Restore', text: 'Restore a backup from the archive.' }));
    }
    idx.add(doc('c', { title: 'Gone', text: 'backup text that is removed' }));
    idx.remove('c');
    const restored = LexicalIndex.fromSnapshot(idx.toSnapshot());
    expect(restored.has('c')).toBe(false);
    expect(restored.size()).toBe(6);
    expect([...restored.terms()]).not.toContain('remov'); // terms only the removed chunk held are dropped
    for (const q of ['backup', 'vault restore', 'text']) {
      expect(restored.search(q, 10)).toEqual(fresh.search(q, 10));
      expect(idx.search(q, 10)).toEqual(fresh.search(q, 10));
    }
  });

  it('refuses foreign, old-format, truncated or inconsistent snapshots with typed errors', () => {
    const good = withFiller(new LexicalIndex()).toSnapshot();
    const load = (b: Uint8Array) => () => LexicalIndex.fromSnapshot(b);
    const oldJson = new TextEncoder().encode('{"format":"overlay-lexical","version":2,"index":{}}');
    expect(load(oldJson)).toThrow(/^lexical-snapshot: not a lexical snapshot/);
    expect(load(new Uint8Array(0))).toThrow(/^lexical-snapshot: not a lexical snapshot/);
    const older = good.slice();
    older[4] = 2; // the format version varint
    expect(load(older)).toThrow(/^lexical-snapshot: format version 2, expected 3/);
    for (let n = 4; n < good.length; n++) expect(load(good.subarray(0, n))).toThrow(/^lexical-/);
    expect(load(Uint8Array.from([...good, 0]))).toThrow(/^lexical-snapshot: corrupt snapshot \(trailing bytes\)/);
    // Every single-byte change past the header either throws or yields an index of the same shape (the store's
    // checksum catches the rest): never an exception of another kind, never an out-of-range chunk.
    for (let i = 5; i < good.length; i++) {
      const bad = good.slice();
      bad[i] = bad[i]! ^ 0x41;
      try {
        const idx = LexicalIndex.fromSnapshot(bad);
        for (const h of idx.search('recipe bread notes list', 10)) expect(typeof h.id).toBe('string');
      } catch (e) {
        expect((e as Error).message).toMatch(/^lexical-/);
      }
    }
  });

  it('with coordination, matching more query words wins; without, a rare word outweighs several common ones', () => {
    const build = (coordination: boolean): LexicalIndex => {
      const idx = withFiller(new LexicalIndex({ coordination }));
      const words = ['plugin', 'settings'];
      for (let i = 0; i < 20; i++) idx.add(doc(`common-${i}`, { text: `A ${words[i % 2]!} number ${i}.` }));
      idx.add(doc('both', { text: 'Every plugin has settings.' }));
      idx.add(doc('rare', { text: 'A heron stands in the pond today.' }));
      return idx;
    };
    expect(build(true).search('plugin settings heron', 3)[0]!.id).toBe('both');
    expect(build(false).search('plugin settings heron', 3)[0]!.id).toBe('rare');
  });

  it('weighs expansion words below the question words, also in the coordination count', () => {
    const idx = withFiller(new LexicalIndex());
    idx.add(doc('font', { text: 'Embed a font in your theme with a data URL.' }));
    idx.add(doc('typeface', { text: 'A typeface for headings.' }));
    expect(idx.search('typeface', 5).map((h) => h.id)).toEqual(['typeface']);
    const hits = idx.search('typeface', 5, { expansions: new Map([['font', 0.4]]) });
    expect(hits.map((h) => h.id)).toEqual(['typeface', 'font']);
    expect(hits[1]!.terms).toEqual(['font']);
    // At full weight the synonym counts like a question word.
    const full = idx.search('typeface', 5, { expansions: new Map([['font', 1]]) });
    expect(full[1]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('reports document frequencies by index term', () => {
    const idx = withFiller(new LexicalIndex());
    idx.add(doc('a', { title: 'Indexes', text: 'An index of notes.' }));
    idx.add(doc('b', { text: 'Indexing runs in the background.' }));
    expect(idx.documentFrequency('indexing')).toBe(2); // "index", "indexes", "indexing" share the stem
    expect(idx.documentFrequency('recipe')).toBe(1);
    expect(idx.documentFrequency('zeppelin')).toBe(0);
    expect(idx.documentFrequency('the')).toBe(0); // stop word
    idx.remove('b');
    expect(idx.documentFrequency('background')).toBe(0); // exact at once
    expect(idx.documentFrequency('indexing')).toBe(1);
    expect(() => new LexicalIndex({ bm25: { k: 1.2, b: 2, d: 0 } })).toThrow(/^lexical-index: bm25/);
  });
});

describe('LexicalIndex terms', () => {
  it('lists the index terms, stemmed', () => {
    const idx = new LexicalIndex();
    idx.add(doc('a', { title: 'Tomatoes', text: 'Sauce' }));
    expect([...idx.terms()]).toEqual(expect.arrayContaining(['tomato', 'sauc']));
  });
});
