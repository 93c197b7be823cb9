// EngineService: one typed method per engine method (protocol.ts EngineMethods). The CLI commands call these
// methods in-process with params built from flags; `overlay serve` and the plugin's Web Worker reach the very same
// methods through the JSON-RPC map in engine-methods.ts, which only parses params (params.ts) and forwards.
import type { HostedEngine, MethodHost } from '../hosted-engine';
import type { AskParams, ConfigureParams, FileEvent, SavingsParams } from '../protocol';
import { ENGINE_NAME, PROTOCOL_VERSION } from '../protocol';
import { ENGINE_VERSION } from '../version';
import { askVault, type AskOptions, type AskOutcome } from '../ask';
import { OpenAIChatModel } from '../llm/openai-chat';
import type { ConversationMemory } from '../../core/memory/conversation-memory';
import { simulateConversation, type ConversationOptions } from '../../core/cost/conversation';
import { badParams, checkAsk, checkSavings, type Params, type Result } from './params';

/** How the LLM endpoint is reached where `fetch` cannot (the plugin's worker goes through Obsidian's requestUrl). */
export interface ChatTransport {
  fetch: typeof fetch;
  /** False when the transport cannot stream (requestUrl returns the whole body). */
  stream: boolean;
}

/** Callbacks of one `ask`: streamed answer text, and the moments a CLI shows a status line. */
export interface AskHooks {
  /** Answer text as it streams (only with an LLM). */
  onDelta?: (text: string) => void;
  onRanking?: AskOptions['onRanking'];
  onContext?: AskOptions['onContext'];
  /** The stored conversation could not be read and a new one was started (told before the question is answered). */
  onConversationWarning?: (warning: string) => void;
}

/** Options of the long-conversation curve that only the CLI sets (rate, reply, GPUs, preset files, …). */
export type SavingsExtras = Omit<ConversationOptions, keyof SavingsParams>;

/** The chat model of `ask`'s `llm` params; a bad endpoint or key is an invalid-params failure. */
export function chatModelFor(llm: AskParams['llm'], transport?: ChatTransport): OpenAIChatModel | null {
  if (!llm) return null;
  try {
    return new OpenAIChatModel({
      baseUrl: llm.url,
      model: llm.model,
      ...(llm.apiKey ? { apiKey: llm.apiKey } : {}),
      ...(llm.timeoutMs ? { timeoutMs: llm.timeoutMs } : {}),
      ...(transport ? { fetch: transport.fetch, stream: transport.stream } : {}),
    });
  } catch (e) {
    badParams(e instanceof Error ? e.message : String(e));
  }
}

/** What the service needs besides a host. */
export interface EngineServiceOptions {
  /** Called (after the reply is sent) when a client asks the engine to shut down. */
  onShutdown?: () => void;
  /** How the LLM endpoint is reached (default: global fetch). */
  transport?: ChatTransport;
}

/** The `ask` result as sent to clients: the outcome without the note ranking and the prompt. */
export function askResult(outcome: AskOutcome): Result<'ask'> {
  const result: Result<'ask'> & Partial<Pick<AskOutcome, 'notes' | 'prompt'>> = { ...outcome };
  delete result.notes;
  delete result.prompt;
  return result;
}

/** One typed method per engine method, over a host that opens the engine (EngineHost, WorkerHost, or OpenedHost for a CLI command). */
export class EngineService<E extends HostedEngine = HostedEngine> {
  constructor(
    /** Null for a service that only answers vault-less methods (`savings`). */
    private readonly host: MethodHost<E> | null,
    private readonly opts: EngineServiceOptions = {},
  ) {}

  /** The handshake (its `client` param names the caller and changes nothing): starts opening the engine in the background. */
  initialize(): Result<'initialize'> {
    this.need().start();
    return { name: ENGINE_NAME, version: ENGINE_VERSION, protocol: PROTOCOL_VERSION };
  }

  /** One incremental (or full) sync. */
  async index(p: Params<'index'>): Promise<Result<'index'>> {
    const engine = await this.need().ready();
    return engine.sync({ full: p.full === true });
  }

  /**
   * Answers a question from the bounded context, within a conversation when `p.conversation` names one. Returns
   * the whole outcome (the prompt and note ranking too, for `--show-prompt`); clients get `askResult(outcome)`.
   */
  async ask(p: AskParams, hooks: AskHooks = {}): Promise<AskOutcome> {
    checkAsk(p);
    const chat = chatModelFor(p.llm, this.opts.transport);
    const host = this.need();
    const engine = await (host.queryable?.() ?? host.ready());
    const askOnce = (conversation?: ConversationMemory): Promise<AskOutcome> =>
      askVault(engine.view(), p.question, {
        ...(p.budget ? { budget: p.budget } : {}),
        ...(p.k ? { maxChunks: p.k } : {}),
        ...(p.retriever ? { retriever: { mode: p.retriever } } : {}),
        chat,
        ...(p.rankLlm === true ? { ranker: chat } : {}),
        ...(p.energyModel ? { model: p.energyModel } : {}),
        ...(p.hardware ? { hardware: p.hardware } : {}),
        ...(chat && hooks.onDelta ? { onDelta: hooks.onDelta } : {}),
        ...(hooks.onRanking ? { onRanking: hooks.onRanking } : {}),
        ...(hooks.onContext ? { onContext: hooks.onContext } : {}),
        ...(conversation ? { conversation } : {}),
      });
    if (p.conversation === undefined) return askOnce();
    return host.conversations(engine)(p.conversation, async (memory, warning) => {
      if (warning) hooks.onConversationWarning?.(warning);
      const out = await askOnce(memory);
      if (warning && out.conversation) out.conversation.warning = warning;
      return out;
    });
  }

  /** The notes most related to a note. */
  async related(p: Params<'related'>): Promise<Result<'related'>> {
    const host = this.need();
    const engine = await (host.queryable?.() ?? host.ready());
    return engine.related(p.note, p.k);
  }

  /** The long-conversation energy curve (no vault needed); `extra` holds the CLI-only options. */
  savings(p: SavingsParams, extra: SavingsExtras = {}): Result<'savings'> {
    const opts: ConversationOptions = { ...extra, ...p };
    checkSavings(opts);
    return simulateConversation(opts);
  }

  /** Engine status, also before the engine is open. */
  status(): Result<'status'> {
    return this.need().status();
  }

  /** A vault change forwarded by the plugin. */
  async fileEvent(p: FileEvent): Promise<Result<'fileEvent'>> {
    const engine = await this.need().opened();
    return engine.applyFileEvent(p);
  }

  /** Changes settings; a new embedder re-indexes in the background (progress notifications show it). */
  async configure(p: ConfigureParams): Promise<Result<'configure'>> {
    const engine = await this.need().ready();
    await engine.configure({
      ...(p.embedder !== undefined ? { embedder: p.embedder } : {}),
      ...(p.maxNoteMb !== undefined ? { maxNoteBytes: Math.round(p.maxNoteMb * 1024 * 1024) } : {}),
    });
    void engine.sync().catch(() => undefined);
    return { ok: true };
  }

  /** Stops the engine once the reply is sent. */
  shutdown(): Result<'shutdown'> {
    const stop = this.opts.onShutdown;
    if (stop) setTimeout(stop, 0);
    return { ok: true };
  }

  private need(): MethodHost<E> {
    if (!this.host) throw new Error('engine-service: this service has no engine host (only savings works without one)');
    return this.host;
  }
}
