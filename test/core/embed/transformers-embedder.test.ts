import { copyFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/core/types';
import { tinyEmbeddingTable, tinyOnnxModel, writeTinyModel } from './fixtures/tiny-model';
import {
  KNOWN_MODELS,
  knownModel,
  TransformersEmbedder,
  TransformersEmbedderError,
  type TransformersEmbedderOptions,
} from '../../../src/core/embed/transformers-embedder';

const DIMS = 24;
let root = '';
let local = '';
let emptyCache = '';
let modelId = '';
let vocab: string[] = [];
let table: Float32Array = new Float32Array(0);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'overlay-tfjs-'));
  local = join(root, 'local');
  emptyCache = join(root, 'empty-cache');
  ({ modelId, vocab } = await writeTinyModel(local, { dims: DIMS }));
  table = tinyEmbeddingTable(vocab, DIMS);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const offline = (extra: Partial<TransformersEmbedderOptions> = {}): TransformersEmbedder =>
  new TransformersEmbedder({
    model: modelId,
    cacheDir: emptyCache,
    localModelPath: local,
    allowRemote: false,
    ...extra,
  });

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a));

/** Independent expectation: mean of the table rows of the tokens (all masked in), then unit length. */
function expected(tokens: string[]): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const t of tokens) {
    const row = vocab.indexOf(t);
    expect(row, `token ${t} in vocab`).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < DIMS; i++) v[i] = (v[i] ?? 0) + (table[row * DIMS + i] ?? 0) / tokens.length;
  }
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

function expectClose(actual: Float32Array, want: number[], digits = 5): void {
  expect(actual.length).toBe(want.length);
  actual.forEach((x, i) => expect(x).toBeCloseTo(want[i] ?? NaN, digits));
}

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
    expect(embedder.fingerprint).toEqual({ model: modelId, dims: DIMS, pooling: 'mean', normalized: true, version: 1 });
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
    expect(cat?.length).toBe(DIMS);
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
    expect((await e.embed(['cat'], 'passage'))[0]).toHaveLength(DIMS);
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
    const { modelId: e5 } = await writeTinyModel(local, { dims: 12, modelId: 'Xenova/multilingual-e5-small' });
    const e = new TransformersEmbedder({ model: e5, cacheDir: emptyCache, localModelPath: local, allowRemote: false });
    expect(e.fingerprint.dims).toBe(384); // the preset's, before loading
    await e.init();
    expect(e.fingerprint).toMatchObject({ dims: 12, pooling: 'mean' });
    const [q] = await e.embed(['cat'], 'query');
    const e5Table = tinyEmbeddingTable(vocab, 12);
    const rows = ['[CLS]', 'query', ':', 'cat', '[SEP]'].map((t) => vocab.indexOf(t));
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
    const dir = join(root, 'nohidden');
    const { modelId: id } = await writeTinyModel(dir, { dims: 10, modelId: 'n/nohidden' });
    await writeFile(join(dir, 'n', 'nohidden', 'config.json'), JSON.stringify({ model_type: 'bert' }));
    const e = new TransformersEmbedder({ model: id, cacheDir: emptyCache, localModelPath: dir, allowRemote: false });
    await e.init();
    expect(e.fingerprint.dims).toBe(10);
    expect((await e.embed(['cat'], 'passage'))[0]).toHaveLength(10);
    await e.dispose();
  });

  it('knows the three presets', () => {
    expect(KNOWN_MODELS['Xenova/all-MiniLM-L6-v2']).toMatchObject({ dims: 384, pooling: 'mean' });
    expect(KNOWN_MODELS['Xenova/bge-small-en-v1.5']).toMatchObject({ dims: 384, pooling: 'cls' });
    expect(knownModel('intfloat/multilingual-e5-small')).toMatchObject({
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    });
    expect(knownModel('someone/other-model')).toBeUndefined();
  });
});

