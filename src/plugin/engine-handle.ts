// What views need from the engine session: the current client, or a way to wait for one. Views
// depend on this small interface, so tests and the screenshot page can hand them a fake.
import type { EngineClient } from './engine-client';

/** Access to the running engine. */
export interface EngineHandle {
  /** The connected client, or null while the engine starts, restarts or has failed. */
  current(): EngineClient | null;
  /** Resolves with a client once the engine runs; rejects with a readable Error if it cannot start. */
  ready(): Promise<EngineClient>;
  /** Called with each new client (after a restart views reload their data); returns the unsubscribe. */
  onClient(listener: (client: EngineClient) => void): () => void;
}
