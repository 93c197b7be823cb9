import { describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

const passages = [
  'Fonts: headings use a serif font, body text a sans-serif font.',
  'The GPG signing key lives on a hardware token in the office safe.',
  'Run the test suite and update the changelog before each release.',
  'Заметки хранятся в папке хранилища и ищутся без интернета.',
];

describe('LocalEmbedder', () => {
  it('gives unit vectors of the fingerprint size, and the same vector for the same passage', async () => {
    const e = new LocalEmbedder();
    expect(e.fingerprint).toMatchObject({ dims: 512, normalized: true, version: 3 });
    const [a, b] = await e.embed([passages[0]!, passages[0]!], 'passage');
    expect(a!.length).toBe(512);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect([...a!]).toEqual([...b!]);
    expect(new LocalEmbedder({ synsetWeight: 0.3 }).fingerprint.model).not.toBe(e.fingerprint.model);
  });

  it('bridges different words through WordNet ("typeface" is nearest the note about fonts)', async () => {
    // Wide vectors: with only four passages, hash collisions would otherwise be as large as the real overlap.
    const e = new LocalEmbedder({ dims: 4096 });
    e.fitQueryWeights(passages);
    const [q] = await e.embed(['Which typeface for titles?'], 'query');
    const ps = await e.embed(passages, 'passage');
    const scores = ps.map((p) => dot(q!, p));
    expect(scores.indexOf(Math.max(...scores))).toBe(0);
    // Without synsets the question and the fonts passage share no feature at all.
    const plain = new LocalEmbedder({ synsetWeight: 0, hypernymWeight: 0 });
    const f = plain.features('Which typeface for titles?', 'query');
    const p = plain.features(passages[0]!, 'passage');
    expect([...f.keys()].filter((k) => p.has(k))).toEqual([]);
  });

  it('weights a word by its likely senses: "add" brings the verb sense, not the disorder', async () => {
    const e = new LocalEmbedder();
    await e.init();
    const feats = [...e.features('add', 'passage').keys()].filter((k) => k.startsWith('s:'));
    expect(feats.some((k) => k.startsWith('s:v'))).toBe(true);
    expect(feats.some((k) => k.startsWith('s:n'))).toBe(false);
  });

  it('handles Russian through stems and character n-grams', async () => {
    const e = new LocalEmbedder();
    e.fitQueryWeights(passages);
    const [q] = await e.embed(['где хранится заметка'], 'query');
    const ps = await e.embed(passages, 'passage');
    const scores = ps.map((p) => dot(q!, p));
    expect(scores.indexOf(Math.max(...scores))).toBe(3);
  });

  it('fitting query weights changes query vectors only, never passage vectors', async () => {
    const e = new LocalEmbedder();
    const before = await e.embed(passages, 'passage');
    const q0 = (await e.embed(['signing key changelog'], 'query'))[0]!;
    e.fitQueryWeights(passages);
    const after = await e.embed(passages, 'passage');
    const q1 = (await e.embed(['signing key changelog'], 'query'))[0]!;
    after.forEach((v, i) => expect([...v]).toEqual([...before[i]!]));
    expect([...q1]).not.toEqual([...q0]);
    // A rare word weighs more in a question than a common one.
    const f = e.features('signing release the', 'query');
    expect(f.get('w:sign')).toBeGreaterThan(0);
    e.setTermWeights(null);
    expect([...(await e.embed(['signing key changelog'], 'query'))[0]!]).toEqual([...q0]);
  });

  it('embeds a passage as the hashed sum of its features (the cached indexing path adds nothing else)', async () => {
    const e = new LocalEmbedder();
    await e.init();
    const fnv = (s: string): number => {
      let h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };
    for (const text of [...passages, 'Add-ons and plugins: adding typefaces to the add-on settings.']) {
      const expected = new Float64Array(512);
      for (const [f, w] of e.features(text, 'passage')) expected[fnv(f) % 512]! += (fnv(`±${f}`) & 1) === 0 ? w : -w;
      const norm = Math.hypot(...expected);
      // Twice: the second time every word comes from the per-word caches.
      for (let round = 0; round < 2; round++) {
        const [v] = await e.embed([text], 'passage');
        v!.forEach((x, i) => expect(x).toBeCloseTo(expected[i]! / norm, 6));
      }
    }
  });

  it('lists distinct stems without stop words', () => {
    expect([...new LocalEmbedder().stems('The indexes and the indexing of an index')]).toEqual(['index']);
  });
});
