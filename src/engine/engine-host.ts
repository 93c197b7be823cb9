// Hosts one Engine inside `overlay serve`: opens it in the background after the handshake, runs the start-up
// sync, and turns progress and failures into notifications.
import { join, resolve } from 'node:path';
import { Engine, type EngineOptions } from './engine';
import { ENGINE_NAME, type EngineStatus } from './protocol';
import type { ConversationRunner, MethodHost, Notify } from './hosted-engine';
import { ConversationSessions } from './conversation-store';
import { ENGINE_VERSION } from './version';
import { throttledProgress } from './progress-throttle';
import { startUpSync } from './start-up-sync';

export type { Notify } from './hosted-engine';

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Lazily started engine plus its start-up state. */
export class EngineHost implements MethodHost<Engine> {
  private readonly sessions = new ConversationSessions();
  private opening: Promise<Engine> | null = null;
  private readyPromise: Promise<Engine> | null = null;
  private engine: Engine | null = null;
  /** Forwards progress, at most ~10 per second per phase. */
  private readonly progress = throttledProgress((p) => this.notify('progress', p));

  constructor(
    private readonly opts: EngineOptions,
    private readonly notify: Notify,
  ) {}

  /** Starts opening and the first sync (idempotent); failures become an `error` notification. */
  start(): void {
    void this.ready().catch(() => undefined);
  }

  /** The opened engine (before its first sync finishes). */
  opened(): Promise<Engine> {
    this.opening ??= Engine.open({
      ...this.opts,
      onProgress: (p) => this.progress(p),
      onSynced: (r) => this.notify('synced', r),
      onError: (e) => this.notify('error', { message: errText(e) }),
    }).then(
      (e) => {
        // Logs go to stderr in `serve`; the stale lock is news for whoever reads them, not an error.
        if (e.lockNotice) console.warn(`overlay: ${e.lockNotice}`);
        return (this.engine = e);
      },
      (err: unknown) => {
        this.notify('error', { message: errText(err) });
        throw err;
      },
    );
    return this.opening;
  }

  /** The engine after its start-up sync (sends `ready` once). */
  ready(): Promise<Engine> {
    this.readyPromise ??= this.opened().then((engine) => startUpSync(engine, this.notify));
    return this.readyPromise;
  }

  /** Conversations live in `<dataDir>/conversations/`. */
  conversations(engine: Engine): ConversationRunner {
    return (id, fn) => this.sessions.run(engine.dataDir, id, fn);
  }

  /** Status, also before the engine is open. */
  status(): EngineStatus {
    if (this.engine) return this.engine.status();
    return {
      name: ENGINE_NAME,
      version: ENGINE_VERSION,
      vault: resolve(this.opts.vault),
      dataDir: resolve(this.opts.dataDir ?? join(this.opts.vault, '.overlay')),
      notes: 0,
      chunks: 0,
      indexing: this.opening !== null,
      embedder: this.opts.embedder ?? '',
      sizeBytes: 0,
    };
  }

  /** Closes the engine if it was opened. */
  async close(): Promise<void> {
    const opening = this.opening;
    if (!opening) return;
    const engine = await opening.catch(() => null);
    await engine?.close();
  }
}
