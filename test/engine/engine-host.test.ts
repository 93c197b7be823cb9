import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { EngineHost, type Notify } from '../../src/engine/engine-host';
import { engineMethods, mapEngineError } from '../../src/engine/engine-methods';
import { JsonRpcServer } from '../../src/engine/rpc-server';
import { LocalEmbedder } from '../../src/core/embed/local-embedder';
import { createEmbedder } from '../../src/core/embed/create-embedder';
import type { Embedder } from '../../src/core/types';
import { makeVault, removeDir } from './temp-vault';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

type Msg = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string };
};

/** The serve stack in-process: host + method registry + server on in-memory streams. */
function serve(vault: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  const msgs: Msg[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: output }).on('line', (l) => {
    msgs.push(JSON.parse(l) as Msg);
    waiters.splice(0).forEach((w) => w());
  });
  let server: JsonRpcServer | null = null;
  const notify: Notify = (m, p) => server?.notify(m, p);
  const factory = (spec: string, o: Parameters<typeof createEmbedder>[1]): Embedder =>
    spec === 'small' ? new LocalEmbedder({ dims: 128 }) : createEmbedder(spec, o);
  const host = new EngineHost({ vault, embedderFactory: factory }, notify);
  server = new JsonRpcServer(
    input,
    output,
    engineMethods(host, () => server?.stop(), notify),
    mapEngineError,
  );
  const done = server.serve().then(() => host.close());
  let nextId = 1;
  const wait = async (pred: (m: Msg) => boolean): Promise<Msg> => {
    for (;;) {
      const hit = msgs.find(pred);
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const request = async (method: string, params?: unknown): Promise<Msg> => {
    const id = nextId++;
    input.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return wait((m) => m.id === id);
  };
  return { request, wait, msgs, input, done };
}

describe('serve methods (in-process)', () => {
  it('reports status before start-up, re-indexes fully on request and switches embedders with configure', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const s = serve(vault);
    const before = await s.request('status', {});
    expect(before.result).toMatchObject({ notes: 0, indexing: false });
    // Any engine request starts the engine even without initialize.
    const full = await s.request('index', { full: true });
    expect(full.result).toMatchObject({ notes: 6, embedded: 0 });
    expect(s.msgs.some((m) => m.method === 'ready')).toBe(true);

    const bad = await s.request('configure', { maxNoteMb: -1 });
    expect(bad.error).toMatchObject({ code: -32602, message: 'invalid params: maxNoteMb must be a positive number' });
    const unknownKey = await s.request('configure', { colour: 'blue' });
    expect(unknownKey.error?.message).toMatch(/unknown field colour/);

    const mark = s.msgs.length;
    expect((await s.request('configure', { embedder: 'small' })).result).toEqual({ ok: true });
    const synced = await s.wait((m) => m.method === 'synced' && s.msgs.indexOf(m) >= mark);
    expect(synced.params).toMatchObject({ notes: 6, rebuilt: expect.stringMatching(/embedder changed/) });
    expect(synced.params?.['embedded']).toBe(synced.params?.['chunks']);
    expect(((await s.request('status', {})).result as { embedder: string }).embedder).toBe('small');
    expect(((await s.request('related', { note: 'Kyoto', k: 1 })).result as unknown[]).length).toBe(1);

    const badEmbedder = await s.request('configure', { embedder: 'nonsense' });
    expect(badEmbedder.error).toMatchObject({
      code: -32000,
      message: expect.stringMatching(/unknown embedder "nonsense"/),
    });
    // The engine still works with the previous embedder.
    expect(((await s.request('status', {})).result as { embedder: string }).embedder).toBe('small');

    s.input.end();
    await s.done;
  });
});
