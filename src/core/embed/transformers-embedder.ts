// Embedder backed by a transformers.js (@xenova/transformers 2.17.2) feature-extraction pipeline: a Hugging Face
// sentence-embedding model run on onnxruntime-node, downloaded once into the data folder or read from a folder
// the user names. The library is imported lazily so nothing else in the app pays its load time.

import type { Embedder, EmbedderFingerprint, ProgressFn } from '../types';
import { SerialQueue } from '../util/serial-queue';
import { progressReporter, type HubEvent } from './hub-progress';
import { knownModel } from './known-models';
import { locateModel, modelIdProblem, MODEL_JSON_FILES, onnxFile } from './model-cache';

/** Options of TransformersEmbedder. */
export interface TransformersEmbedderOptions {
  /** Hugging Face id, e.g. 'Xenova/all-MiniLM-L6-v2', or a folder name under localModelPath. */
  model: string;
  /** Where downloaded models are cached (the data folder's models/ folder). */
  cacheDir: string;
  /** A folder holding models laid out as `<localModelPath>/<model>/...`. */
  localModelPath?: string | undefined;
  /** False when the user says offline: the network is never touched. */
  allowRemote: boolean;
  /** Default: the preset's pooling, else 'mean'. */
  pooling?: 'mean' | 'cls' | undefined;
  /** Text put before queries / passages (e5 models: 'query: ' / 'passage: '); default from the preset. */
  queryPrefix?: string | undefined;
  passagePrefix?: string | undefined;
  /** Texts per forward pass; default 16. */
  batchSize?: number | undefined;
  /** Load onnx/model_quantized.onnx (true) or onnx/model.onnx (false); default: quantized when present or downloading. */
  quantized?: boolean | undefined;
  /** Hub mirror to download from; default the library's (https://huggingface.co/). */
  remoteHost?: string | undefined;
}

/** Kinds of expected failure of TransformersEmbedder. */
export type TransformersEmbedderErrorCode = 'model-missing' | 'bad-model-id' | 'load-failed';

/** An expected failure (missing model offline, unusable id, failed download or load), with a readable message. */
export class TransformersEmbedderError extends Error {
  override readonly name = 'TransformersEmbedderError';
  constructor(
    readonly code: TransformersEmbedderErrorCode,
    readonly model: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`transformers-embedder: ${message}`, options);
  }
}

// Minimal shapes of the parts of @xenova/transformers used here.
interface FeatureTensor {
  data: Float32Array;
  dims: number[];
}
interface Extractor {
  (texts: string[], opts: { pooling: 'mean' | 'cls'; normalize: boolean }): Promise<FeatureTensor>;
  model: { config?: Record<string, unknown> };
  dispose(): Promise<unknown>;
}
interface TransformersModule {
  env: {
    cacheDir: string | null;
    localModelPath: string;
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    useFSCache: boolean;
    useBrowserCache: boolean;
    remoteHost: string;
  };
  pipeline(
    task: 'feature-extraction',
    model: string,
    opts: {
      quantized: boolean;
      local_files_only: boolean;
      progress_callback: (e: HubEvent) => void;
    },
  ): Promise<Extractor>;
}

let library: Promise<{ mod: TransformersModule; defaultRemoteHost: string }> | null = null;
function loadLibrary(): Promise<{ mod: TransformersModule; defaultRemoteHost: string }> {
  library ??= import('@xenova/transformers').then((m) => {
    const mod = m as unknown as TransformersModule;
    return { mod, defaultRemoteHost: mod.env.remoteHost };
  });
  return library;
}

// The library's `env` is one global object read while a pipeline loads, so loads run one at a time.
const loads = new SerialQueue();

/** Embedder running a sentence-embedding model with transformers.js; vectors are unit length. */
export class TransformersEmbedder implements Embedder {
  private readonly pooling: 'mean' | 'cls';
  private readonly queryPrefix: string;
  private readonly passagePrefix: string;
  private readonly batchSize: number;
  private dims: number;
  private extractor: Extractor | null = null;
  private loading: Promise<void> | null = null;
  /** Bumped by dispose(), so a load that finishes after it frees its session instead of keeping it. */
  private generation = 0;

