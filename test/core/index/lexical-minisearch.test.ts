// The lexical index against MiniSearch 7 (the implementation it replaced, kept as a dev dependency for this
// oracle only): same chunks, same tokenizer and stemming, MiniSearch's own OR search with our boosts, term weights
// and coordination. Hits, scores (to rounding: MiniSearch adds the terms in another order) and matched terms must
// agree, on the example vault, a generated vault, and after adds, removes and re-adds — and through a snapshot.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEXICAL, LexicalIndex } from '../../../src/core/index/lexical-index';
import { lexicalDocOf } from '../../../src/core/index/lexical-doc';
import { isStopWord, stem, tokenize } from '../../../src/core/index/text-analysis';
import { prepareNote } from '../../../src/core/markdown/prepare-note';
import { generateQuestions, generateScaleVault } from '../../../src/bench/scale-vault';
import type { LexicalDoc, LexicalHit } from '../../../src/core/types';

const FIELDS = ['title', 'aliases', 'headings', 'path', 'text'] as const;
const processTerm = (t: string): string | null => (isStopWord(t) ? null : stem(t));

/** MiniSearch configured as the old LexicalIndex configured it. */
function miniSearch(docs: readonly LexicalDoc[]): MiniSearch<LexicalDoc> {
  const ms = new MiniSearch<LexicalDoc>({
    idField: 'id',
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text) => tokenize(text),
    processTerm,
  });
  for (const d of docs) ms.add({ ...d, path: d.path ?? '' });
  return ms;
}

