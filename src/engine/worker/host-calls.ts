// The worker's side of HostCall: requests to the UI thread with ids, answered by `reply` messages. The note
// source and the LLM's fetch are built on it.
import type { NoteFileInfo } from '../../core/types';
import type { SyncSource } from '../sync';
import type { FromWorker, HostCall, HostResults } from './worker-protocol';

/** Pending calls to the UI thread. */
export class HostCalls {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly post: (m: FromWorker) => void) {}

  /** Asks the UI thread; rejects with its error (an Error carrying `code`, e.g. ENOENT for a vanished note). */
  call<K extends HostCall['op']>(call: Extract<HostCall, { op: K }>): Promise<HostResults[K]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ kind: 'call', id, call });
    });
  }

  /** Settles the call `id`. */
  settle(id: number, ok: boolean, value: unknown, error?: string, code?: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (ok) p.resolve(value);
    else p.reject(Object.assign(new Error(error ?? 'host call failed'), code ? { code } : {}));
  }
}

/** The vault's notes as the UI thread lists and reads them. */
export class RemoteNoteSource implements SyncSource {
  constructor(private readonly calls: HostCalls) {}

  list(): Promise<NoteFileInfo[]> {
    return this.calls.call({ op: 'list' });
  }

  stat(path: string): Promise<NoteFileInfo | null> {
    return this.calls.call({ op: 'stat', path });
  }

  async read(path: string): Promise<Buffer> {
    // A Uint8Array does all a note reader needs (length, includes, TextDecoder); no Buffer exists in a worker.
    return new Uint8Array(await this.calls.call({ op: 'read', path })) as unknown as Buffer;
  }
}

/** A fetch for the LLM client that goes through the UI thread's requestUrl (no streaming: the body comes whole). */
export function hostFetch(calls: HostCalls): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const r = await calls.call({
      op: 'http',
      url: String(input instanceof Request ? input.url : input),
      method: init?.method ?? 'GET',
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    return new Response(r.text, { status: r.status, headers: r.headers });
  }) as typeof fetch;
}
