// What the JSON-RPC methods need from an engine and its host. Two hosts implement it: EngineHost (the Node engine
// of `overlay serve`, files in a data dir) and WorkerHost (the plugin's Web Worker, records in IndexedDB).
import type { RetrievalView } from './engine-view';
import type { EngineNotifications, EngineStatus, FileEvent, RelatedNote, SyncReport } from './protocol';
import type { ConversationMemory } from '../core/memory/conversation-memory';

/** Sends a notification to the client. */
export type Notify = <K extends keyof EngineNotifications>(method: K, params: EngineNotifications[K]) => void;

/** An opened engine over one vault. */
export interface HostedEngine {
  sync(opts?: { full?: boolean }): Promise<SyncReport>;
  related(note: string, k?: number): Promise<RelatedNote[]>;
  applyFileEvent(e: FileEvent): { queued: boolean };
  configure(c: { embedder?: string; maxNoteBytes?: number }): Promise<void>;
  view(): RetrievalView;
}

/** Runs `fn` with a conversation's memory (loaded or new) and saves it after; `warning` tells of a lost one. */
export type ConversationRunner = <T>(
  id: string,
  fn: (memory: ConversationMemory, warning?: string) => Promise<T>,
) => Promise<T>;

/** Opens the engine lazily and reports its status. */
export interface MethodHost<E extends HostedEngine = HostedEngine> {
  start(): void;
  /** The opened engine (before its first sync finishes). */
  opened(): Promise<E>;
  /** The engine after its start-up sync. */
  ready(): Promise<E>;
  /**
   * The engine once it can answer questions: after the start-up sync, or earlier when a host lets a first index
   * answer from the notes indexed so far (the plugin's worker). Default: ready().
   */
  queryable?(): Promise<E>;
  status(): EngineStatus;
  /** Where conversations of this engine are kept. */
  conversations(engine: E): ConversationRunner;
}
