// A hand-written in-memory engine for plugin tests: an EngineTransport whose "engine" is a handler
// function, so views and the client can be tested without a process. Real-engine tests live in
// real-engine.test.ts.
import { EngineClient, type EngineTransport } from '../../../src/plugin/engine-client';
import type { EngineHandle } from '../../../src/plugin/engine-handle';

/** Context given to a fake handler: send notifications, see the request id. */
export interface FakeCtx {
  id: number;
  notify(method: string, params: unknown): void;
}

/** Answers one request: return a result, or throw `{ code, message, data? }` for a JSON-RPC error. */
export type FakeHandler = (method: string, params: unknown, ctx: FakeCtx) => unknown;

/** Transport that answers requests with `handler` on a later microtask, like a real pipe would. */
export class FakeTransport implements EngineTransport {
  sent: { id?: number; method: string; params: unknown }[] = [];
  private lineListeners: ((line: string) => void)[] = [];
  private closeListeners: ((reason: string) => void)[] = [];
  closed = false;

  constructor(private readonly handler: FakeHandler) {}

  send(line: string): void {
    if (this.closed) throw new Error('fake-engine: closed');
    const msg = JSON.parse(line) as { id?: number; method: string; params: unknown };
    this.sent.push(msg);
    const id = msg.id ?? 0;
    const ctx: FakeCtx = { id, notify: (method, params) => this.emit({ jsonrpc: '2.0', method, params }) };
    void Promise.resolve()
      .then(() => this.handler(msg.method, msg.params, ctx))
      .then(
        (result) => {
          if (result !== NO_REPLY) this.emit({ jsonrpc: '2.0', id, result });
        },
        (err: unknown) => {
          const e = err as { code?: number; message?: string; data?: unknown };
          this.emit({
            jsonrpc: '2.0',
            id,
            error: {
              code: e.code ?? -32000,
              message: e.message ?? String(err),
              ...(e.data !== undefined ? { data: e.data } : {}),
            },
          });
        },
      );
  }

  /** Delivers a raw line as if the engine printed it. */
  emitLine(line: string): void {
    for (const fn of this.lineListeners) fn(line);
  }

  emit(msg: unknown): void {
    if (!this.closed) this.emitLine(JSON.stringify(msg));
  }

  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    this.kill('closed');
  }

  /** Simulates the process dying. */
  kill(reason = 'killed by SIGKILL'): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closeListeners) fn(reason);
  }
}

/** Returned by a handler that never answers (to test timeouts). */
export const NO_REPLY = Symbol('no-reply');

/** A client over a fake transport. */
export function fakeClient(handler: FakeHandler): { client: EngineClient; transport: FakeTransport } {
  const transport = new FakeTransport(handler);
  return { client: new EngineClient(transport), transport };
}

/** An EngineHandle around a fixed client (or none). */
export function fixedHandle(client: EngineClient | null): EngineHandle & { fire(c: EngineClient): void } {
  const listeners = new Set<(c: EngineClient) => void>();
  let current = client;
  return {
    current: () => current,
    ready: async () => {
      if (!current) throw new Error('The engine is not running.');
      return current;
    },
    onClient: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    fire(c: EngineClient) {
      current = c;
      for (const fn of listeners) fn(c);
    },
  };
}
