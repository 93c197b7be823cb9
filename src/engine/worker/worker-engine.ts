// The engine of the plugin's Web Worker: the same index state, incremental sync, retrieval view and related notes
// as the Node engine, with notes read through the plugin (the vault adapter, so mobile works), the exact column
// scan for the local embedder (HNSW on hnswlib-wasm for a dense embedder), and the index kept as per-note records
// in a RecordStore (IndexedDB, per device, out of the vault), in the same record format as the CLI's data dir
// (src/core/storage/index-records.ts). The vector and lexical indexes are rebuilt from the records at open.
import type { Embedder, ProgressFn } from '../../core/types';
import { chunkerSignature, DEFAULT_CHUNKER } from '../../core/markdown/chunk-note';
import { LocalEmbedder } from '../../core/embed/local-embedder';
import { EF_SEARCH } from '../../core/index/hnsw-graph';
import { HnswWasmIndex, loadHnswWasm } from '../../core/index/hnsw-wasm-index';
import { ScanIndex } from '../../core/index/scan-index';
import type { RecordStore } from '../../core/storage/record-store';
import { createView, type RetrievalView } from '../engine-view';
import { EngineError } from '../errors';
import { EventQueue, queueFileEvent } from '../file-events';
import type { HostedEngine } from '../hosted-engine';
import { IndexState } from '../index-state';
import { fingerprintFolder } from '../manifest';
import { DEFAULT_MAX_NOTE_BYTES } from '../note-reader';
import { ENGINE_NAME, type EngineStatus, type FileEvent, type RelatedNote, type SyncReport } from '../protocol';
import type { StoredChunk } from '../records';
import { relatedNotes, resolveNoteName } from '../related';
import { syncIndex, type SyncSource } from '../sync';
import { ENGINE_VERSION } from '../version';
import { DEFAULT_RELATED_K } from '../../core/defaults';
import { BackgroundWork } from '../background-work';
import { changedRecords, loadWorkerIndex } from './worker-records';
import { SerialQueue } from '../../core/util/serial-queue';
import {
  INDEX_FORMAT_VERSION,
  META_COLLECTION,
  META_KEY,
  NOTES_COLLECTION,
  encodeMeta,
  type MetaRecord,
} from '../../core/storage/index-records';

/** Options of WorkerEngine.open. */
export interface WorkerEngineOptions {
  /** The vault's name (messages, status). */
  vault: string;
  source: SyncSource;
  store: RecordStore;
  /** Only 'local' runs in this build. */
  embedder?: string;
  maxNoteBytes?: number;
  /** Quiet time a burst of file events leaves before its trailing sync (default 300 ms); a lone event syncs at once. */
  debounceMs?: number;
  /** Commit after this many embedded chunks during a long first sync (default 500), so progress survives a reload. */
  checkpointEvery?: number;
  /** Builds the embedder from its spec (tests wrap it); default workerEmbedder. */
  embedderFactory?: (spec: string) => Embedder;
  onProgress?: ProgressFn;
  onSynced?: (r: SyncReport) => void;
  onError?: (e: unknown) => void;
}

/**
 * Graph build effort in the worker. Building the graph dominates a first index there (a CPU profile of the
 * developer-docs sync with the worker's code in Node: 7.1 of 18.1 s in hnswlib's distance function, wasm without
 * SIMD); 100 instead of hnswlib's 200 took that sync from 17.2 to 11.8 s with Recall@5 unchanged and MRR within
 * 0.001 of the CLI on both dev sets (test/engine/worker/worker-quality-shared.test.ts).
 */
export const WORKER_EF_CONSTRUCTION = 100;

/** Builds the embedder of a spec; transformers models are not part of this build. */
export function workerEmbedder(spec: string): Embedder {
  if (spec.trim() === 'local') return new LocalEmbedder();
  throw new EngineError(
    'bad-config',
    `the embedder "${spec}" is not available in this build of the plugin: it runs the built-in "local" embedder only`,
  );
}

