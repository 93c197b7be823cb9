// A small JSON-RPC 2.0 server over newline-delimited JSON (one message per line), for `overlay serve --stdio`.
// Requests run concurrently; each response is written when its handler finishes.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { RpcDispatcher, type ErrorMapper, type RpcHandler } from './rpc-dispatch';

export { RPC_ERRORS, RpcError, type ErrorMapper, type RequestContext, type RpcHandler } from './rpc-dispatch';

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
  ) {
    this.dispatcher = new RpcDispatcher(methods, (text) => {
      if (this.output.writable) this.output.write(`${text}\n`);
    }, mapError);
  }

  /** Sends a notification (no id). */
  notify(method: string, params: unknown): void {
    this.dispatcher.notify(method, params);
  }

  /** Serves until the input ends or stop() is called; waits for requests in flight. */
  async serve(): Promise<void> {
    const rl = createInterface({ input: this.input, crlfDelay: Infinity });
    const stopped = new Promise<void>((r) => (this.stopResolve = r));
    const lines = (async () => {
      for await (const line of rl) {
        if (this.closed) break;
        if (line.trim() === '') continue;
        const p = this.dispatcher.handle(line);
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
}
