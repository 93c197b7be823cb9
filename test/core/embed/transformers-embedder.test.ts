import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/core/types';
import { tinyEmbeddingTable, writeTinyModel } from './fixtures/tiny-model';
import { expectClose, TINY_DIMS, useTinyModelFolder } from './fixtures/tiny-model-folder';
import { TransformersEmbedder } from '../../../src/core/embed/transformers-embedder';

const m = useTinyModelFolder();
const { offline, expected } = m;
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a));

describe('TransformersEmbedder on the tiny local model', () => {
  let embedder: TransformersEmbedder;
  const progress: Progress[] = [];

  beforeAll(async () => {
    embedder = offline();
    expect(embedder.fingerprint.dims).toBe(0); // unknown model: size unknown until loaded
    await embedder.init((p) => progress.push(p));
  });
  afterAll(async () => {
    await embedder.dispose();
  });

  it('reports the fingerprint with the dims read from the model', () => {
    expect(embedder.fingerprint).toEqual({
      model: m.modelId,
      dims: TINY_DIMS,
      pooling: 'mean',
      normalized: true,
      version: 1,
    });
  });

  it('reports load progress ending complete, and no download for local files', () => {
    const load = progress.filter((p) => p.phase === 'load');
    expect(load.length).toBeGreaterThanOrEqual(2);
    expect(load[0]).toMatchObject({ done: 0, total: 4 });
    expect(load.at(-1)).toMatchObject({ done: 4, total: 4 });
    expect(progress.some((p) => p.phase === 'download')).toBe(false);
  });

  it('returns unit vectors of the model size, exactly the mean-pooled table rows', async () => {
    const [cat, sentence] = await embedder.embed(['cat', 'The cat and the dog!'], 'passage');
    expect(cat?.length).toBe(TINY_DIMS);
    expect(norm(cat!)).toBeCloseTo(1, 6);
    expect(norm(sentence!)).toBeCloseTo(1, 6);
    expectClose(cat!, expected(['[CLS]', 'cat', '[SEP]']));
    // BertNormalizer lowercases; BertPreTokenizer splits off "!".
    expectClose(sentence!, expected(['[CLS]', 'the', 'cat', 'and', 'the', 'dog', '!', '[SEP]']));
  });

  it('splits unknown words into WordPiece pieces', async () => {
    const [v] = await embedder.embed(['gardeners'], 'passage'); // gardener + ##s
    expectClose(v!, expected(['[CLS]', 'gardener', '##s', '[SEP]']));
  });

  it('gives identical vectors for identical texts and different ones for different texts', async () => {
    const [a, b, c] = await embedder.embed(
      ['notes about my vault', 'notes about my vault', 'rainy weather'],
      'passage',
    );
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(dot(a!, c!)).toBeLessThan(0.9);
  });

  it('puts related words and texts closer than unrelated ones', async () => {
    const [cat, kitten, computer] = await embedder.embed(['cat', 'kitten', 'computer'], 'passage');
    expect(dot(cat!, kitten!)).toBeGreaterThan(dot(cat!, computer!) + 0.2);
    const [garden, flowers, code] = await embedder.embed(
      ['the gardener plants seeds', 'growing flowers in the garden', 'the programmer writes code'],
      'passage',
    );
    expect(dot(garden!, flowers!)).toBeGreaterThan(dot(garden!, code!) + 0.2);
  });

  it('gives the same vectors batched (with padding) as one by one', async () => {
    const texts = ['cat', 'a very long text about the garden and its flowers and trees', '', 'rain', 'piano song', 'x'];
    const batched = offline({ batchSize: 4 });
    await batched.init();
    const together = await batched.embed(texts, 'passage');
    await batched.dispose();
    expect(together).toHaveLength(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const [alone] = await embedder.embed([texts[i]!], 'passage');
      expectClose(together[i]!, Array.from(alone!), 6);
    }
  });

  it('returns nothing for no texts', async () => {
    expect(await embedder.embed([], 'query')).toEqual([]);
  });

  it('can be initialised twice and refuses to embed after dispose until re-initialised', async () => {
    const e = offline();
    await expect(e.embed(['cat'], 'passage')).rejects.toThrow(/transformers-embedder: embed\(\) called before init/);
    await Promise.all([e.init(), e.init()]);
    await e.init();
    const [before] = await e.embed(['cat'], 'passage');
    await e.dispose();
    await expect(e.embed(['cat'], 'passage')).rejects.toThrow(/before init/);
    await e.init();
    const [after] = await e.embed(['cat'], 'passage');
    expect(Array.from(after!)).toEqual(Array.from(before!));
    await e.dispose();
  });

  it('does not keep a model whose load was overtaken by dispose()', async () => {
    const e = offline();
    const loading = e.init();
    await e.dispose();
    await expect(loading).rejects.toThrow(/dispose\(\) was called while model .* was loading/);
    await expect(e.embed(['cat'], 'passage')).rejects.toThrow(/before init/);
    await e.init();
    expect((await e.embed(['cat'], 'passage'))[0]).toHaveLength(TINY_DIMS);
    await e.dispose();
  });
});

