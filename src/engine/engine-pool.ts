// Whether an Engine sync runs on index worker threads, and how they are set up.
import { DEFAULT_CHUNKER } from '../core/markdown/chunk-note';
import { DEFAULT_EMBEDDER_SPEC } from '../core/embed/create-embedder';
import type { EngineOptions } from './engine-options';
import { defaultWorkerUrl, guardLimits, indexPool, indexWorkerCount } from './index-pool';
import type { OpenedState } from './open-state';
import type { SyncPool } from './sync-pooled';

/** The worker pool option of a sync: only for the built-in local embedder, which every thread builds alike. */
export function enginePool(
  opts: EngineOptions,
  s: Pick<OpenedState, 'spec' | 'embedder'>,
  at: { vault: string; dataDir: string; maxNoteBytes: number },
): { pool: SyncPool } | Record<string, never> {
  if (opts.embedderFactory || s.spec !== DEFAULT_EMBEDDER_SPEC) return {};
  const pool = indexPool({
    workers: indexWorkerCount(opts.indexWorkers),
    workerUrl: opts.indexWorkerUrl ?? defaultWorkerUrl(),
    ...(opts.poolMinNotes !== undefined ? { minNotes: opts.poolMinNotes } : {}),
    init: {
      root: at.vault,
      exclude: [at.dataDir],
      chunker: opts.chunker ?? DEFAULT_CHUNKER,
      maxNoteBytes: at.maxNoteBytes,
      noteGuard: guardLimits(opts.noteGuard),
      fingerprint: s.embedder.fingerprint,
    },
  });
  return pool ? { pool } : {};
}
