// JSON-RPC 2.0 client for the engine process: one JSON object per line over a transport (the child's
// stdin/stdout in the app, a fake in tests). Tracks pending requests by id, times them out, rejects
// them when the transport closes, and hands notifications to listeners.
import type { AskResult, EngineErrorData, EngineMethods, EngineNotifications } from '../engine/protocol';

/** A line-oriented duplex channel to the engine. */
export interface EngineTransport {
  /** Sends one line (without the trailing newline). */
  send(line: string): void;
  /** Calls `listener` with every complete line received. */
  onLine(listener: (line: string) => void): void;
  /** Calls `listener` once when the channel is gone (process exit, pipe error). */
  onClose(listener: (reason: string) => void): void;
  /** Closes the channel; pending requests are rejected. */
  close(): void;
}

/** Why a request failed: the engine answered with an error, it did not answer in time, or it is gone. */
export type EngineRequestErrorKind = 'remote' | 'timeout' | 'closed';

/**
 * A failed engine request (an expected failure: the caller shows `message`). The engine's own failure type is
 * EngineError (src/engine/errors.ts); its code arrives here as `data.code` (`unknown-note`, `locked`, …).
 */
export class EngineRequestError extends Error {
  constructor(
    readonly kind: EngineRequestErrorKind,
    message: string,
    /** The JSON-RPC error code (-32602 invalid params, -32000 an expected engine failure, …). */
    readonly code?: number,
    /** The engine's typed failure code and facts (`data` of the JSON-RPC error), when it sent them. */
    readonly data?: EngineErrorData,
  ) {
    super(message);
    this.name = 'EngineRequestError';
  }

  /** The engine's failure code (`unknown-note`, `ambiguous-note`, `locked`, `bad-params`, …), if any. */
  get engineCode(): EngineErrorData['code'] | undefined {
    return this.data?.code;
  }
}

/** Per-request options. */
export interface RequestOptions {
  /** Milliseconds before the request is rejected with kind 'timeout'; 0 waits forever. */
  timeoutMs?: number;
}

type Method = keyof EngineMethods;
type Notification = keyof EngineNotifications;

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: EngineRequestError) => void;
  timer: number | null;
  onDelta?: ((text: string) => void) | undefined;
}

/** Default timeouts: indexing a large vault and answering with an LLM take long, the rest is quick. */
const DEFAULT_TIMEOUTS: Partial<Record<Method, number>> = {
  initialize: 10_000,
  index: 0,
  ask: 300_000,
  savings: 60_000,
  status: 30_000,
  related: 30_000,
  fileEvent: 30_000,
  configure: 60_000,
  shutdown: 5_000,
};

/** Typed JSON-RPC client over an EngineTransport. */
export class EngineClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Map<string, Set<(params: unknown) => void>>();
  private closedReason: string | null = null;
  private closeListeners = new Set<(reason: string) => void>();

  constructor(
    private readonly transport: EngineTransport,
    private readonly defaultTimeoutMs = 30_000,
  ) {
    transport.onLine((line) => this.receive(line));
    transport.onClose((reason) => this.handleClose(reason));
  }

  /** True once the transport has closed; every later request fails with kind 'closed'. */
  get closed(): boolean {
    return this.closedReason !== null;
  }

  /** Sends a request and resolves with its typed result. */
  request<M extends Method>(
    method: M,
    params: EngineMethods[M][0],
    opts: RequestOptions = {},
  ): Promise<EngineMethods[M][1]> {
    return this.send(method, params, opts) as Promise<EngineMethods[M][1]>;
  }

  /** Asks a question; `onDelta` receives streamed answer text (answerDelta notifications for this request). */
  ask(
    params: EngineMethods['ask'][0],
    onDelta?: (text: string) => void,
    opts: RequestOptions = {},
  ): Promise<AskResult> {
    return this.send('ask', params, opts, onDelta) as Promise<AskResult>;
  }

  /** Subscribes to a notification; returns the unsubscribe function. */
  on<N extends Notification>(name: N, listener: (params: EngineNotifications[N]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const fn = listener as (params: unknown) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Calls `listener` when the transport closes (immediately if it already has). */
  onClose(listener: (reason: string) => void): () => void {
    if (this.closedReason !== null) {
      listener(this.closedReason);
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Closes the transport and rejects everything pending. */
  close(): void {
    if (this.closedReason === null) this.transport.close();
    this.handleClose('closed by the plugin');
  }

  private send(
    method: Method,
    params: unknown,
    opts: RequestOptions,
    onDelta?: (text: string) => void,
  ): Promise<unknown> {
    if (this.closedReason !== null) {
      return Promise.reject(new EngineRequestError('closed', `The engine is not running (${this.closedReason}).`));
    }
    const id = this.nextId++;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUTS[method] ?? this.defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      const entry: Pending = { method, resolve, reject, timer: null, onDelta };
      if (timeoutMs > 0) {
        entry.timer = window.setTimeout(() => {
          this.pending.delete(id);
          reject(
            new EngineRequestError(
              'timeout',
              `The engine did not answer "${method}" within ${Math.round(timeoutMs / 1000)} s.`,
            ),
          );
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      try {
        this.transport.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      } catch (err: unknown) {
        this.settle(id);
        reject(
          new EngineRequestError(
            'closed',
            `Could not reach the engine: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
      }
    });
  }

  private settle(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    if (entry.timer) window.clearTimeout(entry.timer);
    return entry;
  }

  private receive(line: string): void {
    const text = line.trim();
    if (text === '') return;
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      // Not protocol output (a stray line printed by a dependency): ignore it, the engine logs to stderr.
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    if (typeof m.method === 'string' && (m.id === undefined || m.id === null)) {
      if (m.method === 'answerDelta') this.routeDelta(m.params);
      this.emit(m.method, m.params);
      return;
    }
    if (typeof m.id !== 'number') return;
    const entry = this.settle(m.id);
    if (!entry) return; // answered after its timeout: nobody waits any more
    if (m.error !== undefined && m.error !== null) {
      const e = m.error as { code?: unknown; message?: unknown; data?: unknown };
      const message = typeof e.message === 'string' ? e.message : 'unknown engine error';
      const data =
        typeof e.data === 'object' && e.data !== null && typeof (e.data as { code?: unknown }).code === 'string'
          ? (e.data as EngineErrorData)
          : undefined;
      entry.reject(new EngineRequestError('remote', message, typeof e.code === 'number' ? e.code : undefined, data));
    } else {
      entry.resolve(m.result);
    }
  }

  private routeDelta(params: unknown): void {
    const p = params as { requestId?: unknown; text?: unknown } | undefined;
    if (!p || typeof p.text !== 'string') return;
    const id = typeof p.requestId === 'string' ? Number(p.requestId) : p.requestId;
    if (typeof id !== 'number') return;
    this.pending.get(id)?.onDelta?.(p.text);
  }

  private emit(name: string, params: unknown): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) {
      try {
        fn(params);
      } catch (err: unknown) {
        // A failing UI listener must not break the protocol loop.
        console.error(`engine-client: listener for "${name}" failed`, err);
      }
    }
  }

  private handleClose(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const id of [...this.pending.keys()]) {
      const entry = this.settle(id);
      entry?.reject(
        new EngineRequestError('closed', `The engine stopped before answering "${entry.method}" (${reason}).`),
      );
    }
    for (const fn of [...this.closeListeners]) fn(reason);
    this.closeListeners.clear();
  }
}
