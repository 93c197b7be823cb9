// Builds the embedder a user names on the command line or in settings: 'local' (zero-download, the default) or
// 'transformers:<model-id>' (a Hugging Face model cached under the data folder).
import type { Embedder } from '../types';
import { LocalEmbedder } from './local-embedder';
import { TransformersEmbedder } from './transformers-embedder';

/** The embedder used until the user chooses a model. */
export const DEFAULT_EMBEDDER_SPEC = 'local';

/** An embedder spec that names no known embedder (an expected failure with a readable message). */
export class EmbedderSpecError extends Error {
  override readonly name = 'EmbedderSpecError';
  constructor(readonly spec: string) {
    super(
      `unknown embedder "${spec}": use "local" or "transformers:<model-id>" (e.g. transformers:Xenova/all-MiniLM-L6-v2)`,
    );
  }
}

/** Options for createEmbedder. */
export interface CreateEmbedderOptions {
  /** The index data folder; downloaded models are cached in `<dataDir>/models`. */
  dataDir: string;
  /** Never touch the network (a model must already be cached or in localModelPath). */
  offline?: boolean;
  /** A folder holding models as `<localModelPath>/<model-id>/...`. */
  localModelPath?: string;
}

/** Creates the embedder named by `spec`; throws EmbedderSpecError for an unknown spec. */
export function createEmbedder(spec: string, opts: CreateEmbedderOptions): Embedder {
  const s = spec.trim();
  if (s === 'local') return new LocalEmbedder();
  const m = /^transformers:(.+)$/.exec(s);
  const model = m?.[1]?.trim();
  if (model) {
    return new TransformersEmbedder({
      model,
      // Joined by hand: src/core has no node:path (Node accepts '/' on every platform).
      cacheDir: `${opts.dataDir.replace(/[\\/]+$/, '')}/models`,
      ...(opts.localModelPath !== undefined ? { localModelPath: opts.localModelPath } : {}),
      allowRemote: !opts.offline,
    });
  }
  throw new EmbedderSpecError(spec);
}
