// The engine's public API shapes, shared by the CLI (in-process), `overlay serve --stdio` (JSON-RPC 2.0,
// one JSON object per line) and the Obsidian plugin's engine client.
import type { AskAnswer, BoundedContext, Progress } from '../core/types';
import type { LlmRanking } from '../core/retrieval/llm-ranker';
import type { RetrieverMode } from '../core/retrieval/source';
import type { AskSavingDetail } from '../core/cost/ask-saving';
import type { ConversationReport } from '../core/cost/conversation';
import type { KvRetention } from '../core/cost/kv-retention';
import type { EngineErrorCode } from './errors';

export type { AskAnswer, AskSaving, BoundedContext, ChunkTrace, ContextChunk } from '../core/types';
export type { AskSavingDetail, ConversationReport, EngineErrorCode, KvRetention, RetrieverMode };

/** Name the engine answers to in the `initialize` handshake. */
export const ENGINE_NAME = 'overlay-memory-engine';
/** Protocol version; bump on incompatible changes. */
export const PROTOCOL_VERSION = 1;

/** Result of one incremental sync (`overlay index --json`). */
export interface SyncReport {
  notes: number;
  chunks: number;
  /** Chunks embedded in this run. */
  embedded: number;
  /** Chunks whose stored vector was reused. */
  reused: number;
  /** Chunks removed (deleted, renamed or changed notes). */
  removed: number;
  ms: number;
  /** Notes that could not be indexed, with the reason (binary, invalid UTF-8, too large, unreadable). */
  skipped: { path: string; reason: string }[];
  /** Non-fatal findings such as malformed frontmatter. */
  warnings: { path: string; message: string }[];
  /** Why the run rebuilt data (corrupt file, format change, embedder change), if it did. */
  rebuilt?: string;
}

/** A note related to another, best first. */
export interface RelatedNote {
  note: string;
  score: number;
}

/** Result of `ask` (CLI --json, JSON-RPC). */
export interface AskResult {
  question: string;
  budget: number;
  context: BoundedContext;
  full: { tokens: number };
  /** Always sent: the saving against the whole vault, with the window check and the energy parts. */
  saving: AskSavingDetail;
  answer?: AskAnswer;
  /** Set when the LLM ranker was asked to order the candidates: what it chose, its tokens, or why it was not followed. */
  ranking?: LlmRanking;
  /** Set when the question was asked within a conversation. */
  conversation?: AskConversation;
}

/** Where an ask stands in a conversation (docs/conversation-memory.md). */
export interface AskConversation {
  id: string;
  /** 1-based number of this turn. */
  turn: number;
  /** Earlier turns recalled into this turn's bounded context, oldest first. */
  recalledTurns: number[];
  /** Exact tokens of those recalled turns inside the context (part of context.tokens, never above the budget). */
  historyTokens: number;
  /** Tokens that re-sending every earlier turn (questions and answers as chat messages) would add instead. */
  fullHistoryTokens: number;
  /** Set when the stored conversation could not be read and was moved aside (a new one was started). */
  warning?: string;
}

/** Engine status for the plugin's settings tab and status bar. */
export interface EngineStatus {
  name: string;
  version: string;
  vault: string;
  dataDir: string;
  notes: number;
  chunks: number;
  indexing: boolean;
  embedder: string;
  /** Bytes used by the index files. */
  sizeBytes: number;
  /** Bytes the index store has written since the engine started (the plugin's per-device store). */
  storeBytesWritten?: number;
  lastSync?: SyncReport;
}

/** A vault change forwarded by the plugin. */
export interface FileEvent {
  type: 'create' | 'modify' | 'delete' | 'rename';
  path: string;
  oldPath?: string;
}

/** Params of `ask`: the LLM settings travel with each question (nothing is stored in the engine). */
export interface AskParams {
  question: string;
  budget?: number;
  /** Most chunks in the context. */
  k?: number;
  retriever?: RetrieverMode;
  /** OpenAI-compatible endpoint; without it the answer is extractive. Answer text streams as `answerDelta`. */
  llm?: { url: string; model: string; apiKey?: string; timeoutMs?: number };
  /** Let the LLM (`llm`, required) rank the retrieved candidates before packing; its request counts in the saving. */
  rankLlm?: boolean;
  /** Energy-model presets for the saving. */
  energyModel?: string;
  hardware?: string;
  /** Conversation id: continues (or starts) that conversation, kept under `<dataDir>/conversations/`. */
  conversation?: string;
}

/** Params of `savings`: the long-conversation energy curve (`overlay savings --json` answers the same report). */
export interface SavingsParams {
  model?: string | undefined;
  hardware?: string | undefined;
  minutes?: number[] | undefined;
  budget?: number | undefined;
  /** The cached column: where the history's KV cache waits, the pause between turns and the cache TTL (minutes). */
  kvRetention?: KvRetention | undefined;
  pauseMinutes?: number | undefined;
  cacheTtlMinutes?: number | undefined;
}

/** Params of `configure`: settings the plugin changes while the engine runs. */
export interface ConfigureParams {
  /** Embedder spec (a new one re-embeds in the background). */
  embedder?: string;
  /** Largest note indexed, in MB. */
  maxNoteMb?: number;
}

/** `data` of a JSON-RPC error for an expected engine failure: its code plus facts (e.g. `candidates`). */
export interface EngineErrorData {
  code: EngineErrorCode | 'embedder' | (string & {});
  [key: string]: unknown;
}

/** JSON-RPC requests the engine serves: method → [params, result]. */
export interface EngineMethods {
  initialize: [{ client?: string }, { name: string; version: string; protocol: number }];
  index: [{ full?: boolean }, SyncReport];
  ask: [AskParams, AskResult];
  related: [{ note: string; k?: number }, RelatedNote[]];
  savings: [SavingsParams, ConversationReport];
  status: [Record<string, never>, EngineStatus];
  fileEvent: [FileEvent, { queued: boolean }];
  configure: [ConfigureParams, { ok: boolean }];
  shutdown: [Record<string, never>, { ok: boolean }];
}

/** Notifications the engine sends without a request id. */
export interface EngineNotifications {
  progress: Progress;
  ready: { notes: number; chunks: number };
  /** After every incremental sync (start-up, `index`, file events), with what changed. */
  synced: SyncReport;
  error: { message: string };
  /** Streaming answer text for the ask request with this id. */
  answerDelta: { requestId: number | string; text: string };
}
