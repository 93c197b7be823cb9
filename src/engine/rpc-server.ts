// A small JSON-RPC 2.0 server over newline-delimited JSON (one message per line), for `overlay serve --stdio`.
// Requests run concurrently; each response is written when its handler finishes. Message handling itself is in
// rpc-dispatch.ts (shared with the plugin's worker); this file reads bounded lines with backpressure.
import type { Readable, Writable } from 'node:stream';
import { boundedLines } from './bounded-lines';
import { DEFAULT_RPC_LIMITS, RpcDispatcher, type ErrorMapper, type RpcHandler, type RpcLimits } from './rpc-dispatch';

export {
  DEFAULT_RPC_LIMITS,
  RPC_ERRORS,
  RpcError,
  type ErrorMapper,
  type RequestContext,
  type RpcHandler,
  type RpcLimits,
} from './rpc-dispatch';

/** JSON-RPC server bound to an input and an output stream. */
export class JsonRpcServer {
  private closed = false;
  private readonly pending = new Set<Promise<void>>();
  private stopResolve: (() => void) | null = null;
  private readonly dispatcher: RpcDispatcher;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    methods: ReadonlyMap<string, RpcHandler>,
    mapError?: ErrorMapper,
    private readonly limits: RpcLimits = DEFAULT_RPC_LIMITS,
  ) {
    this.dispatcher = new RpcDispatcher(
      methods,
      (text) => {
        if (this.output.writable) this.output.write(`${text}\n`);
      },
      mapError,
      limits,
    );
  }

  /** Sends a notification (no id). */
  notify(method: string, params: unknown): void {
    this.dispatcher.notify(method, params);
  }

  /** Serves until the input ends or stop() is called; waits for requests in flight. */
  async serve(): Promise<void> {
    const stopped = new Promise<void>((r) => (this.stopResolve = r));
    const lines = (async () => {
      for await (const item of boundedLines(this.input, this.limits.maxLineBytes)) {
        if (this.closed) break;
        if (item.kind === 'too-long') {
          this.dispatcher.reject(
            `invalid request: line of ${item.bytes} bytes is over the ${this.limits.maxLineBytes}-byte limit`,
          );
          continue;
        }
        if (item.text.trim() === '') continue;
        // Backpressure: stop reading while the limit of requests in flight is reached.
        while (this.pending.size >= this.limits.maxInFlight) await Promise.race(this.pending);
        const p = this.dispatcher.handle(item.text);
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
}
