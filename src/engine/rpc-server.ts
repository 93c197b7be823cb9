// A small JSON-RPC 2.0 server over newline-delimited JSON (one message per line), for `overlay serve --stdio`.
// Requests run concurrently; each response is written when its handler finishes.
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_MAX_LINE_BYTES, boundedLines, jsonDepthExceeds } from './bounded-lines';

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

/** Limits that keep the server's memory bounded whatever a client sends. */
export interface RpcLimits {
  /** Longest accepted line in bytes; longer ones are dropped as they stream in and answered with an error. */
  maxLineBytes: number;
  /** Deepest accepted nesting of arrays/objects in one message. */
  maxDepth: number;
  /** Longest accepted string id. */
  maxIdChars: number;
  /** Requests handled at once; further lines wait unread (the client's writes block), so nothing piles up. */
  maxInFlight: number;
}

/** Defaults: requests of this protocol are a few hundred bytes and nest three or four levels. */
export const DEFAULT_RPC_LIMITS: RpcLimits = {
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  maxDepth: 64,
  maxIdChars: 256,
  maxInFlight: 32,
};

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
    private readonly limits: RpcLimits = DEFAULT_RPC_LIMITS,
  ) {}

  /** Sends a notification (no id). */
  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Serves until the input ends or stop() is called; waits for requests in flight. */
  async serve(): Promise<void> {
    const stopped = new Promise<void>((r) => (this.stopResolve = r));
    const lines = (async () => {
      for await (const item of boundedLines(this.input, this.limits.maxLineBytes)) {
        if (this.closed) break;
        if (item.kind === 'too-long') {
          this.reply(null, undefined, new RpcError(RPC_ERRORS.invalidRequest, `invalid request: line of ${item.bytes} bytes is over the ${this.limits.maxLineBytes}-byte limit`));
          continue;
        }
        if (item.text.trim() === '') continue;
        // Backpressure: stop reading while the limit of requests in flight is reached.
        while (this.pending.size >= this.limits.maxInFlight) await Promise.race(this.pending);
        const p = this.handleLine(item.text);
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
      }
    })();
    await Promise.race([lines, stopped]);
    this.closed = true;
    // Reading stops here; the stream itself belongs to the caller (process.stdin).
    this.input.pause();
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Stops reading requests (pending ones still get their answers). */
  stop(): void {
    this.closed = true;
    this.stopResolve?.();
  }

  private async handleLine(line: string): Promise<void> {
    let msg: unknown;
    if (jsonDepthExceeds(line, this.limits.maxDepth)) {
      this.reply(null, undefined, new RpcError(RPC_ERRORS.invalidRequest, `invalid request: nested deeper than ${this.limits.maxDepth} levels`));
      return;
    }
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
    const id: Id = this.validId(m.id) ? m.id : null;
    if (m.jsonrpc !== '2.0' || typeof m.method !== 'string' || (hasId && id === null && m.id !== null)) {
      // Every malformed line is answered (with id null when its id is unusable), so a client never waits in vain.
      this.reply(id, undefined, new RpcError(RPC_ERRORS.invalidRequest, `invalid request: needs jsonrpc "2.0", a method name and a string (up to ${this.limits.maxIdChars} characters) or finite number id`));
      return;
    }
    const handler = this.methods.get(m.method);
    if (!handler) {
      if (hasId) this.reply(id, undefined, new RpcError(RPC_ERRORS.methodNotFound, `method not found: ${m.method.slice(0, 100)}`));
      return;
    }
    try {
      const result = await handler(m.params ?? {}, { id });
      if (hasId) this.reply(id, result ?? null);
    } catch (e) {
      if (hasId) this.reply(id, undefined, this.mapError(e));
    }
  }

  private validId(id: unknown): id is string | number {
    return (typeof id === 'string' && id.length <= this.limits.maxIdChars) || (typeof id === 'number' && Number.isFinite(id));
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
    if (!this.output.writable) return;
    let line: string;
    try {
      line = JSON.stringify(msg);
    } catch (e) {
      // A result that cannot be serialised is a bug in a handler; the client still gets an answer.
      const id = (msg as { id?: Id }).id ?? null;
      line = JSON.stringify({ jsonrpc: '2.0', id, error: { code: RPC_ERRORS.internal, message: `internal error: result not serialisable (${e instanceof Error ? e.message : String(e)})` } });
    }
    this.output.write(`${line}\n`);
  }
}
