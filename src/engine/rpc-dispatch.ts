// JSON-RPC 2.0 message handling without any transport: parses one message, runs its handler and hands the reply
// to `send`. `overlay serve --stdio` wraps it in a line server (rpc-server.ts); the plugin's Web Worker wraps it in
// postMessage.
import { DEFAULT_MAX_LINE_BYTES, jsonDepthExceeds } from './bounded-lines';

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
  e instanceof RpcError
    ? e
    : new RpcError(RPC_ERRORS.internal, `internal error: ${e instanceof Error ? e.message : String(e)}`);

/** Dispatches JSON-RPC messages (one JSON text each) to handlers; replies go to `send`. */
export class RpcDispatcher {
  constructor(
    private readonly methods: ReadonlyMap<string, RpcHandler>,
    private readonly sendText: (text: string) => void,
    private readonly mapError: ErrorMapper = defaultMapper,
    private readonly limits: RpcLimits = DEFAULT_RPC_LIMITS,
  ) {}

  /** Sends a notification (no id). */
  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Answers a message that never reached parsing (e.g. a line over the size limit). */
  reject(message: string): void {
    this.reply(null, undefined, new RpcError(RPC_ERRORS.invalidRequest, message));
  }

  /** Handles one message; resolves once its reply (if any) is sent. */
  async handle(line: string): Promise<void> {
    let msg: unknown;
    if (jsonDepthExceeds(line, this.limits.maxDepth)) {
      this.reply(
        null,
        undefined,
        new RpcError(RPC_ERRORS.invalidRequest, `invalid request: nested deeper than ${this.limits.maxDepth} levels`),
      );
      return;
    }
    try {
      msg = JSON.parse(line);
    } catch {
      this.reply(null, undefined, new RpcError(RPC_ERRORS.parse, 'parse error: each line must be one JSON object'));
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.reply(
        null,
        undefined,
        new RpcError(RPC_ERRORS.invalidRequest, 'invalid request: expected a JSON object (batches are not supported)'),
      );
      return;
    }
    const m = msg as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    const hasId = 'id' in m;
    const id: Id = this.validId(m.id) ? m.id : null;
    if (m.jsonrpc !== '2.0' || typeof m.method !== 'string' || (hasId && id === null && m.id !== null)) {
      // Every malformed line is answered (with id null when its id is unusable), so a client never waits in vain.
      this.reply(
        id,
        undefined,
        new RpcError(
          RPC_ERRORS.invalidRequest,
          `invalid request: needs jsonrpc "2.0", a method name and a string (up to ${this.limits.maxIdChars} characters) or finite number id`,
        ),
      );
      return;
    }
    const handler = this.methods.get(m.method);
    if (!handler) {
      if (hasId)
        this.reply(
          id,
          undefined,
          new RpcError(RPC_ERRORS.methodNotFound, `method not found: ${m.method.slice(0, 100)}`),
        );
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
    return (
      (typeof id === 'string' && id.length <= this.limits.maxIdChars) || (typeof id === 'number' && Number.isFinite(id))
    );
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
    let line: string;
    try {
      line = JSON.stringify(msg);
    } catch (e) {
      // A result that cannot be serialised is a bug in a handler; the client still gets an answer.
      const id = (msg as { id?: Id }).id ?? null;
      line = JSON.stringify({
        jsonrpc: '2.0',
        id,
        error: {
          code: RPC_ERRORS.internal,
          message: `internal error: result not serialisable (${e instanceof Error ? e.message : String(e)})`,
        },
      });
    }
    this.sendText(line);
  }
}
