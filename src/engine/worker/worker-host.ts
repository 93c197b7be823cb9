// Hosts the WorkerEngine behind the JSON-RPC methods, as EngineHost does for `overlay serve`: opens it on the
// handshake, runs the start-up sync, warms the retrieval path, sends progress/ready/error notifications, and keeps
// conversations as records of the same store (so they stay on this device with the index).
import { ConversationMemory } from '../../core/memory/conversation-memory';
import type { ConversationRunner, MethodHost, Notify } from '../hosted-engine';
import { ENGINE_NAME, type EngineStatus } from '../protocol';
import { ENGINE_VERSION } from '../version';
import { WorkerEngine, type WorkerEngineOptions } from './worker-engine';
import { throttledProgress } from '../progress-throttle';
import { startUpSync } from '../start-up-sync';
import { SerialQueue } from '../../core/util/serial-queue';

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const CONVERSATIONS = 'conversations';
const jsonBytes = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const parseJson = (b: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(b));

/** Lazily opened worker engine plus its start-up state. */
export class WorkerHost implements MethodHost<WorkerEngine> {
  private opening: Promise<WorkerEngine> | null = null;
  private readyPromise: Promise<WorkerEngine> | null = null;
  private engine: WorkerEngine | null = null;
  /** Forwards progress, at most ~10 per second per phase. */
  private readonly progress = throttledProgress((p) => this.notify('progress', p));
  private readonly memories = new Map<string, ConversationMemory>();
  /** Conversation turns, one at a time: each loads and commits its record. */
  private readonly queue = new SerialQueue();

  constructor(
    private readonly opts: Omit<WorkerEngineOptions, 'onProgress' | 'onSynced' | 'onError'>,
    private readonly notify: Notify,
    /** How often queryable() looks at a first index's progress. */
    private readonly pollMs = 250,
  ) {}

  start(): void {
    void this.ready().catch(() => undefined);
  }

  opened(): Promise<WorkerEngine> {
    this.opening ??= WorkerEngine.open({
      ...this.opts,
      onProgress: (p) => this.progress(p),
      onSynced: (r) => this.notify('synced', r),
      onError: (e) => this.notify('error', { message: errText(e) }),
    }).then(
      (e) => (this.engine = e),
      (err: unknown) => {
        this.notify('error', { message: errText(err) });
        throw err;
      },
    );
    return this.opening;
  }

  ready(): Promise<WorkerEngine> {
    this.readyPromise ??= this.opened().then((engine) => startUpSync(engine, this.notify));
    return this.readyPromise;
  }

  /**
   * During a first index (nothing was stored on this device yet), questions are answered from the notes indexed
   * so far once there are some; notes are committed to the index in groups, so every chunk found is whole.
   */
  async queryable(): Promise<WorkerEngine> {
    const ready = this.ready();
    const engine = await this.opened();
    for (;;) {
      // Only a first index: a later start-up sync may remove chunks a question is being answered from.
      if (!engine.firstIndex) return ready;
      if (engine.counts().chunks > 0) return engine;
      const done = await Promise.race([
        ready.then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), this.pollMs)),
      ]);
      if (done) return ready;
    }
  }

  status(): EngineStatus {
    const c = this.engine?.counts() ?? { notes: 0, chunks: 0, indexing: this.opening !== null };
    return {
      name: ENGINE_NAME,
      version: ENGINE_VERSION,
      vault: this.opts.vault,
      dataDir: this.opts.store.location,
      notes: c.notes,
      chunks: c.chunks,
      indexing: c.indexing,
      embedder: 'local',
      sizeBytes: 0,
      storeBytesWritten:
        this.opts.store.stats.commitBytes + this.opts.store.stats.compactionBytes + this.opts.store.stats.cacheBytes,
    };
  }

  /** Conversations live in the store's `conversations` collection, one record each, one turn at a time. */
  conversations(): ConversationRunner {
    return <T>(id: string, fn: (memory: ConversationMemory, warning?: string) => Promise<T>): Promise<T> => {
      return this.queue.run(async () => {
        let memory = this.memories.get(id);
        let warning: string | undefined;
        if (!memory) {
          const loaded = await this.opts.store.load([CONVERSATIONS]);
          const bytes = loaded.records.get(CONVERSATIONS)?.get(id);
          const parsed = bytes ? ConversationMemory.fromJSON(safeParse(bytes)) : null;
          if (parsed && !parsed.ok)
            warning = `conversation "${id}" could not be read (${parsed.error}); a new one was started`;
          memory = parsed?.ok ? parsed.value : new ConversationMemory(id);
          this.memories.set(id, memory);
        }
        const out = await fn(memory, warning);
        await this.opts.store.commit([{ collection: CONVERSATIONS, key: id, value: jsonBytes(memory.toJSON()) }]);
        return out;
      });
    };
  }

  /** Closes the engine if it was opened. */
  async close(): Promise<void> {
    const engine = await this.opening?.catch(() => null);
    await engine?.close();
  }
}

function safeParse(bytes: Uint8Array): unknown {
  try {
    return parseJson(bytes);
  } catch {
    return null;
  }
}
