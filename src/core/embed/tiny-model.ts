// Writes a complete, tiny BERT-shaped model folder (WordPiece tokenizer + ONNX graph) that the project makes
// itself, so the real transformers.js loading code can be exercised with no download. The "model" is an
// embedding table: last_hidden_state = (word_table[input_ids] + type_table[token_type_ids]) * attention_mask.
// The table is built so that similarity means something: words of one topic share a topic direction and
// words sharing their first four letters share a prefix direction (cat/cats, garden/gardener).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeOnnxModel, ONNX_FLOAT, ONNX_INT64 } from './onnx-proto';
import { seededRandom } from '../util/prng';

/** Options of writeTinyModel. */
export interface TinyModelOptions {
  /** Hidden size (vector length); default 32. */
  dims?: number;
  /** Folder name under `dir` (may contain one '/'); default 'overlay/tiny-bert'. */
  modelId?: string;
}

/** Special tokens, in id order, as BERT vocabularies start. */
export const TINY_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Topic groups of the tiny vocabulary; words in one group share a direction. */
export const TINY_TOPICS: Record<string, string> = {
  animals: 'cat cats kitten kittens dog dogs puppy horse horses pony bird birds fish mouse mice rabbit wolf fox bear lion tiger',
  garden: 'garden gardens gardener gardening plant plants planting flower flowers seed seeds tree trees leaf leaves root roots soil grow grows growing',
  cooking: 'cook cooks cooking cooked kitchen recipe recipes bread bake baking baker oven soup salt sugar butter cheese apple apples fruit dinner',
  computing: 'computer computers compute computing code coding program programs programmer software hardware data database server network file files disk bug',
  music: 'music musical musician song songs sing singer singing piano guitar drum drums melody rhythm concert band',
  weather: 'rain rainy snow snowy storm storms wind windy cloud clouds cloudy sun sunny weather cold warm',
  travel: 'travel travels traveler train trains station plane airport road roads car cars ship journey trip map city',
  health: 'doctor doctors health healthy medicine hospital nurse patient pain heart blood sleep',
  knowledge: 'note notes notebook vault link links linked index memory search query passage question answer context token tokens energy',
};

/** Function words: no topic, small vectors, so they weigh little in a mean. */
export const TINY_STOPWORDS =
  'the a an and or of to in on at for with is are was were be it this that these those how what why where when who ' +
  'which my your our their his her its i you we they he she not no yes do does did can will from by as about into over under';

const SUFFIXES = ['##s', '##es', '##ed', '##ing', '##er', '##ers', '##ly', '##ness', '##ment', '##tion', '##able', '##ful', '##less'];
const PUNCTUATION = [...'.,!?:;-\'"()[]#/&'];
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];
const DIGITS = [...'0123456789'];

/** The tiny vocabulary in id order: specials, topic words, stopwords, pieces, letters, digits, punctuation. */
export function tinyVocab(): string[] {
  const out: string[] = [...TINY_SPECIALS];
  const seen = new Set(out);
  const add = (t: string): void => {
    if (!seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  };
  for (const words of Object.values(TINY_TOPICS)) for (const w of words.split(' ')) add(w);
  for (const w of TINY_STOPWORDS.split(' ')) add(w);
  for (const s of SUFFIXES) add(s);
  // Single letters and ##letters make every lowercase word tokenizable without [UNK], as in real BERT vocabularies.
  for (const l of LETTERS) add(l);
  for (const l of LETTERS) add(`##${l}`);
  for (const d of DIGITS) add(d);
  for (const p of PUNCTUATION) add(p);
  return out;
}

const prng = seededRandom;

/** A random unit vector (Box–Muller normals, then scaled to length 1). */
function unitVector(rand: () => number, dims: number): Float64Array {
  const v = new Float64Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const u = Math.max(rand(), 1e-12);
    v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    norm += (v[i] ?? 0) ** 2;
  }
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) * s;
  return v;
}

