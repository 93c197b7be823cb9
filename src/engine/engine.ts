// The engine: owns the persistent index of one vault. The CLI uses it in-process, `overlay serve --stdio`
// exposes it over JSON-RPC, and the retriever reads it through view().
import { join, resolve } from 'node:path';
import { chunkerSignature, DEFAULT_CHUNKER } from '../core/markdown/chunk-note';
import { createEmbedder, DEFAULT_EMBEDDER_SPEC } from '../core/embed/create-embedder';
import type { EngineOptions } from './engine-options';
import { ENGINE_NAME, type EngineStatus, type FileEvent, type RelatedNote, type SyncReport } from './protocol';
import { EngineError } from './errors';
import { EventQueue, queueFileEvent } from './file-events';
import { FsNoteSource } from './fs-note-source';
import type { DataDirLock } from './lock';
import { openDataDir } from './data-dir';
import { DEFAULT_MAX_NOTE_BYTES } from './note-reader';
import { relatedNotes, resolveNoteName } from './related';
import { IndexStore } from './store';
import type { WriteStats } from '../core/storage/record-store';
import { openState, type OpenedState } from './open-state';
import { syncIndex } from './sync';
import { enginePool } from './engine-pool';
import { createView, type RetrievalView } from './engine-view';
import { ENGINE_VERSION } from './version';
import { DEFAULT_RELATED_K } from '../core/defaults';
import { BackgroundWork } from './background-work';
import { SerialQueue } from '../core/util/serial-queue';

export type { NoteRecord } from './records';
export type { RetrievalView } from './engine-view';
export type { EngineOptions } from './engine-options';

/** The persistent, incrementally synced index of one vault. */
export class Engine {
  private readonly queue = new SerialQueue();
  private syncing = false;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly events = new EventQueue();
  private saveTimer: NodeJS.Timeout | null = null;
  private lastSync: SyncReport | undefined;
  private readonly background = new BackgroundWork();
  private sizeBytes = 0;
  private compactQueued = false;

  private constructor(
    readonly vault: string,
    readonly dataDir: string,
    private readonly source: FsNoteSource,
    private readonly lock: DataDirLock,
    private readonly store: IndexStore,
    private readonly opts: EngineOptions,
    private s: OpenedState,
    private maxNoteBytes: number,
  ) {}

