// The host of an engine a CLI command has already opened and synced (`withSyncedEngine`): the CLI calls the same
// EngineService methods as `overlay serve`, over this host instead of EngineHost. Conversations are files in
// `<dataDir>/conversations/`, as in `serve`.
import type { Engine } from '../engine';
import type { ConversationRunner, MethodHost } from '../hosted-engine';
import type { EngineStatus } from '../protocol';
import { ConversationSessions } from '../conversation-store';

/** A MethodHost over an open, synced Engine (every stage resolves to it at once). */
export class SyncedHost implements MethodHost<Engine> {
  private readonly sessions = new ConversationSessions();

  constructor(private readonly engine: Engine) {}

  /** Nothing to start: the engine is open. */
  start(): void {}

  /** The engine. */
  opened(): Promise<Engine> {
    return Promise.resolve(this.engine);
  }

  /** The engine (already synced by the command). */
  ready(): Promise<Engine> {
    return Promise.resolve(this.engine);
  }

  /** The engine's status. */
  status(): EngineStatus {
    return this.engine.status();
  }

  /** Conversations live in `<dataDir>/conversations/`. */
  conversations(engine: Engine): ConversationRunner {
    return (id, fn) => this.sessions.run(engine.dataDir, id, fn);
  }
}