/** FNV-1a of a string, to seed per-key vectors independently of vocabulary order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The [vocab.length × dims] embedding table of the tiny model (row-major), deterministic for a vocab and dims. */
export function tinyEmbeddingTable(vocab: readonly string[], dims: number): Float32Array {
  const topicOf = new Map<string, string>();
  for (const [topic, words] of Object.entries(TINY_TOPICS)) for (const w of words.split(' ')) topicOf.set(w, topic);
  const stop = new Set(TINY_STOPWORDS.split(' '));
  const vec = (key: string): Float64Array => unitVector(prng(hash(key)), dims);
  const table = new Float32Array(vocab.length * dims);
  vocab.forEach((token, row) => {
    const parts: [Float64Array, number][] = [];
    const topic = topicOf.get(token);
    if (token === '[PAD]') return; // stays zero, like a padding embedding
    if (topic) {
      parts.push([vec(`topic:${topic}`), 1.0], [vec(`prefix:${token.slice(0, 4)}`), 0.6], [vec(`word:${token}`), 0.5]);
    } else if (stop.has(token)) {
      parts.push([vec(`word:${token}`), 0.3]);
    } else if (token === '[CLS]' || token === '[SEP]') {
      parts.push([vec(`word:${token}`), 0.2]); // present in every text: keep them from dominating the mean
    } else {
      parts.push([vec(`word:${token}`), 0.8]);
    }
    for (const [v, weight] of parts) {
      for (let i = 0; i < dims; i++) table[row * dims + i] = (table[row * dims + i] ?? 0) + weight * (v[i] ?? 0);
    }
  });
  return table;
}

/** The ONNX graph bytes of the tiny model for a vocabulary size and table. */
export function tinyOnnxModel(vocabSize: number, dims: number, table: Float32Array): Uint8Array {
  const typeTable = new Float32Array(2 * dims);
  const rand = prng(7);
  for (let i = dims; i < 2 * dims; i++) typeTable[i] = 0.05 * (rand() - 0.5); // type 0 adds nothing
  const io = (name: string) => ({ name, elemType: ONNX_INT64, shape: ['batch_size', 'sequence_length'] });
  return encodeOnnxModel({
    graphName: 'tiny_embedding_bert',
    producerName: 'overlay-memory tiny-model',
    irVersion: 7,
    opsetVersion: 13,
    initializers: [
      { name: 'word_embeddings', dims: [vocabSize, dims], data: table },
      { name: 'token_type_embeddings', dims: [2, dims], data: typeTable },
      { name: 'unsqueeze_axes', dims: [1], data: BigInt64Array.from([-1n]) },
    ],
    nodes: [
      { opType: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'], name: 'gather_words', attributes: [{ name: 'axis', int: 0 }] },
      { opType: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['types'], name: 'gather_types', attributes: [{ name: 'axis', int: 0 }] },
      { opType: 'Add', inputs: ['words', 'types'], outputs: ['summed'], name: 'add' },
      { opType: 'Cast', inputs: ['attention_mask'], outputs: ['mask_float'], name: 'cast_mask', attributes: [{ name: 'to', int: ONNX_FLOAT }] },
      { opType: 'Unsqueeze', inputs: ['mask_float', 'unsqueeze_axes'], outputs: ['mask_3d'], name: 'unsqueeze_mask' },
      { opType: 'Mul', inputs: ['summed', 'mask_3d'], outputs: ['last_hidden_state'], name: 'apply_mask' },
    ],
    inputs: [io('input_ids'), io('attention_mask'), io('token_type_ids')],
    outputs: [{ name: 'last_hidden_state', elemType: ONNX_FLOAT, shape: ['batch_size', 'sequence_length', dims] }],
  });
}

/** tokenizer.json in the Hugging Face `tokenizers` format for a BERT WordPiece tokenizer over `vocab`. */
export function tinyTokenizerJson(vocab: readonly string[]): object {
  const id = (t: string): number => vocab.indexOf(t);
  const special = (t: string, type: number) => ({ SpecialToken: { id: t, type_id: type } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: TINY_SPECIALS.map((t) => ({
      id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0)],
      pair: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0),
        { Sequence: { id: 'B', type_id: 1 } }, special('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/** Writes `<dir>/<modelId>/{config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx}`. */
export async function writeTinyModel(dir: string, opts: TinyModelOptions = {}): Promise<{ modelId: string; vocab: string[] }> {
  const dims = opts.dims ?? 32;
  if (!Number.isInteger(dims) || dims < 2 || dims > 4096) throw new Error(`tiny-model: dims must be an integer in 2..4096, got ${dims}`);
  const modelId = opts.modelId ?? 'overlay/tiny-bert';
  if (modelId.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new Error(`tiny-model: bad model id "${modelId}"`);
  const vocab = tinyVocab();
  const folder = join(dir, ...modelId.split('/'));
  await mkdir(join(folder, 'onnx'), { recursive: true });
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: dims,
    vocab_size: vocab.length,
    type_vocab_size: 2,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    max_position_embeddings: 512,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512, // transformers.js truncates with min(longest, model_max_length): it must be a number
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
  };
  await writeFile(join(folder, 'config.json'), JSON.stringify(config, null, 2));
  await writeFile(join(folder, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson(vocab)));
  await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  await writeFile(join(folder, 'onnx', 'model.onnx'), tinyOnnxModel(vocab.length, dims, tinyEmbeddingTable(vocab, dims)));
  return { modelId, vocab };
}
