import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../../src/core/index/lexical-index';
import { stem } from '../../../src/core/index/text-analysis';
import { expandQuery, vocabularyFrom } from '../../../src/core/retrieval/query-expansion';
import { generateQuestions, generateScaleVault } from '../../../src/bench/scale-vault';
import type { LexicalHit } from '../../../src/core/types';

// A generated vault (the scale benchmark's generator) cut into paragraph "chunks": enough documents that common
// and rare terms behave as in a real vault, and the early termination actually stops early.
const notes = generateScaleVault({ notes: 120, seed: 7 });
const chunks = notes.flatMap((n) =>
  n.text
    .split(/\n\n+/)
    .map((text, i) => ({ id: `${n.path}#${i}`, title: n.path.replace(/\.md$/, ''), aliases: '', headings: '', text })),
);
const questions = generateQuestions(notes, 40, 7).map((q) => q.question);

function build(docs: typeof chunks): LexicalIndex {
  const idx = new LexicalIndex();
  for (const d of docs) idx.add(d);
  return idx;
}

/** Same ids in the same order, except that chunks with equal scores (to rounding) may swap. */
function expectSameRanking(a: LexicalHit[], b: LexicalHit[]): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(a[i]!.score).toBeCloseTo(b[i]!.score, 9);
    if (a[i]!.id !== b[i]!.id) expect(Math.abs(a[i]!.score - b[i]!.score)).toBeLessThan(1e-9);
  }
  const strict = (hits: LexicalHit[]) =>
    hits.filter((h, i) => !hits.some((o, j) => j !== i && Math.abs(o.score - h.score) < 1e-9));
  expect(strict(a).map((h) => h.id)).toEqual(strict(b).map((h) => h.id));
}

describe('LexicalIndex top-k search', () => {
  const idx = build(chunks);

  it('returns what scoring and sorting every match returns, with and without expansion words', () => {
    expect(chunks.length).toBeGreaterThan(800);
    const vocab = vocabularyFrom((w) => idx.documentFrequency(w), idx.size());
    for (const q of questions) {
      for (const k of [1, 10, 100]) {
        expectSameRanking(idx.search(q, k), idx.search(q, k, { exhaustive: true }));
        const expansions = expandQuery(q, 0.7, vocab);
        const top = idx.search(q, k, { expansions });
        const all = idx.search(q, k, { expansions, exhaustive: true });
        expectSameRanking(top, all);
        expect(top.map((h) => h.terms)).toEqual(all.map((h) => h.terms));
      }
    }
  });

  it('gives the exhaustive scores bit for bit, also when chunks in play are pruned after the early exit', () => {
    const vocab = vocabularyFrom((w) => idx.documentFrequency(w), idx.size());
    for (const q of questions) {
      const expansions = expandQuery(q, 0.7, vocab);
      for (const k of [1, 3, 10, 100]) {
        const top = idx.search(q, k, { expansions });
        const all = idx.search(q, k, { expansions, exhaustive: true });
        expect(top).toEqual(all);
      }
    }
  });

  it('answers a question the same whatever was asked before, in this index or a larger one', () => {
    // The accumulators are reused between questions: nothing of an earlier question may leak into a later one.
    const fresh = questions.map((q) => idx.search(q, 10));
    const big = build(chunks.concat(chunks.map((c) => ({ ...c, id: `${c.id}-copy` }))));
    for (const q of [...questions].reverse()) big.search(q, 50, { exhaustive: true });
    for (let i = questions.length - 1; i >= 0; i--) {
      big.search(questions[(i + 7) % questions.length]!, 100);
      expect(idx.search(questions[i]!, 10)).toEqual(fresh[i]);
    }
  });

  it('counts a question word twice in the query as MiniSearch does, and common words still score', () => {
    const q = 'the note about the note and notes';
    expectSameRanking(idx.search(q, 20), idx.search(q, 20, { exhaustive: true }));
  });

  it('after removals scores exactly as an index built without the removed chunks', () => {
    const removed = new Set(chunks.filter((_, i) => i % 3 === 0).map((c) => c.id));
    const edited = build(chunks);
    for (const id of removed) edited.remove(id);
    const fresh = build(chunks.filter((c) => !removed.has(c.id)));
    for (const q of questions.slice(0, 15)) expectSameRanking(edited.search(q, 50), fresh.search(q, 50));
    // Document frequencies too (before MiniSearch's vacuum has cleaned the postings).
    for (const w of [
      'note',
      'see',
      ...questions[0]!
        .toLowerCase()
        .split(/\W+/)
        .filter((x) => x.length > 3),
    ]) {
      expect(edited.textFrequency(stem(w))).toBe(fresh.textFrequency(stem(w)));
    }
  });

  it('equals full scoring without coordination and with other field boosts', () => {
    const other = new LexicalIndex({
      coordination: false,
      boost: { title: 3, aliases: 2, headings: 1.5, path: 0, text: 1 },
    });
    for (const d of chunks) other.add(d);
    for (const q of questions.slice(0, 15))
      expectSameRanking(other.search(q, 30), other.search(q, 30, { exhaustive: true }));
  });

  it('stays exact after most chunks are removed', () => {
    const edited = build(chunks);
    const removed = chunks.filter((_, i) => i % 4 !== 0);
    for (const c of removed) edited.remove(c.id);
    const fresh = build(chunks.filter((_, i) => i % 4 === 0));
    const q = questions[2]!;
    expectSameRanking(edited.search(q, 40), fresh.search(q, 40));
    for (const w of ['note', 'see']) expect(edited.textFrequency(stem(w))).toBe(fresh.textFrequency(stem(w)));
  });

  it('keeps exact frequencies through a save and load with removed chunks', () => {
    const edited = build(chunks);
    for (const c of chunks.slice(0, 40)) edited.remove(c.id);
    const loaded = LexicalIndex.fromSnapshot(edited.toSnapshot());
    const fresh = build(chunks.slice(40));
    for (const w of ['note', 'see', 'overview'])
      expect(loaded.textFrequency(stem(w))).toBe(fresh.textFrequency(stem(w)));
    expectSameRanking(loaded.search(questions[1]!, 30), fresh.search(questions[1]!, 30));
  });
});
