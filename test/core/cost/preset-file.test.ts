import { describe, expect, it } from 'vitest';
import { parsePresetFile } from '../../../src/core/cost/preset-file';
import { findModel, modelIds } from '../../../src/core/cost/presets';

const MODEL = {
  id: 'my-moe',
  name: 'My MoE',
  paramsB: 100,
  activeParamsB: 10,
  layers: 40,
  queryHeads: 32,
  kvHeads: 4,
  headDim: 128,
  contextWindow: 32_768,
  weightBytes: 1,
  source: 'my config.json',
  moe: { routedParamsB: 90, experts: 64, activeExperts: 4 },
};

describe('parsePresetFile', () => {
  it('accepts models and hardware and fills optional fields', () => {
    const r = parsePresetFile({
      models: [
        MODEL,
        { ...MODEL, id: 'dense-small', activeParamsB: undefined, moe: undefined, weightBytes: undefined },
      ],
      hardware: [
        {
          id: 'l40s',
          name: 'L40S',
          peakTflops: 362,
          bandwidthTBs: 0.864,
          memoryGB: 48,
          powerW: 300,
          source: 'datasheet',
        },
      ],
    });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const dense = r.extras.models![1]!;
    expect(dense.activeParamsB).toBe(100);
    expect(dense.weightBytes).toBe(2);
    expect(dense.kvBytes).toBe(2);
    expect(r.extras.models![0]!.moe).toEqual(MODEL.moe);
    expect(r.extras.hardware![0]!.tdpW).toBe(300);
    expect(r.extras.hardware![0]!.powerSource).toBe('user-defined');
    expect(findModel('my-moe', r.extras)?.name).toBe('My MoE');
    expect(modelIds(r.extras)).toContain('dense-small');
    expect(dense.nonEmbeddingParamsB).toBeUndefined();
    expect(r.extras.hardware![0]!.prefillMfu).toBeUndefined();
  });

  it('reads the prefill fields: non-embedding parameters, MFU and attention efficiency', () => {
    const r = parsePresetFile({
      models: [{ ...MODEL, nonEmbeddingParamsB: 9.5 }],
      hardware: [
        {
          id: 'h',
          name: 'H',
          peakTflops: 362,
          bandwidthTBs: 0.864,
          memoryGB: 48,
          powerW: 300,
          tdpW: 350,
          prefillMfu: 0.55,
          attentionEfficiency: 0.45,
          source: 'datasheet',
        },
      ],
    });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.extras.models![0]!.nonEmbeddingParamsB).toBe(9.5);
    expect(r.extras.hardware![0]).toMatchObject({ prefillMfu: 0.55, attentionEfficiency: 0.45, tdpW: 350 });
    const bad = parsePresetFile({
      models: [{ ...MODEL, nonEmbeddingParamsB: 11 }],
      hardware: [
        { id: 'h', name: 'H', peakTflops: 1, bandwidthTBs: 1, memoryGB: 1, powerW: 1, prefillMfu: 1.5, source: 's' },
      ],
    });
    expect(!bad.ok && bad.errors).toEqual([
      'models[0].nonEmbeddingParamsB: cannot exceed activeParamsB',
      'hardware[0].prefillMfu: must be at most 1',
    ]);
  });

  it('reports every problem with its path', () => {
    const r = parsePresetFile({
      models: [
        { ...MODEL, layers: 0, name: '', activeParamsB: 200 },
        { ...MODEL, headDim: 12.5 },
        { ...MODEL, id: 'Bad Id' },
        'text',
      ],
      hardware: { id: 'x' },
      extra: 1,
    });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        'extra: unknown key (expected "models" or "hardware")',
        'models[0].name: must be a non-empty string',
        'models[0].layers: must be a positive whole number',
        'models[0].activeParamsB: cannot exceed paramsB',
        'models[1].headDim: must be a positive whole number',
        'models[1].id: "my-moe" is defined twice',
        'models[2].id: use lower-case letters, digits, ".", "_" or "-"',
        'models[3]: must be an object',
        'hardware: must be an array',
      ]),
    );
  });

  it('checks MoE and hardware fields', () => {
    const r = parsePresetFile({
      models: [{ ...MODEL, moe: { routedParamsB: 120, experts: 4, activeExperts: 8 } }],
      hardware: [{ id: 'h', name: 'H', peakTflops: -1, bandwidthTBs: '3', memoryGB: 80, powerW: 300, source: 's' }],
    });
    const errors = r.ok ? [] : r.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        'models[0].moe.activeExperts: cannot exceed moe.experts',
        'models[0].moe.routedParamsB: must be below paramsB',
        'hardware[0].peakTflops: must be a positive number',
        'hardware[0].bandwidthTBs: must be a positive number',
      ]),
    );
  });

  it('rejects a file that is not an object', () => {
    expect(parsePresetFile([1])).toEqual({
      ok: false,
      errors: ['the file must hold a JSON object with "models" and/or "hardware"'],
    });
  });
});
