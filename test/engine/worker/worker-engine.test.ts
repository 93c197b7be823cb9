// The plugin's worker engine in Node: the same code as in the Web Worker (wasm HNSW, records in IndexedDB via
// fake-indexeddb, notes from a source like the UI thread's), on examples/vault.
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDbRecordStore } from '../../../src/core/storage/indexeddb-record-store';
import { MemorySource } from './memory-source';
import { askVault } from '../../../src/engine/ask';
import { WorkerEngine } from '../../../src/engine/worker/worker-engine';

const VAULT = join(__dirname, '../../../examples/vault');

describe('WorkerEngine', () => {
  it('indexes a vault, answers from it, reopens from its records without embedding, and an edit writes only that note', async () => {
    const factory = new IDBFactory();
    const source = new MemorySource(VAULT);
    const open = async () =>
      WorkerEngine.open({
        vault: 'examples',
        source,
        store: await IndexedDbRecordStore.open(factory, 'overlay-memory/test', IDBKeyRange),
        debounceMs: 10,
      });

    const first = await open();
    const r1 = await first.sync();
    expect(r1.notes).toBe(source.files.size);
    expect(r1.embedded).toBeGreaterThan(100);
    const answer = await askVault(first.view(), 'What is a KV cache and why does it grow?', { budget: 1500 });
    expect(answer.context.tokens).toBeLessThanOrEqual(1500);
    expect(answer.context.chunks.some((c) => c.note === 'Energy/KV cache.md')).toBe(true);
    const related = await first.related('Energy/KV cache.md', 5);
    expect(related).toHaveLength(5);
    await first.close();

    const second = await open();
    const r2 = await second.sync();
    expect(r2.embedded).toBe(0);
    expect(r2.chunks).toBe(r1.chunks);
    expect(await second.related('Energy/KV cache.md', 5)).toEqual(related);
    const store = (second as unknown as { opts: { store: IndexedDbRecordStore } }).opts.store;
    const before = store.stats.commitBytes;
    const path = 'Energy/KV cache.md';
    const f = source.files.get(path)!;
    source.files.set(path, {
      bytes: new Uint8Array([...f.bytes, ...new TextEncoder().encode('\nOne more line.\n')]),
      mtimeMs: f.mtimeMs + 1000,
    });
    second.applyFileEvent({ type: 'modify', path });
    await second.whenIdle();
    const written = store.stats.commitBytes - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(64 * 1024); // this note's two records and the meta record, not the index
    await second.close();
  });

  it('refuses an embedder this build does not carry with a clear message', async () => {
    const factory = new IDBFactory();
    await expect(
      WorkerEngine.open({
        vault: 'v',
        source: new MemorySource(VAULT),
        store: await IndexedDbRecordStore.open(factory, 'x', IDBKeyRange),
        embedder: 'transformers:Xenova/all-MiniLM-L6-v2',
      }),
    ).rejects.toThrow(/not available in this build of the plugin/);
  });
});
