// What Engine.open takes: the vault and data dir, the embedder and its model source, limits, timing of event-driven
// syncs and saves, callbacks, and the index worker pool.
import type { ChunkerOptions } from '../core/markdown/chunk-note';
import type { NoteGuard } from '../core/markdown/prepare-note';
import type { CreateEmbedderOptions } from '../core/embed/create-embedder';
import type { Embedder, ProgressFn } from '../core/types';
import type { SyncReport } from './protocol';

/** Options of Engine.open. */
export interface EngineOptions {
  vault: string;
  /** Index folder; default `<vault>/.overlay`. */
  dataDir?: string;
  /** 'local' or 'transformers:<model-id>'; default: the one the index was built with, else 'local'. */
  embedder?: string;
  offline?: boolean;
  localModelPath?: string;
  /** Largest note indexed, in bytes (default 5 MB). */
  maxNoteBytes?: number;
  onProgress?: ProgressFn;
  chunker?: ChunkerOptions;
  /** Per-note guard (size and time limits); tests widen it to check content independently of machine load. */
  noteGuard?: Partial<NoteGuard>;
  /** Quiet time a burst of file events leaves before its trailing sync (default 300 ms); a lone event syncs at once. */
  debounceMs?: number;
  /** Delay before committing after event-driven syncs, so a burst of typing is one commit (default 2 s; a commit is a few KB). */
  saveDelayMs?: number;
  /** Save a checkpoint after this many embedded chunks during a long sync (default 2,000). */
  checkpointEvery?: number;
  /** Texts per embed call (default 64). */
  batchSize?: number;
  /** Called after every sync (explicit or event-driven). */
  onSynced?: (r: SyncReport) => void;
  /** Called when a background (event-driven) sync or save fails. */
  onError?: (e: unknown) => void;
  /** Builds the embedder from its spec (tests pass fakes); default createEmbedder. */
  embedderFactory?: (spec: string, opts: CreateEmbedderOptions) => Embedder;
  /** Worker threads for syncs over many changed notes (0: none; default OVERLAY_INDEX_WORKERS, else cores - 1). */
  indexWorkers?: number;
  /** The index worker script (default: dist/index-worker.mjs beside the bundle; tests build their own). */
  indexWorkerUrl?: URL;
  /** Changed notes from which a sync uses the workers (default 200). */
  poolMinNotes?: number;
}