  constructor(private readonly opts: TransformersEmbedderOptions) {
    const preset = knownModel(opts.model);
    this.pooling = opts.pooling ?? preset?.pooling ?? 'mean';
    this.queryPrefix = opts.queryPrefix ?? preset?.queryPrefix ?? '';
    this.passagePrefix = opts.passagePrefix ?? preset?.passagePrefix ?? '';
    this.batchSize = opts.batchSize ?? 16;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`transformers-embedder: batchSize must be a positive integer, got ${opts.batchSize}`);
    }
    this.dims = preset?.dims ?? 0; // replaced by the loaded model's real size in init()
  }

  /** Identity of the vector space; dims is the preset's until init() reads the model's own. */
  get fingerprint(): EmbedderFingerprint {
    return { model: this.opts.model, dims: this.dims, pooling: this.pooling, normalized: true, version: 1 };
  }

  /** Loads the pipeline (downloading when allowed and needed); reports 'download' bytes and 'load' files. */
  init(onProgress?: ProgressFn): Promise<void> {
    if (this.extractor) return Promise.resolve();
    const generation = this.generation; // taken now: the queued load may start after a dispose()
    if (this.loading) return this.loading;
    const loading: Promise<void> = loads
      .run(() => this.load(generation, onProgress))
      .catch((err: unknown) => {
        if (this.loading === loading) this.loading = null; // a failed load can be retried (e.g. once files are placed)
        throw err;
      });
    this.loading = loading;
    return loading;
  }

  private async load(generation: number, onProgress?: ProgressFn): Promise<void> {
    const { model, cacheDir, localModelPath, allowRemote } = this.opts;
    const problem = modelIdProblem(model);
    if (problem) throw new TransformersEmbedderError('bad-model-id', model, problem);
    const where = locateModel(model, { cacheDir, localModelPath }, this.opts.quantized);
    if (where.missing.length > 0 && !allowRemote) {
      throw new TransformersEmbedderError(
        'model-missing',
        model,
        `model "${model}" is not in ${where.searched.join(', ')} and downloads are off (missing: ${where.missing.join(', ')})`,
      );
    }
    // Present files decide the weights; otherwise download the quantized file (int8: about a quarter of float32).
    const quantized = where.quantized ?? this.opts.quantized ?? true;
    const fileCount = MODEL_JSON_FILES.length + 1;
    const report = progressReporter(model, new Set(where.found.keys()), fileCount, onProgress);

    const { mod, defaultRemoteHost } = await loadLibrary();
    Object.assign(mod.env, {
      cacheDir,
      // Without a folder of its own, local lookups go to the cache too, never to the library's bundled models/.
      localModelPath: localModelPath ?? cacheDir,
      allowRemoteModels: allowRemote,
      allowLocalModels: true,
      useFSCache: true,
      useBrowserCache: false, // Obsidian is Electron: keep files in our data folder, not the renderer's Cache API
      remoteHost: this.opts.remoteHost ?? defaultRemoteHost,
    });
    report.start();
    let extractor: Extractor;
    try {
      extractor = await mod.pipeline('feature-extraction', model, {
        quantized,
        local_files_only: !allowRemote,
        progress_callback: report.event,
      });
    } catch (err: unknown) {
      const why = err instanceof Error ? err.message : String(err);
      throw new TransformersEmbedderError(
        'load-failed',
        model,
        `could not load model "${model}" (${onnxFile(quantized)}): ${why}`,
        { cause: err },
      );
    }
    if (generation !== this.generation) {
      await extractor.dispose();
      throw new TransformersEmbedderError(
        'load-failed',
        model,
        `dispose() was called while model "${model}" was loading`,
      );
    }
    const hidden = extractor.model.config?.['hidden_size'];
    this.extractor = extractor;
    this.dims = typeof hidden === 'number' && hidden > 0 ? hidden : 0;
    if (this.dims === 0) {
      const [probe] = await this.embed(['dimension probe'], 'passage'); // config without hidden_size: ask the model
      this.dims = probe?.length ?? 0;
    }
    report.finish();
  }

  /** Embeds texts in batches of `batchSize`, with the mode's prefix; returns unit vectors in input order. */
  async embed(texts: string[], mode: 'query' | 'passage'): Promise<Float32Array[]> {
    const extractor = this.extractor;
    if (!extractor)
      throw new Error('transformers-embedder: embed() called before init() finished (or after dispose())');
    const prefix = mode === 'query' ? this.queryPrefix : this.passagePrefix;
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((t) => prefix + t);
      const tensor = await extractor(batch, { pooling: this.pooling, normalize: true });
      const dims = tensor.dims[tensor.dims.length - 1] ?? 0;
      if (tensor.dims.length !== 2 || tensor.dims[0] !== batch.length || (this.dims > 0 && dims !== this.dims)) {
        throw new Error(
          `transformers-embedder: model "${this.opts.model}" returned shape [${tensor.dims.join(', ')}], ` +
            `expected [${batch.length}, ${this.dims || 'dims'}]`,
        );
      }
      for (let i = 0; i < batch.length; i++) out.push(unit(tensor.data.slice(i * dims, (i + 1) * dims), start + i));
    }
    return out;
  }

  /** Frees the ONNX session; init() may be called again afterwards. */
  async dispose(): Promise<void> {
    const extractor = this.extractor;
    this.extractor = null;
    this.loading = null;
    this.generation++;
    if (extractor) await extractor.dispose();
  }
}

/** Re-normalizes in double precision (the library's float32 norm can be off by an ulp) and rejects degenerate rows. */
function unit(v: Float32Array, index: number): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (!Number.isFinite(norm) || norm === 0) {
    throw new Error(`transformers-embedder: text #${index} gave a zero or non-finite vector`);
  }
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}
