// A small JSON-RPC 2.0 server over newline-delimited JSON (one message per line), for `overlay serve --stdio`.
// Requests run concurrently; each response is written when its handler finishes.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Standard JSON-RPC error codes. */
export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  /** An expected engine failure (unknown note, locked index, missing model); `data.code` says which. */
  engine: -32000,
} as const;

/** An error to send back as a JSON-RPC error object. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** What a handler knows of its request besides the params. */
export interface RequestContext {
  /** The request id (null for a notification); streaming notifications name it. */
  id: string | number | null;
}

/** Handles one method's params (already parsed JSON) and returns the result. */
export type RpcHandler = (params: unknown, ctx: RequestContext) => unknown;

/** Maps an unexpected error to an RPC error (override to recognise typed failures). */
export type ErrorMapper = (e: unknown) => RpcError;

type Id = string | number | null;

const defaultMapper: ErrorMapper = (e) =>
  e instanceof RpcError ? e : new RpcError(RPC_ERRORS.internal, `internal error: ${e instanceof Error ? e.message : String(e)}`);

/** JSON-RPC server bound to an input and an output stream. */
export class JsonRpcServer {
  private closed = false;
  private readonly pending = new Set<Promise<void>>();
  private stopResolve: (() => void) | null = null;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly methods: ReadonlyMap<string, RpcHandler>,
    private readonly mapError: ErrorMapper = defaultMapper,
  ) {}

  /** Sends a notification (no id). */
  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Serves until the input ends or stop() is called; waits for requests in flight. */
  async serve(): Promise<void> {
    const rl = createInterface({ input: this.input, crlfDelay: Infinity });
    const stopped = new Promise<void>((r) => (this.stopResolve = r));
    const lines = (async () => {
      for await (const line of rl) {
        if (this.closed) break;
        if (line.trim() === '') continue;
        const p = this.handleLine(line);
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
      }
    })();
    await Promise.race([lines, stopped]);
    this.closed = true;
    rl.close();
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Stops reading requests (pending ones still get their answers). */
  stop(): void {
    this.closed = true;
    this.stopResolve?.();
  }

  private async handleLine(line: string): Promise<void> {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.reply(null, undefined, new RpcError(RPC_ERRORS.parse, 'parse error: each line must be one JSON object'));
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.reply(null, undefined, new RpcError(RPC_ERRORS.invalidRequest, 'invalid request: expected a JSON object (batches are not supported)'));
      return;
    }
    const m = msg as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    const hasId = 'id' in m;
    const id: Id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null;
    if (m.jsonrpc !== '2.0' || typeof m.method !== 'string' || (hasId && id === null && m.id !== null)) {
      if (hasId) this.reply(id, undefined, new RpcError(RPC_ERRORS.invalidRequest, 'invalid request: needs jsonrpc "2.0", a method name and a string or number id'));
      return;
    }
    const handler = this.methods.get(m.method);
    if (!handler) {
      if (hasId) this.reply(id, undefined, new RpcError(RPC_ERRORS.methodNotFound, `method not found: ${m.method}`));
      return;
    }
    try {
      const result = await handler(m.params ?? {}, { id });
      if (hasId) this.reply(id, result ?? null);
    } catch (e) {
      if (hasId) this.reply(id, undefined, this.mapError(e));
    }
  }

  private reply(id: Id, result: unknown, error?: RpcError): void {
    if (error) {
      const err: Record<string, unknown> = { code: error.code, message: error.message };
      if (error.data !== undefined) err['data'] = error.data;
      this.send({ jsonrpc: '2.0', id, error: err });
    } else {
      this.send({ jsonrpc: '2.0', id, result });
    }
  }

  private send(msg: unknown): void {
    if (this.output.writable) this.output.write(`${JSON.stringify(msg)}\n`);
  }
}
