// The host of an engine a CLI command has opened (`openEngine`, with its progress bar and Ctrl-C guard): the CLI
// calls the same EngineService methods as `overlay serve`, over this host instead of EngineHost. Conversations are
// files in `<dataDir>/conversations/`, as in `serve`.
import type { Engine } from '../engine';
import type { ConversationRunner, MethodHost } from '../hosted-engine';
import type { EngineStatus } from '../protocol';
import { ConversationSessions } from '../conversation-store';

/** A MethodHost over an open Engine (every stage resolves to it at once; the command runs the syncs). */
export class OpenedHost implements MethodHost<Engine> {
  private readonly sessions = new ConversationSessions();

  constructor(private readonly engine: Engine) {}

  /** Nothing to start: the engine is open. */
  start(): void {}

  /** The engine. */
  opened(): Promise<Engine> {
    return Promise.resolve(this.engine);
  }

  /** The engine (the command syncs it through the service's `index`). */
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
