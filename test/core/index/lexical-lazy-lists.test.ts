import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../../src/core/index/lexical-index';
import { stem } from '../../../src/core/index/text-analysis';
import { expandQuery, vocabularyFrom } from '../../../src/core/retrieval/query-expansion';
import { generateQuestions, generateScaleVault } from '../../../src/bench/scale-vault';

// A snapshot's posting lists are decoded when first read (lexical-snapshot.ts): a loaded index must answer exactly
// as the index it was saved from, whatever was read, removed or added before a list was first decoded.
const notes = generateScaleVault({ notes: 80, seed: 11 });
const chunks = notes.flatMap((n) =>
  n.text
    .split(/\n\n+/)
    .map((text, i) => ({ id: `${n.path}#${i}`, title: n.path.replace(/\.md$/, ''), aliases: '', headings: '', text })),
);
const questions = generateQuestions(notes, 30, 11).map((q) => q.question);

function build(docs: typeof chunks): LexicalIndex {
  const idx = new LexicalIndex();
  for (const d of docs) idx.add(d);
  return idx;
}

describe('lexical snapshot lists decoded on first read', () => {
  const eager = build(chunks);
  const snapshot = eager.toSnapshot();

  it('give the results of the saved index bit for bit: hits, scores, terms and frequencies', () => {
    const lazy = LexicalIndex.fromSnapshot(snapshot);
    const vocab = vocabularyFrom((w) => eager.documentFrequency(w), eager.size());
    for (const q of questions) {
      const expansions = expandQuery(q, 0.7, vocab);
      for (const k of [1, 10, 100]) {
        expect(lazy.search(q, k)).toEqual(eager.search(q, k));
        expect(lazy.search(q, k, { expansions, exhaustive: true })).toEqual(
          eager.search(q, k, { expansions, exhaustive: true }),
        );
      }
    }
    for (const w of ['note', 'see', 'overview', 'zzz-none'])
      expect(lazy.documentFrequency(w)).toBe(eager.documentFrequency(w));
    // Reading every list through a save gives the same bytes.
    expect(Buffer.from(lazy.toSnapshot()).equals(Buffer.from(snapshot))).toBe(true);
  });

  it('drop chunks removed before their lists were first read, and take chunks added meanwhile', () => {
    const lazy = LexicalIndex.fromSnapshot(snapshot);
    const fresh = build(chunks.filter((_, i) => i % 3 !== 0));
    const edited = build(chunks);
    lazy.search(questions[0]!, 10); // a few lists decoded before the removals, the rest after
    for (const [i, c] of chunks.entries()) {
      if (i % 3 !== 0) continue;
      lazy.remove(c.id);
      edited.remove(c.id);
    }
    const added = { id: 'new#0', title: 'New', aliases: '', headings: '', text: 'A fresh zebra note about bread.' };
    for (const i of [lazy, edited, fresh]) i.add(added);
    for (const q of [...questions, 'zebra bread']) expect(lazy.search(q, 20)).toEqual(edited.search(q, 20));
    for (const w of ['note', 'zebra', 'bread']) expect(lazy.textFrequency(stem(w))).toBe(fresh.textFrequency(stem(w)));
    expect(lazy.search('zebra', 5).map((h) => h.id)).toEqual(['new#0']);
  });

  it('remove chunks by their snapshot number and take fresh chunks without lookups, as by id', () => {
    const lazy = LexicalIndex.fromSnapshot(snapshot);
    const byId = build(chunks);
    const ids = lazy.snapshotIds();
    expect(ids).toEqual(chunks.map((c) => c.id));
    for (let n = 0; n < ids.length; n += 5) {
      lazy.removeSnapshotChunk(n);
      byId.remove(ids[n]!);
    }
    lazy.removeSnapshotChunk(0); // already gone: nothing
    const fresh = chunks.filter((_, i) => i % 5 === 0).map((c) => ({ ...c, id: `${c.id}+`, text: `${c.text} zebra` }));
    for (const d of fresh) {
      lazy.add(d, undefined, { fresh: true });
      byId.add(d);
    }
    expect(lazy.size()).toBe(byId.size());
    for (const q of [...questions, 'zebra']) expect(lazy.search(q, 20)).toEqual(byId.search(q, 20));
    // Lookups by id still work afterwards (the id map is built on first need).
    expect(lazy.has(ids[1]!)).toBe(true);
    expect(lazy.has(ids[0]!)).toBe(false);
    expect(lazy.has(fresh[0]!.id)).toBe(true);
    lazy.remove(ids[1]!);
    byId.remove(ids[1]!);
    expect(lazy.search(questions[3]!, 20)).toEqual(byId.search(questions[3]!, 20));
    expect(() => lazy.add(fresh[1]!)).not.toThrow(); // a replacement, as add() without fresh always was
  });

  it('refuse a damaged list when it is first read, with a typed error', () => {
    // The last bytes are postings of the last lists: corrupting one makes a varint run past its list.
    const bad = snapshot.slice();
    for (let i = bad.length - 12; i < bad.length; i++) bad[i] = 0xff;
    const idx = LexicalIndex.fromSnapshot(bad);
    const read = () => {
      for (const t of idx.terms()) idx.textFrequency(t);
      for (const t of idx.terms()) idx.documentFrequency(t);
    };
    expect(read).toThrow(/^lexical-snapshot: corrupt snapshot/);
  });
});
