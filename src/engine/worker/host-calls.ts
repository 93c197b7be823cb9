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

/** Reads kept in flight ahead of the sync, which reads listed notes one after another. */
const READ_AHEAD = 16;

/**
 * The vault's notes as the UI thread lists and reads them. A sync reads the listed notes in order, one at a time;
 * each read is a round trip to the UI thread, so the next few are requested ahead and wait here.
 */
export class RemoteNoteSource implements SyncSource {
  private order: string[] = [];
  private readonly position = new Map<string, number>();
  private readonly ahead = new Map<string, Promise<ArrayBuffer>>();
  /** Listed position of the last note read (-1 right after list()). */
  private last = -2;

  constructor(private readonly calls: HostCalls) {}

  async list(): Promise<NoteFileInfo[]> {
    const listed = await this.calls.call({ op: 'list' });
    this.order = listed.map((f) => f.path);
    this.position.clear();
    this.order.forEach((p, i) => this.position.set(p, i));
    this.ahead.clear();
    this.last = -1;
    return listed;
  }

  stat(path: string): Promise<NoteFileInfo | null> {
    this.ahead.clear();
    this.last = -2;
    return this.calls.call({ op: 'stat', path });
  }

  async read(path: string): Promise<Buffer> {
    const at = this.position.get(path);
    // Read-ahead serves only a run of reads in listed order (a first index); any other read drops it, so a note
    // read for a later event is never served from bytes fetched before that event.
    const sequential = at !== undefined && at === this.last + 1;
    const pending = sequential ? this.ahead.get(path) : undefined;
    if (!sequential) this.ahead.clear();
    this.ahead.delete(path);
    this.last = at ?? -2;
    if (sequential) {
      for (let i = at + 1; i <= at + READ_AHEAD && i < this.order.length; i++) {
        const next = this.order[i]!;
        if (this.ahead.has(next)) continue;
        const p = this.calls.call({ op: 'read', path: next });
        p.catch(() => undefined); // a failed read-ahead is reported when (if) that note is read
        this.ahead.set(next, p);
      }
    }
    // A Uint8Array does all a note reader needs (length, includes, TextDecoder); no Buffer exists in a worker.
    return new Uint8Array(await (pending ?? this.calls.call({ op: 'read', path }))) as unknown as Buffer;
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