/** The old LexicalIndex's reference search (MiniSearch's OR query, weights and coordination applied). */
function reference(ms: MiniSearch<LexicalDoc>, query: string, k: number, expansions = new Map<string, number>()) {
  const wordOf = new Map<string, string>();
  for (const t of tokenize(query)) {
    const term = processTerm(t);
    if (term !== null && !wordOf.has(term)) wordOf.set(term, t);
  }
  const extra = new Map<string, number>();
  for (const [word, weight] of expansions) {
    for (const t of tokenize(word)) {
      const term = processTerm(t);
      if (term !== null && !wordOf.has(term) && !extra.has(term)) extra.set(term, weight);
    }
  }
  if (wordOf.size === 0 && extra.size === 0) return [];
  const extraTokens = new Set<string>();
  for (const word of expansions.keys()) for (const t of tokenize(word)) extraTokens.add(t);
  const tokens = [...wordOf.values(), ...[...extraTokens].filter((t) => extra.has(processTerm(t) ?? ''))];
  const options: SearchOptions = {
    tokenize: () => [...tokens],
    fields: [...FIELDS],
    boost: { ...DEFAULT_LEXICAL.boost },
    combineWith: 'OR',
    boostTerm: (term) => extra.get(term) ?? 1,
    bm25: { ...DEFAULT_LEXICAL.bm25 },
  };
  return ms
    .search(query, options)
    .map((r) => ({
      id: r.id as string,
      score: (r.score / Math.max(1, r.queryTerms.length)) * r.queryTerms.reduce((s, t) => s + (extra.get(t) ?? 1), 0),
      terms: r.queryTerms.map((t) => wordOf.get(t) ?? t),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** Same hits in the same order (chunks whose scores tie to rounding may swap), same scores and matched terms. */
function expectSame(ours: LexicalHit[], theirs: LexicalHit[]): void {
  expect(ours.length).toBe(theirs.length);
  const byId = new Map(theirs.map((h) => [h.id, h]));
  ours.forEach((h, i) => {
    expect(h.score).toBeCloseTo(theirs[i]!.score, 9);
    const other = byId.get(h.id);
    if (other) {
      expect(h.score).toBeCloseTo(other.score, 9);
      expect([...h.terms].sort()).toEqual([...other.terms].sort());
    } else expect(Math.abs(h.score - theirs[theirs.length - 1]!.score)).toBeLessThan(1e-9); // a tie at the cut
  });
}

function vaultDocs(root: string): LexicalDoc[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.md')) files.push(p);
    }
  };
  walk(root);
  return files.flatMap((f) => {
    const p = prepareNote(relative(root, f), readFileSync(f, 'utf8'));
    return p.chunks.map((c) => lexicalDocOf(c, p.parsed.aliases));
  });
}

const example = vaultDocs(join(__dirname, '../../../examples/vault'));
const generated = generateScaleVault({ notes: 150, seed: 11 });
const generatedDocs = generated.flatMap((n) =>
  n.text.split(/\n\n+/).map((text, i) => ({
    id: `${n.path}#${i}`,
    title: n.path.replace(/\.md$/, ''),
    aliases: i % 7 === 0 ? 'alias words' : '',
    headings: text.startsWith('#') ? text.split('\n')[0]! : '',
    path: n.path.includes('/') ? n.path.slice(0, n.path.lastIndexOf('/')) : '',
    text,
  })),
);
const questions = [
  ...generateQuestions(generated, 30, 11).map((q) => q.question),
  'How does the context window limit cost?',
  'заметки о поиске',
  'the the and of',
  'energy tokens attention attention',
];

function build(docs: readonly LexicalDoc[]): LexicalIndex {
  const idx = new LexicalIndex();
  for (const d of docs) idx.add(d);
  return idx;
}

describe('LexicalIndex equals the MiniSearch index it replaced', () => {
  for (const [name, docs] of [
    ['the example vault', example],
    ['a generated vault', generatedDocs],
  ] as const) {
    it(`on ${name}: top-k, exhaustive scoring, expansion words and frequencies`, () => {
      expect(docs.length).toBeGreaterThan(100);
      const ours = build(docs);
      const ms = miniSearch(docs);
      const expansions = new Map([
        ['ocean', 0.5],
        ['index indexing', 0.3],
        ['energy', 0.7],
      ]);
      for (const q of questions) {
        for (const k of [1, 10, 100]) {
          expectSame(ours.search(q, k), reference(ms, q, k));
          expectSame(ours.search(q, k, { exhaustive: true }), reference(ms, q, k));
          expectSame(ours.search(q, k, { expansions }), reference(ms, q, k, expansions));
        }
      }
      const msTerms = [...(ms as unknown as { _index: { keys(): Iterable<string> } })._index.keys()];
      expect([...ours.terms()].sort()).toEqual(msTerms.sort());
    });
  }

  it('after removes, replacements and re-adds, and through a snapshot', async () => {
    const docs = generatedDocs;
    const ours = build(docs);
    const ms = miniSearch(docs);
    // Remove a third, replace a tenth with other text, re-add some removed ones (new numbers, new order).
    docs.forEach((d, i) => {
      if (i % 3 === 0) {
        ours.remove(d.id);
        ms.discard(d.id);
      } else if (i % 10 === 1) {
        const changed = { ...d, text: `${d.text} replaced with ocean words` };
        ours.add(changed);
        ms.replace({ ...changed, path: changed.path ?? '' });
      }
    });
    docs.forEach((d, i) => {
      if (i % 9 === 0) {
        ours.add(d);
        ms.add({ ...d, path: d.path ?? '' });
      }
    });
    expect(ours.size()).toBe(ms.documentCount);
    // MiniSearch counts discarded chunks in document frequencies until its vacuum; the old index (and this one)
    // never did, so compare with a vacuumed MiniSearch (same running field-length averages: vacuum keeps them).
    await ms.vacuum();
    const loaded = LexicalIndex.fromSnapshot(ours.toSnapshot());
    for (const q of questions) {
      const want = reference(ms, q, 50);
      expectSame(ours.search(q, 50), want);
      expect(loaded.search(q, 50)).toEqual(ours.search(q, 50));
    }
    for (const w of ['ocean', 'note', 'see', 'replac']) {
      const postings = (ms as unknown as { _index: { get(t: string): Map<number, Map<number, number>> | undefined } })
        ._index;
      const ids = (ms as unknown as { _documentIds: Map<number, string> })._documentIds;
      const live = [...(postings.get(stem(w))?.get(4)?.keys() ?? [])].filter((s) => ids.has(s)).length;
      expect(ours.textFrequency(stem(w))).toBe(live);
      expect(loaded.textFrequency(stem(w))).toBe(live);
    }
  });
});
