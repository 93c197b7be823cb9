import { describe, expect, it } from 'vitest';
import { KNOWN_MODELS, knownModel } from '../../../src/core/embed/known-models';

describe('known model presets', () => {
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
