import { describe, expect, it } from 'vitest';
import { PassageSum, type WordFeatures } from '../../../src/core/embed/passage-sum';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { tokenize } from '../../../src/core/index/text-analysis';

const DIMS = 64;

/** Deterministic features of a word: its stem's and one per letter, signed slots, uneven weights. */
function features(word: string, stem: string): WordFeatures {
  const slots: number[] = [];
  const weights: number[] = [];
  const add = (key: string, w: number): void => {
    let h = 7;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 1_000_003;
    slots.push((h % 2 === 0 ? 1 : -1) * (1 + (h % DIMS)));
    weights.push(w);
  };
  add(`w:${stem}`, 1);
  for (const c of word) add(`c:${c}`, 0.1 + (c.charCodeAt(0) % 7) / 10);
  return { slots, weights };
}

const TEXTS = [
  'The indexing of notes indexes every note; the index holds the notes.',
  'processFrontMatter reads app.vault.getFiles and the front matter, twice: front matter.',
  'Энергия и ёлка: докер считает токены, токены считает докер.',
  'a b c the of and',
  'attention attending attended attentive attention',
  '',
];

function sums(wordLimit: number, limit: number, texts: readonly string[]): number[][] {
  const p = new PassageSum(features, wordLimit, limit);
  return texts.map((t) => {
    const acc = new Float64Array(DIMS);
    p.add(p.words.idsOfText(t), acc);
    return Array.from(acc);
  });
}

describe('PassageSum', () => {
  it('sums the same vectors whatever its caches forget, even in the middle of a passage', () => {
    const texts = [...TEXTS, ...TEXTS, TEXTS.join(' '), ...TEXTS];
    const roomy = sums(1_000_000, 1_000_000, texts);
    // Word numbers forgotten between texts, and word features dropped every few words (within passages).
    expect(sums(5, 3, texts)).toEqual(roomy);
    expect(sums(1, 1, texts)).toEqual(roomy);
    expect(sums(1_000_000, 2, texts)).toEqual(roomy);
  });

  it('adds (1 + ln tf) × each feature of the first word of each stem, by the sign of its slot', () => {
    const p = new PassageSum(features, 100, 100);
    const acc = new Float64Array(DIMS);
    const text = 'notes note indexes';
    p.add(p.words.idsOfText(text), acc);
    const want = new Float64Array(DIMS);
    // "notes" and "note" share the stem "note" (tf 2, first word "notes"); "indexes" stems to "index".
    for (const [word, stem, tf] of [
      ['notes', 'note', 2],
      ['indexes', 'index', 1],
    ] as const) {
      const f = features(word, stem);
      f.slots.forEach((s, i) => {
        if (s > 0) want[s - 1]! += (1 + Math.log(tf)) * f.weights[i]!;
        else want[-s - 1]! -= (1 + Math.log(tf)) * f.weights[i]!;
      });
    }
    expect(Array.from(acc)).toEqual(Array.from(want));
  });

  it('is what the local embedder embeds a passage with, from text or from numbered tokens', async () => {
    const e = new LocalEmbedder({ dims: 256 });
    await e.init();
    const [fromText] = await e.embed([TEXTS[1]!], 'passage');
    expect(Array.from(e.embedPassageIds(e.words.idsOfText(TEXTS[1]!)))).toEqual(Array.from(fromText!));
    expect(Array.from(e.embedPassageTokens(tokenize(TEXTS[1]!)))).toEqual(Array.from(fromText!));
  });
});