describe('prefixes, pooling and presets', () => {
  it('applies the query and passage prefixes', async () => {
    const prefixed = offline({ queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    const plain = offline({ queryPrefix: '', passagePrefix: '' });
    await prefixed.init();
    await plain.init();
    const [q] = await prefixed.embed(['cat'], 'query');
    const [p] = await prefixed.embed(['cat'], 'passage');
    const [qRef, pRef] = await plain.embed(['query: cat', 'passage: cat'], 'passage');
    expectClose(q!, Array.from(qRef!), 6);
    expectClose(p!, Array.from(pRef!), 6);
    expectClose(q!, expected(['[CLS]', 'query', ':', 'cat', '[SEP]']));
    await prefixed.dispose();
    await plain.dispose();
  });

  it('takes prefixes and pooling from the preset of a folder named like a known model, dims from the model', async () => {
    const { modelId: e5 } = await writeTinyModel(m.local, { dims: 12, modelId: 'Xenova/multilingual-e5-small' });
    const e = new TransformersEmbedder({
      model: e5,
      cacheDir: m.emptyCache,
      localModelPath: m.local,
      allowRemote: false,
    });
    expect(e.fingerprint.dims).toBe(384); // the preset's, before loading
    await e.init();
    expect(e.fingerprint).toMatchObject({ dims: 12, pooling: 'mean' });
    const [q] = await e.embed(['cat'], 'query');
    const e5Table = tinyEmbeddingTable(m.vocab, 12);
    const rows = ['[CLS]', 'query', ':', 'cat', '[SEP]'].map((t) => m.vocab.indexOf(t));
    const mean = Array.from(
      { length: 12 },
      (_, i) => rows.reduce((s, r) => s + (e5Table[r * 12 + i] ?? 0), 0) / rows.length,
    );
    const n = Math.hypot(...mean);
    expectClose(
      q!,
      mean.map((x) => x / n),
    );
    await e.dispose();
  });

  it('uses the [CLS] vector with cls pooling', async () => {
    const e = offline({ pooling: 'cls' });
    await e.init();
    expect(e.fingerprint.pooling).toBe('cls');
    const [a, b] = await e.embed(['cat', 'rainy weather'], 'passage');
    const cls = expected(['[CLS]']);
    expectClose(a!, cls);
    expectClose(b!, cls); // this toy model has no attention, so [CLS] never sees the text
    await e.dispose();
  });

  it('reads dims from the first output when config.json has no hidden size', async () => {
    const dir = join(m.root, 'nohidden');
    const { modelId: id } = await writeTinyModel(dir, { dims: 10, modelId: 'n/nohidden' });
    await writeFile(join(dir, 'n', 'nohidden', 'config.json'), JSON.stringify({ model_type: 'bert' }));
    const e = new TransformersEmbedder({ model: id, cacheDir: m.emptyCache, localModelPath: dir, allowRemote: false });
    await e.init();
    expect(e.fingerprint.dims).toBe(10);
    expect((await e.embed(['cat'], 'passage'))[0]).toHaveLength(10);
    await e.dispose();
  });
});
