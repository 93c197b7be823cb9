import { copyFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyOnnxModel, writeTinyModel } from './fixtures/tiny-model';
import { expectClose, TINY_DIMS, useTinyModelFolder } from './fixtures/tiny-model-folder';
import { TransformersEmbedder, TransformersEmbedderError } from '../../../src/core/embed/transformers-embedder';

const m = useTinyModelFolder();
const { offline, expected } = m;

describe('where the model files come from', () => {
  it('prefers onnx/model_quantized.onnx when present, and quantized: false picks onnx/model.onnx', async () => {
    const { modelId: id } = await writeTinyModel(join(m.root, 'both'), { dims: TINY_DIMS, modelId: 'q/both' });
    // A distinguishable "quantized" file: the same table negated, so its vectors point the other way.
    const negated = m.table.map((x) => -x);
    await writeFile(
      join(m.root, 'both', 'q', 'both', 'onnx', 'model_quantized.onnx'),
      tinyOnnxModel(m.vocab.length, TINY_DIMS, negated),
    );
    const base = { model: id, cacheDir: m.emptyCache, localModelPath: join(m.root, 'both'), allowRemote: false };
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
    const cacheDir = join(m.root, 'cache');
    await writeTinyModel(cacheDir, { dims: TINY_DIMS, modelId: 'Someone/cached-model' });
    for (const localModelPath of [undefined, join(m.root, 'nothing-here')]) {
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
    expect(typed.message).toContain(join(m.emptyCache, 'Xenova', 'not-downloaded'));
    expect(typed.message).toContain(join(m.local, 'Xenova', 'not-downloaded'));
  });

  it('names the missing file when a model folder is incomplete, and loads once it is complete', async () => {
    const dir = join(m.root, 'partial');
    const { modelId: id } = await writeTinyModel(dir, { dims: TINY_DIMS, modelId: 'p/partial' });
    const tokenizer = join(dir, 'p', 'partial', 'tokenizer.json');
    await copyFile(tokenizer, join(m.root, 'tokenizer.json.bak'));
    await unlink(tokenizer);
    const e = new TransformersEmbedder({ model: id, cacheDir: m.emptyCache, localModelPath: dir, allowRemote: false });
    await expect(e.init()).rejects.toThrow(/downloads are off \(missing: tokenizer\.json\)/);
    await copyFile(join(m.root, 'tokenizer.json.bak'), tokenizer);
    await e.init(); // a failed init can be retried
    expect(e.fingerprint.dims).toBe(TINY_DIMS);
    await e.dispose();
  });

  it('asks for the quantized file when told to and only the full one exists', async () => {
    await expect(offline({ quantized: true }).init()).rejects.toThrow(/missing: onnx\/model_quantized\.onnx/);
  });

  it('wraps a model the library cannot parse in a typed load error', async () => {
    const dir = join(m.root, 'broken');
    const { modelId: id } = await writeTinyModel(dir, { dims: TINY_DIMS, modelId: 'b/broken' });
    await writeFile(join(dir, 'b', 'broken', 'onnx', 'model.onnx'), 'not an onnx file');
    const e = new TransformersEmbedder({ model: id, cacheDir: m.emptyCache, localModelPath: dir, allowRemote: false });
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