/** The index of one vault inside the worker. */
export class WorkerEngine implements HostedEngine {
  private readonly queue = new SerialQueue();
  private syncing = false;
  private closed = false;
  private readonly events = new EventQueue();
  private lastSync: SyncReport | undefined;
  private readonly background = new BackgroundWork();
  /** Paths that have a stored note record / vector record (deletes are written only for those). */
  private readonly storedNotes: Set<string>;
  private readonly storedVectors: Set<string>;
  private meta: MetaRecord | null;
  /** True when this device had no index at open: its first sync only adds notes. */
  readonly firstIndex: boolean;
  private readonly vectorsCollection: string;
  private readonly chunker = chunkerSignature(DEFAULT_CHUNKER);

  private constructor(
    private readonly opts: WorkerEngineOptions,
    private readonly embedder: Embedder,
    private readonly state: IndexState,
    private lost: StoredChunk[],
    private readonly rebuilt: string[],
    stored: { meta: MetaRecord | null; notes: Set<string>; vectors: Set<string> },
  ) {
    this.vectorsCollection = fingerprintFolder(embedder.fingerprint);
    this.meta = stored.meta;
    this.storedNotes = stored.notes;
    this.storedVectors = stored.vectors;
    this.firstIndex = state.notes.size === 0;
  }

  /** Loads the stored records, rebuilds the vector and lexical indexes from them, and returns the engine. */
  static async open(o: WorkerEngineOptions): Promise<WorkerEngine> {
    const embedder = (o.embedderFactory ?? workerEmbedder)(o.embedder ?? 'local');
    await embedder.init(o.onProgress);
    const fp = embedder.fingerprint;
    // Sparse queries (the local embedder) are answered exactly by a column scan: no graph to build, no WASM to load.
    const vectorIndex = embedder.sparseQueries
      ? new ScanIndex(fp.dims)
      : new HnswWasmIndex(await loadHnswWasm(), fp.dims, {
          efSearch: EF_SEARCH,
          efConstruction: WORKER_EF_CONSTRUCTION,
        });
    o.onProgress?.({ phase: 'load', done: 0, total: 1, message: 'loading index' });
    const loaded = await loadWorkerIndex(o.store, fp, vectorIndex);
    o.onProgress?.({ phase: 'load', done: 1, total: 1, message: 'index loaded' });
    return new WorkerEngine(o, embedder, loaded.state, loaded.lost, loaded.problems, loaded.stored);
  }

  /** Brings the index up to date with the vault and commits what changed. */
  sync(opts: { full?: boolean } = {}): Promise<SyncReport> {
    return this.exclusive(async () => {
      const report = await this.runSync(opts.full ? { full: true } : {});
      await this.commit();
      return report;
    });
  }

  /** The notes most related to `note`, best first. */
  async related(note: string, k = DEFAULT_RELATED_K): Promise<RelatedNote[]> {
    return relatedNotes(this.state, resolveNoteName(this.state, this.opts.vault, note), k);
  }

  /** Queues a vault change; a lone change syncs at once, a burst in one more sync once it is quiet. */
  applyFileEvent(e: FileEvent): { queued: boolean } {
    if (!queueFileEvent(this.events, e, this.closed)) return { queued: false };
    this.background.coalesce({ quietMs: this.opts.debounceMs ?? 300 }, () =>
      this.exclusive(async () => {
        const batch = this.events.take();
        if (batch.paths.size === 0 && !batch.full) return;
        await this.runSync(batch.full ? {} : { only: batch.paths });
        await this.commit();
      }).catch((err: unknown) => this.opts.onError?.(err)),
    );
    return { queued: true };
  }

  /** Resolves when queued file events have been synced. */
  whenIdle(): Promise<void> {
    return this.background.whenIdle();
  }

  /** Only the built-in embedder runs in the worker; the note size limit can change. */
  configure(c: { embedder?: string; maxNoteBytes?: number }): Promise<void> {
    return this.exclusive(async () => {
      if (c.embedder !== undefined && c.embedder.trim() !== 'local') workerEmbedder(c.embedder);
      if (c.maxNoteBytes !== undefined) {
        if (!(c.maxNoteBytes > 0))
          throw new EngineError('bad-config', `maxNoteBytes must be positive, got ${c.maxNoteBytes}`);
        this.opts.maxNoteBytes = c.maxNoteBytes;
      }
    });
  }