describe('where the model files come from', () => {
  it('prefers onnx/model_quantized.onnx when present, and quantized: false picks onnx/model.onnx', async () => {
    const { modelId: id } = await writeTinyModel(join(root, 'both'), { dims: DIMS, modelId: 'q/both' });
    // A distinguishable "quantized" file: the same table negated, so its vectors point the other way.
    const negated = table.map((x) => -x);
    await writeFile(
      join(root, 'both', 'q', 'both', 'onnx', 'model_quantized.onnx'),
      tinyOnnxModel(vocab.length, DIMS, negated),
    );
    const base = { model: id, cacheDir: emptyCache, localModelPath: join(root, 'both'), allowRemote: false };
    const byDefault = new TransformersEmbedder(base);
    const full = new TransformersEmbedder({ ...base, quantized: false });
    await byDefault.init();
    await full.init();
    const want = expected(['[CLS]', 'cat', '[SEP]']);
    expectClose(
      (await byDefault.embed(['cat'], 'passage'))[0]!,
      want.map((x) => -x),
    );
    expectClose((await full.embed(['cat'], 'passage'))[0]!, want);
    await byDefault.dispose();
    await full.dispose();
  });

  it('loads a model laid out in the cache dir, as a previous download leaves it', async () => {
    const cacheDir = join(root, 'cache');
    await writeTinyModel(cacheDir, { dims: DIMS, modelId: 'Someone/cached-model' });
    for (const localModelPath of [undefined, join(root, 'nothing-here')]) {
      const e = new TransformersEmbedder({
        model: 'Someone/cached-model',
        cacheDir,
        localModelPath,
        allowRemote: false,
      });
      await e.init();
      expectClose((await e.embed(['cat'], 'passage'))[0]!, expected(['[CLS]', 'cat', '[SEP]']));
      await e.dispose();
    }
  });

  it('fails offline with a typed error naming the folders when the model is nowhere', async () => {
    const e = offline({ model: 'Xenova/not-downloaded' });
    const err = await e.init().then(
      () => null,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(TransformersEmbedderError);
    const typed = err as TransformersEmbedderError;
    expect(typed.code).toBe('model-missing');
    expect(typed.model).toBe('Xenova/not-downloaded');
    expect(typed.message).toMatch(
      /^transformers-embedder: model "Xenova\/not-downloaded" is not in .+ and downloads are off/,
    );
    expect(typed.message).toContain(join(emptyCache, 'Xenova', 'not-downloaded'));
    expect(typed.message).toContain(join(local, 'Xenova', 'not-downloaded'));
  });

  it('names the missing file when a model folder is incomplete, and loads once it is complete', async () => {
    const dir = join(root, 'partial');
    const { modelId: id } = await writeTinyModel(dir, { dims: DIMS, modelId: 'p/partial' });
    const tokenizer = join(dir, 'p', 'partial', 'tokenizer.json');
    await copyFile(tokenizer, join(root, 'tokenizer.json.bak'));
    await unlink(tokenizer);
    const e = new TransformersEmbedder({ model: id, cacheDir: emptyCache, localModelPath: dir, allowRemote: false });
    await expect(e.init()).rejects.toThrow(/downloads are off \(missing: tokenizer\.json\)/);
    await copyFile(join(root, 'tokenizer.json.bak'), tokenizer);
    await e.init(); // a failed init can be retried
    expect(e.fingerprint.dims).toBe(DIMS);
    await e.dispose();
  });

  it('asks for the quantized file when told to and only the full one exists', async () => {
    await expect(offline({ quantized: true }).init()).rejects.toThrow(/missing: onnx\/model_quantized\.onnx/);
  });

  it('wraps a model the library cannot parse in a typed load error', async () => {
    const dir = join(root, 'broken');
    const { modelId: id } = await writeTinyModel(dir, { dims: DIMS, modelId: 'b/broken' });
    await writeFile(join(dir, 'b', 'broken', 'onnx', 'model.onnx'), 'not an onnx file');
    const e = new TransformersEmbedder({ model: id, cacheDir: emptyCache, localModelPath: dir, allowRemote: false });
    const err = await e.init().then(
      () => null,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(TransformersEmbedderError);
    expect((err as TransformersEmbedderError).code).toBe('load-failed');
    expect((err as Error).message).toMatch(
      /^transformers-embedder: could not load model "b\/broken" \(onnx\/model\.onnx\): /,
    );
  });

  it('rejects model ids that are paths or URLs, and a bad batch size', async () => {
    for (const model of ['../outside', '/abs/path', 'https://example.org/m', '', 'a//b']) {
      const err = await offline({ model })
        .init()
        .then(
          () => null,
          (x: unknown) => x,
        );
      expect((err as TransformersEmbedderError).code, model).toBe('bad-model-id');
    }
    expect(() => offline({ batchSize: 0 })).toThrow(/transformers-embedder: batchSize/);
  });
});