  /** Opens (or creates) the index of a vault; throws EngineError for a missing vault or a locked data dir. */
  static async open(opts: EngineOptions): Promise<Engine> {
    const vault = resolve(opts.vault);
    const dataDir = resolve(opts.dataDir ?? join(vault, '.overlay'));
    const source = new FsNoteSource(vault, [dataDir]);
    await source.check();
    const lock = await openDataDir(vault, dataDir);
    try {
      const maxNoteBytes = opts.maxNoteBytes ?? DEFAULT_MAX_NOTE_BYTES;
      if (!(maxNoteBytes > 0))
        throw new EngineError('bad-config', `the note size limit must be positive, got ${maxNoteBytes}`);
      const store = await IndexStore.open(dataDir);
      const state = await openState(Engine.stateOptions(dataDir, store, opts, opts.embedder));
      const engine = new Engine(vault, dataDir, source, lock, store, opts, state, maxNoteBytes);
      engine.sizeBytes = await store.sizeBytes();
      return engine;
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  private static stateOptions(dataDir: string, store: IndexStore, opts: EngineOptions, spec: string | undefined) {
    return {
      store,
      spec,
      defaultSpec: DEFAULT_EMBEDDER_SPEC,
      chunker: chunkerSignature(opts.chunker ?? DEFAULT_CHUNKER),
      embedderFactory: opts.embedderFactory ?? createEmbedder,
      embedderOptions: {
        dataDir,
        ...(opts.offline !== undefined ? { offline: opts.offline } : {}),
        ...(opts.localModelPath !== undefined ? { localModelPath: opts.localModelPath } : {}),
      },
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    };
  }

  /** One line when opening took over a lock left by a process that is gone (a crash or kill), else null. */
  get lockNotice(): string | null {
    return this.lock.takenOver;
  }

  /** Brings the index up to date with the vault and saves it. */
  sync(opts: { full?: boolean } = {}): Promise<SyncReport> {
    return this.exclusive(async () => {
      const report = await this.runSync(opts.full ? { full: true } : {});
      await this.save();
      return report;
    });
  }

  /** The notes most related to `note` (a vault path with or without .md, or a link-style name), best first. */
  async related(note: string, k = DEFAULT_RELATED_K): Promise<RelatedNote[]> {
    return relatedNotes(this.s.state, this.resolveNote(note), k);
  }

  /** The indexed path a user's or a link's name refers to; EngineError('unknown-note') when none. */
  resolveNote(note: string): string {
    return resolveNoteName(this.s.state, this.vault, note);
  }

  /** Counts and state for a status bar or settings tab. */
  status(): EngineStatus {
    const st = this.s.state;
    return {
      name: ENGINE_NAME,
      version: ENGINE_VERSION,
      vault: this.vault,
      dataDir: this.dataDir,
      notes: st.notes.size,
      chunks: st.chunks.size,
      indexing: this.syncing,
      embedder: this.s.spec,
      sizeBytes: this.sizeBytes,
      ...(this.lastSync ? { lastSync: this.lastSync } : {}),
    };
  }

  /** Bytes the index store wrote since open, by kind (commits, compaction, caches). */
  writeStats(): WriteStats {
    return { ...this.store.records.stats };
  }

  /** Queues a vault change; a lone change syncs at once, a burst in one more sync once it is quiet. Returns false if ignored. */
  applyFileEvent(e: FileEvent): { queued: boolean } {
    if (!queueFileEvent(this.events, e, this.closed)) return { queued: false };
    this.background.coalesce({ quietMs: this.opts.debounceMs ?? 300 }, () =>
      this.exclusive(() => this.syncEvents()).catch((err: unknown) => {
        this.opts.onError?.(err);
      }),
    );
    return { queued: true };
  }

  /** Resolves when queued file events have been synced (for tests and shutdown). */
  whenIdle(): Promise<void> {
    return this.background.whenIdle();
  }

  /** Switches the embedder (its vectors go to their own folder) or the note size limit. */
  configure(c: { embedder?: string; maxNoteBytes?: number }): Promise<void> {
    return this.exclusive(async () => {
      if (c.maxNoteBytes !== undefined) {
        if (!(c.maxNoteBytes > 0))
          throw new EngineError('bad-config', `maxNoteBytes must be positive, got ${c.maxNoteBytes}`);
        this.maxNoteBytes = c.maxNoteBytes;
      }
      if (c.embedder !== undefined && c.embedder !== this.s.spec) {
        await this.save();
        const next = await openState(Engine.stateOptions(this.dataDir, this.store, this.opts, c.embedder));
        await this.s.embedder.dispose?.();
        this.s = next;
      }
    });
  }

  /** Read access for the retriever; reflects later syncs and embedder switches. */
  view(): RetrievalView {
    return createView(() => this.s);
  }

  /**
   * Stops work (a running sync ends after its current group of notes), saves what changed and releases the data
   * dir. Every call returns the same promise, so a second caller also waits until the save is done.
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.closed = true;
    this.background.cancelPending();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    try {
      await this.queue.settled();
      await this.save();
      // The compaction that save may have queued.
      await this.queue.settled();
    } finally {
      await this.s.embedder.dispose?.().catch(() => undefined);
      await this.store.close().catch(() => undefined);
      this.lock.release();
    }
  }

  private async syncEvents(): Promise<void> {
    const batch = this.events.take();
    if (batch.paths.size === 0 && !batch.full) return;
    await this.runSync(batch.full ? {} : { only: batch.paths });
    const delay = this.opts.saveDelayMs ?? 2_000;
    if (delay <= 0) await this.save();
    else if (!this.saveTimer) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = null;
        void this.exclusive(() => this.save()).catch((err: unknown) => this.opts.onError?.(err));
      }, delay);
      this.saveTimer.unref();
    }
  }

  private async runSync(o: { full?: boolean; only?: ReadonlySet<string> }): Promise<SyncReport> {
    if (this.closed && !this.syncing) throw new EngineError('closed', 'the engine is closed');
    this.syncing = true;
    try {
      const lost = this.s.lost;
      this.s.lost = [];
      const report = await syncIndex({
        source: this.source,
        state: this.s.state,
        embedder: this.s.embedder,
        chunker: this.opts.chunker ?? DEFAULT_CHUNKER,
        ...(this.opts.noteGuard ? { noteGuard: this.opts.noteGuard } : {}),
        maxNoteBytes: this.maxNoteBytes,
        lost,
        ...(o.only ? { only: o.only } : {}),
        ...(o.full ? { full: true } : {}),
        ...(this.opts.checkpointEvery ? { checkpointEvery: this.opts.checkpointEvery } : {}),
        ...(this.opts.batchSize ? { batchSize: this.opts.batchSize } : {}),
        checkpoint: () => this.save(false),
        shouldStop: () => this.closed,
        ...(this.opts.onProgress ? { onProgress: this.opts.onProgress } : {}),
        ...enginePool(this.opts, this.s, { vault: this.vault, dataDir: this.dataDir, maxNoteBytes: this.maxNoteBytes }),
      });
      if (this.s.rebuilt.length > 0) report.rebuilt = this.s.rebuilt.join('; ');
      this.s.rebuilt = [];
      this.lastSync = report;
      this.opts.onSynced?.(report);
      return report;
    } finally {
      this.syncing = false;
    }
  }

  /**
   * Commits the records that changed. `gc` (between syncs, never mid-run) also drops vectors no chunk uses from
   * memory and lets the store refresh stale caches and compact.
   */
  private async save(gc = true): Promise<void> {
    const st = this.s.state;
    if (gc) st.dropUnusedVectors();
    const meta = this.store.meta();
    if (!st.hasChanges() && meta && !(gc && this.store.maintenanceDue(st))) return;
    // A new index that never held a note (e.g. a run stopped before its first sync) has nothing worth writing.
    if (!meta && st.notes.size === 0 && st.chunks.size === 0) return;
    this.opts.onProgress?.({ phase: 'save', done: 0, total: 1 });
    await this.store.save(
      st,
      {
        spec: this.s.spec,
        fingerprint: this.s.embedder.fingerprint,
        chunker: chunkerSignature(this.opts.chunker ?? DEFAULT_CHUNKER),
      },
      { caches: gc },
    );
    this.sizeBytes = await this.store.sizeBytes();
    this.opts.onProgress?.({ phase: 'save', done: 1, total: 1 });
    // Compaction runs as its own queued task after this one, so a sync's answer does not wait for it.
    if (gc && !this.compactQueued) {
      this.compactQueued = true;
      const work = this.exclusive(async () => {
        this.compactQueued = false;
        if (await this.store.compact()) this.sizeBytes = await this.store.sizeBytes();
      }).catch((err: unknown) => this.opts.onError?.(err));
      this.background.track(work);
    }
  }

  /** Runs tasks one at a time (syncs, saves, reconfiguration). */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }
}