  /** Read access for the retriever. */
  view(): RetrievalView {
    return createView(() => ({ state: this.state, embedder: this.embedder }));
  }

  /** Counts and state for the status bar and settings tab. */
  async status(): Promise<EngineStatus> {
    return {
      name: ENGINE_NAME,
      version: ENGINE_VERSION,
      vault: this.opts.vault,
      dataDir: this.opts.store.location,
      notes: this.state.notes.size,
      chunks: this.state.chunks.size,
      indexing: this.syncing,
      embedder: 'local',
      sizeBytes: await this.opts.store.sizeBytes().catch(() => 0),
      ...(this.lastSync ? { lastSync: this.lastSync } : {}),
    };
  }

  /** Counts without touching the store (for the status of a host that must answer synchronously). */
  counts(): { notes: number; chunks: number; indexing: boolean } {
    return { notes: this.state.notes.size, chunks: this.state.chunks.size, indexing: this.syncing };
  }

  /** Stops work, commits what changed and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.background.cancelPending();
    await this.queue.settled();
    await this.commit().catch(() => undefined);
    await this.opts.store.close();
  }

  private async runSync(o: { full?: boolean; only?: ReadonlySet<string> }): Promise<SyncReport> {
    if (this.closed && !this.syncing) throw new EngineError('closed', 'the engine is closed');
    this.syncing = true;
    try {
      const lost = this.lost;
      this.lost = [];
      const report = await syncIndex({
        source: this.opts.source,
        state: this.state,
        embedder: this.embedder,
        chunker: DEFAULT_CHUNKER,
        maxNoteBytes: this.opts.maxNoteBytes ?? DEFAULT_MAX_NOTE_BYTES,
        lost,
        ...(o.only ? { only: o.only } : {}),
        ...(o.full ? { full: true } : {}),
        checkpointEvery: this.opts.checkpointEvery ?? 500,
        checkpoint: () => this.commit(false),
        shouldStop: () => this.closed,
        ...(this.opts.onProgress ? { onProgress: this.opts.onProgress } : {}),
      });
      if (this.rebuilt.length > 0) report.rebuilt = this.rebuilt.splice(0).join('; ');
      this.lastSync = report;
      this.opts.onSynced?.(report);
      return report;
    } finally {
      this.syncing = false;
    }
  }

  /** Writes the records of notes that changed since the last commit (and deletes those of notes that left). */
  private async commit(gc = true): Promise<void> {
    const st = this.state;
    const fp = this.embedder.fingerprint;
    const meta: MetaRecord = {
      formatVersion: INDEX_FORMAT_VERSION,
      createdAt: this.meta?.createdAt ?? new Date().toISOString(),
      chunker: this.chunker,
      embedder: { spec: 'local', fingerprint: fp, folder: this.vectorsCollection },
      nextLabel: st.nextLabel,
    };
    if (!st.hasChanges() && this.meta && this.meta.nextLabel === meta.nextLabel) return;
    const writes = changedRecords(st, {
      vectorsCollection: this.vectorsCollection,
      dims: fp.dims,
      storedNotes: this.storedNotes,
      storedVectors: this.storedVectors,
    });
    writes.push({ collection: META_COLLECTION, key: META_KEY, value: encodeMeta(meta) });
    this.opts.onProgress?.({ phase: 'save', done: 0, total: 1 });
    await this.opts.store.commit(writes);
    for (const w of writes) {
      const set =
        w.collection === NOTES_COLLECTION
          ? this.storedNotes
          : w.collection === this.vectorsCollection
            ? this.storedVectors
            : null;
      if (set && w.value) set.add(w.key);
      else set?.delete(w.key);
    }
    this.meta = meta;
    st.markSaved();
    // Vectors no chunk uses any more leave memory (the records hold only live ones); not mid-sync, where a renamed
    // note may still reuse them.
    if (gc) st.dropUnusedVectors();
    this.opts.onProgress?.({ phase: 'save', done: 1, total: 1 });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }
}
