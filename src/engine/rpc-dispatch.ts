// JSON-RPC 2.0 message handling without any transport: parses one message, runs its handler and hands the reply
// to `send`. `overlay serve --stdio` wraps it in a line server (rpc-server.ts); the plugin's Web Worker wraps it in
// postMessage.

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

/** Dispatches JSON-RPC messages (one JSON text each) to handlers; replies go to `send`. */
export class RpcDispatcher {
  constructor(
    private readonly methods: ReadonlyMap<string, RpcHandler>,
    private readonly send: (text: string) => void,
    private readonly mapError: ErrorMapper = defaultMapper,
  ) {}

  /** Sends a notification (no id). */
  notify(method: string, params: unknown): void {
    this.send(JSON.stringify({ jsonrpc: '2.0', method, params }));
  }

  /** Handles one message; resolves once its reply (if any) is sent. */
  async handle(line: string): Promise<void> {
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
      this.send(JSON.stringify({ jsonrpc: '2.0', id, error: err }));
    } else {
      this.send(JSON.stringify({ jsonrpc: '2.0', id, result }));
    }
  }
}
