// The worker's host: a first index answers before it is finished, conversations are kept as records, and the LLM
// client's HTTP goes through the UI thread's requestUrl (HostCalls) instead of fetch.
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDbRecordStore } from '../../../src/core/storage/indexeddb-record-store';
import { askVault } from '../../../src/engine/ask';
import { OpenAIChatModel } from '../../../src/engine/llm/openai-chat';
import { HostCalls, hostFetch } from '../../../src/engine/worker/host-calls';
import { WorkerHost } from '../../../src/engine/worker/worker-host';
import { workerEmbedder } from '../../../src/engine/worker/worker-engine';
import type { Embedder } from '../../../src/core/types';
import type { FromWorker, HostCall } from '../../../src/engine/worker/worker-protocol';
import { MemorySource } from './memory-source';

const VAULT = join(__dirname, '../../../examples/vault');

/** The built-in embedder, slowed down like a phone's: 40 ms per batch. */
function slowEmbedder(spec: string): Embedder {
  const inner = workerEmbedder(spec);
  return {
    fingerprint: inner.fingerprint,
    init: (p) => inner.init(p),
    embed: async (texts, kind) => {
      await new Promise((r) => setTimeout(r, 40));
      return inner.embed(texts, kind);
    },
  } as Embedder;
}

describe('WorkerHost', () => {
  it('answers during a first index from the notes indexed so far, then finishes it', async () => {
    const store = await IndexedDbRecordStore.open(new IDBFactory(), 'first', IDBKeyRange);
    const events: string[] = [];
    const host = new WorkerHost(
      { vault: 'v', source: new MemorySource(VAULT), store, embedderFactory: slowEmbedder },
      (m) => void events.push(m),
      10,
    );
    host.start();
    let readyDone = false;
    void host.ready().then(() => (readyDone = true));
    const engine = await host.queryable();
    expect(readyDone).toBe(false);
    const partial = engine.counts().chunks;
    expect(partial).toBeGreaterThan(0);
    const r = await askVault(engine.view(), 'What is a KV cache?', { budget: 800, noAnswer: true });
    expect(r.context.tokens).toBeLessThanOrEqual(800);
    await host.ready();
    expect(engine.counts().chunks).toBeGreaterThan(partial);
    expect(events).toContain('ready');
    await host.close();
  });

  it('keeps a conversation as a record and continues it', async () => {
    const factory = new IDBFactory();
    const store = await IndexedDbRecordStore.open(factory, 'conv', IDBKeyRange);
    const host = new WorkerHost({ vault: 'v', source: new MemorySource(VAULT), store }, () => undefined);
    const engine = await host.ready();
    const run = host.conversations();
    await run('c1', (memory) => askVault(engine.view(), 'What is a KV cache?', { conversation: memory }));
    const second = await run('c1', (memory) =>
      askVault(engine.view(), 'And why does it grow?', { conversation: memory }),
    );
    expect(second.conversation?.turn).toBe(2);
    const stored = await store.load(['conversations']);
    expect(JSON.parse(new TextDecoder().decode(stored.records.get('conversations')!.get('c1')!)).turns).toHaveLength(2);
    await host.close();
  });

  it("sends the LLM's request through the UI thread and reads the answer it returns", async () => {
    const seen: HostCall[] = [];
    const post = (m: FromWorker): void => {
      if (m.kind !== 'call') return;
      seen.push(m.call);
      const body = JSON.stringify({
        choices: [{ message: { role: 'assistant', content: 'It stores keys and values [[KV cache]].' } }],
        usage: { prompt_tokens: 12, completion_tokens: 9 },
      });
      setTimeout(
        () => calls.settle(m.id, true, { status: 200, headers: { 'content-type': 'application/json' }, text: body }),
        0,
      );
    };
    const calls = new HostCalls(post);
    const chat = new OpenAIChatModel({
      baseUrl: 'http://localhost:11434/v1',
      model: 'm',
      apiKey: 'k',
      fetch: hostFetch(calls),
      stream: false,
    });
    const r = await chat.complete([{ role: 'user', content: 'What is a KV cache?' }]);
    expect(r.ok && r.value.text).toBe('It stores keys and values [[KV cache]].');
    expect(seen).toHaveLength(1);
    const call = seen[0] as Extract<HostCall, { op: 'http' }>;
    expect(call).toMatchObject({ op: 'http', url: 'http://localhost:11434/v1/chat/completions', method: 'POST' });
    expect(call.headers['authorization']).toBe('Bearer k');
    expect(JSON.parse(call.body!)).toMatchObject({ model: 'm', stream: false });
  });
});
