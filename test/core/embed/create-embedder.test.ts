import { describe, expect, it } from 'vitest';
import { createEmbedder, EmbedderSpecError } from '../../../src/core/embed/create-embedder';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { TransformersEmbedder } from '../../../src/core/embed/transformers-embedder';

describe('createEmbedder', () => {
  it('makes the local embedder for "local"', () => {
    expect(createEmbedder('local', { dataDir: '/tmp/d' })).toBeInstanceOf(LocalEmbedder);
  });

  it('makes a transformers embedder cached under <dataDir>/models, offline when asked', async () => {
    const e = createEmbedder('transformers:Xenova/all-MiniLM-L6-v2', { dataDir: '/tmp/overlay-none', offline: true });
    expect(e).toBeInstanceOf(TransformersEmbedder);
    expect(e.fingerprint).toMatchObject({ model: 'Xenova/all-MiniLM-L6-v2', dims: 384 });
    // Offline and not cached: a clear, typed failure that names the models folder; nothing is downloaded.
    await expect(e.init()).rejects.toMatchObject({ name: 'TransformersEmbedderError', code: 'model-missing' });
    await expect(e.init()).rejects.toThrow(/\/tmp\/overlay-none\/models/);
  });

  it('rejects unknown specs with a typed error that says what is allowed', () => {
    for (const spec of ['', 'openai', 'transformers:', 'transformers: ']) {
      expect(() => createEmbedder(spec, { dataDir: '/tmp/d' })).toThrow(EmbedderSpecError);
    }
    expect(() => createEmbedder('bert', { dataDir: '/tmp/d' })).toThrow(/use "local" or "transformers:<model-id>"/);
  });
});
