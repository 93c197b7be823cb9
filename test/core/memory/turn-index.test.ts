// The index over past turns: related turns found by meaning or by shared words, unrelated ones not; vectors
// quantised for persistence and recomputed when the embedder changes.
import { describe, expect, it } from 'vitest';
import { dequantize, embedderKey, quantize, TurnIndex } from '../../../src/core/memory/turn-index';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { localEmbedder } from './memory-fixture';

const TURNS = [
  'Q: Which pests attack tomato leaves?\nA: Aphids and hornworms attack tomato leaves in midsummer.',
  'Q: What does the borrow checker enforce?\nA: That references never outlive the value they borrow.',
  'Q: How do I get to Kyoto?\nA: Take the shinkansen from Tokyo, about two hours and fifteen minutes.',
  'Q: Why is Mars red?\nA: Iron oxide dust covers its surface.',
];
const SEARCH = { k: 3, minSimilarity: 0.3, minLexicalTerms: 2 };

function filled(): TurnIndex {
  const idx = new TurnIndex();
  TURNS.forEach((t, i) => idx.add(i + 1, t));
  return idx;
}

describe('TurnIndex', () => {
  it('finds the related earlier turn and leaves unrelated ones out', async () => {
    const idx = filled();
    const hits = await idx.search('How can I get rid of hornworms on my tomato plants?', localEmbedder(), SEARCH);
    expect(hits[0]!.turn).toBe(1);
    expect(hits[0]!.similarity).toBeGreaterThanOrEqual(0.3);
    expect(hits.map((h) => h.turn)).not.toContain(3);
    const trains = await idx.search('Is there a fast train to Kyoto from Tokyo?', localEmbedder(), SEARCH);
    expect(trains.map((h) => h.turn)).toEqual([3]);
    expect(trains[0]!.terms).toEqual(expect.arrayContaining(['kyoto', 'tokyo']));
    expect(await idx.search('What is the capital of Australia?', localEmbedder(), SEARCH)).toEqual([]);
    expect(await idx.search('and why?', localEmbedder(), SEARCH)).toEqual([]);
  });

  it('honours exclude and k', async () => {
    const idx = filled();
    const q = 'tomato pests, borrow checker, Kyoto trains and the red colour of Mars';
    const all = await idx.search(q, localEmbedder(), { ...SEARCH, k: 10, minSimilarity: 0, minLexicalTerms: 1 });
    expect(all.map((h) => h.turn).sort()).toEqual([1, 2, 3, 4]);
    const some = await idx.search(q, localEmbedder(), {
      ...SEARCH,
      k: 2,
      minSimilarity: 0,
      minLexicalTerms: 1,
      exclude: new Set([all[0]!.turn]),
    });
    expect(some).toHaveLength(2);
    expect(some.map((h) => h.turn)).not.toContain(all[0]!.turn);
  });

  it('quantises vectors to int8 with little loss and rejects malformed stored ones', async () => {
    const [v] = await localEmbedder().embed([TURNS[0]!], 'passage');
    const text = quantize(v!);
    const back = dequantize(text, v!.length)!;
    let dot = 0;
    let n1 = 0;
    let n2 = 0;
    for (let i = 0; i < v!.length; i++) {
      dot += v![i]! * back[i]!;
      n1 += v![i]! ** 2;
      n2 += back[i]! ** 2;
    }
    expect(dot / Math.sqrt(n1 * n2)).toBeGreaterThan(0.999);
    expect(dequantize(text, v!.length + 1)).toBeNull();
    expect(dequantize('not base64 at all!', v!.length)).toBeNull();
    expect(dequantize(Buffer.alloc(4 + 8).toString('base64'), 8)).toBeNull(); // zero scale
  });

  it('persists vectors of its embedder, skips broken entries and re-embeds after an embedder change', async () => {
    const idx = filled();
    await idx.sync(localEmbedder());
    const stored = idx.exportVectors()!;
    expect(stored.fingerprint).toBe(embedderKey(localEmbedder()));
    expect(Object.keys(stored.vectors)).toEqual(['1', '2', '3', '4']);
    stored.vectors['2'] = 'AAAA';
    const again = filled();
    again.importVectors(stored);
    let embedded = 0;
    const inner = localEmbedder();
    const counting = {
      fingerprint: inner.fingerprint,
      init: () => inner.init(),
      embed: async (t: string[], m: 'query' | 'passage') => {
        if (m === 'passage') embedded += t.length;
        return inner.embed(t, m);
      },
    };
    await again.sync(counting);
    expect(embedded).toBe(1);
    const small = new LocalEmbedder({ dims: 128 });
    const hits = await again.search('hornworms on tomato leaves', small, SEARCH);
    expect(hits[0]!.turn).toBe(1);
    expect(again.exportVectors()!.dims).toBe(128);
    expect(() => again.add(0, 'x')).toThrow(/^turn-index: /);
  });
});
