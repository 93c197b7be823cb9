import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ortModule from 'onnxruntime-node';
import { encodeOnnxModel, ONNX_FLOAT } from './fixtures/onnx-proto';
import { TINY_SPECIALS, tinyEmbeddingTable, tinyVocab, writeTinyModel } from './fixtures/tiny-model';

// onnxruntime-node is CommonJS: its API sits on the default export under ESM.
const ort = ((ortModule as unknown as { default?: typeof ortModule }).default ?? ortModule) as typeof ortModule;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overlay-tiny-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const i64 = (rows: number[][]) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat().map((x) => BigInt(x))), [rows.length, rows[0]?.length ?? 0]);

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('tiny model vocabulary and table', () => {
  it('starts with the BERT special tokens, has a few hundred unique tokens, ## pieces and letters', () => {
    const vocab = tinyVocab();
    expect(vocab.slice(0, 5)).toEqual([...TINY_SPECIALS]);
    expect(new Set(vocab).size).toBe(vocab.length);
    expect(vocab.length).toBeGreaterThan(250);
    expect(vocab).toContain('##ing');
    expect(vocab).toContain('##z');
    expect(vocab).toContain('gardener');
  });

  it('is deterministic and puts related words closer than unrelated ones', () => {
    const vocab = tinyVocab();
    const dims = 32;
    const table = tinyEmbeddingTable(vocab, dims);
    expect(Array.from(tinyEmbeddingTable(vocab, dims))).toEqual(Array.from(table));
    const row = (w: string) => table.subarray(vocab.indexOf(w) * dims, (vocab.indexOf(w) + 1) * dims);
    expect(Array.from(row('[PAD]')).every((x) => x === 0)).toBe(true);
    expect(cosine(row('cat'), row('kitten'))).toBeGreaterThan(cosine(row('cat'), row('computer')) + 0.3);
    expect(cosine(row('garden'), row('gardener'))).toBeGreaterThan(cosine(row('garden'), row('seed')));
    expect(cosine(row('piano'), row('guitar'))).toBeGreaterThan(cosine(row('piano'), row('rain')) + 0.3);
  });
});

describe('writeTinyModel', () => {
  it('writes config, a BERT WordPiece tokenizer and an ONNX graph that onnxruntime-node runs', async () => {
    const { modelId, vocab } = await writeTinyModel(dir, { dims: 8 });
    const folder = join(dir, ...modelId.split('/'));
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: 8, vocab_size: vocab.length });
    const tokenizer = JSON.parse(await readFile(join(folder, 'tokenizer.json'), 'utf8'));
    expect(tokenizer.model.type).toBe('WordPiece');
    expect(tokenizer.model.vocab['cat']).toBe(vocab.indexOf('cat'));
    expect(tokenizer.normalizer.type).toBe('BertNormalizer');
    const tokConfig = JSON.parse(await readFile(join(folder, 'tokenizer_config.json'), 'utf8'));
    expect(tokConfig.tokenizer_class).toBe('BertTokenizer');

    const session = await ort.InferenceSession.create(await readFile(join(folder, 'onnx', 'model.onnx')));
    expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_ids', 'token_type_ids']);
    expect(session.outputNames).toEqual(['last_hidden_state']);

    const ids = [2, vocab.indexOf('cat'), vocab.indexOf('dog'), 3];
    const out = await session.run({
      input_ids: i64([ids, [2, vocab.indexOf('rain'), 3, 0]]),
      attention_mask: i64([
        [1, 1, 1, 1],
        [1, 1, 1, 0],
      ]),
      token_type_ids: i64([
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ]),
    });
    const hidden = out['last_hidden_state'];
    expect(hidden?.dims).toEqual([2, 4, 8]);
    const data = hidden?.data as Float32Array;
    const table = tinyEmbeddingTable(vocab, 8);
    // Row 0, position 1 is the table row of "cat" (token type 0 adds nothing).
    const catRow = vocab.indexOf('cat');
    expect(Array.from(data.subarray(8, 16))).toEqual(Array.from(table.subarray(catRow * 8, catRow * 8 + 8)));
    // The masked (padding) position of row 1 is zeroed by the graph.
    expect(Array.from(data.subarray(4 * 8 + 3 * 8, 4 * 8 + 4 * 8)).every((x) => x === 0)).toBe(true);
  });

  it('writes identical bytes for identical options, and a different hidden size when asked', async () => {
    const a = await writeTinyModel(join(dir, 'a'), { dims: 16, modelId: 'x/y' });
    const b = await writeTinyModel(join(dir, 'b'), { dims: 16, modelId: 'x/y' });
    const bytesA = await readFile(join(dir, 'a', 'x', 'y', 'onnx', 'model.onnx'));
    const bytesB = await readFile(join(dir, 'b', 'x', 'y', 'onnx', 'model.onnx'));
    expect(a.vocab).toEqual(b.vocab);
    expect(bytesA.equals(bytesB)).toBe(true);
    const session = await ort.InferenceSession.create(bytesA);
    const out = await session.run({
      input_ids: i64([[2, 3]]),
      attention_mask: i64([[1, 1]]),
      token_type_ids: i64([[0, 1]]),
    });
    expect(out['last_hidden_state']?.dims).toEqual([1, 2, 16]);
  });

  it('rejects bad dims and ids', async () => {
    await expect(writeTinyModel(dir, { dims: 1 })).rejects.toThrow(/tiny-model: dims/);
    await expect(writeTinyModel(dir, { modelId: '../escape' })).rejects.toThrow(/tiny-model: bad model id/);
  });
});

describe('encodeOnnxModel', () => {
  it('refuses a tensor whose data does not match its dims', () => {
    expect(() =>
      encodeOnnxModel({
        graphName: 'g',
        producerName: 'p',
        irVersion: 7,
        opsetVersion: 13,
        nodes: [],
        inputs: [],
        outputs: [],
        initializers: [{ name: 't', dims: [2, 3], data: new Float32Array(5) }],
      }),
    ).toThrow(/onnx-proto: tensor "t" has 5 values but dims 2x3/);
  });

  it('encodes a graph with a negative int64 initializer and an attribute that onnxruntime accepts', async () => {
    // Unsqueeze with axes [-1] (an int64 input) then Cast to float: exercises raw int64 data and int attributes.
    const bytes = encodeOnnxModel({
      graphName: 'g',
      producerName: 'test',
      irVersion: 7,
      opsetVersion: 13,
      initializers: [{ name: 'axes', dims: [1], data: BigInt64Array.from([-1n]) }],
      nodes: [
        { opType: 'Unsqueeze', inputs: ['x', 'axes'], outputs: ['u'] },
        { opType: 'Cast', inputs: ['u'], outputs: ['y'], attributes: [{ name: 'to', int: ONNX_FLOAT }] },
      ],
      inputs: [{ name: 'x', elemType: 7, shape: ['n'] }],
      outputs: [{ name: 'y', elemType: ONNX_FLOAT, shape: ['n', 1] }],
    });
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ x: new ort.Tensor('int64', BigInt64Array.from([5n, -7n]), [2]) });
    expect(out['y']?.dims).toEqual([2, 1]);
    expect(Array.from(out['y']?.data as Float32Array)).toEqual([5, -7]);
  });
});
