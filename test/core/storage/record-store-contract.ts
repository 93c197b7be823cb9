// The behaviour every RecordStore backend must have; run by each backend's test file against a real instance.
import { expect, it } from 'vitest';
import type { RecordStore } from '../../../src/core/storage/record-store';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined => (b ? new TextDecoder().decode(b) : undefined);

/** Registers the contract tests; `fresh` opens an empty store, `reopen` opens the same store again. */
export function recordStoreContract(
  fresh: () => Promise<RecordStore>,
  reopen: (s: RecordStore) => Promise<RecordStore>,
): void {
  it('returns committed records after a reopen, per collection, later writes winning', async () => {
    const s = await fresh();
    await s.commit([
      { collection: 'notes', key: 'a.md', value: bytes('A1') },
      { collection: 'notes', key: 'b.md', value: bytes('B1') },
      { collection: 'vectors/x', key: 'a.md', value: new Uint8Array([1, 2, 3]) },
    ]);
    await s.commit([
      { collection: 'notes', key: 'a.md', value: bytes('A2') },
      { collection: 'notes', key: 'b.md', value: null },
      { collection: 'notes', key: 'ü/ключ.md', value: bytes('K') },
    ]);
    const r = await reopen(s);
    const loaded = await r.load(['notes', 'vectors/x', 'vectors/none']);
    expect(loaded.problems).toEqual([]);
    const notes = loaded.records.get('notes')!;
    expect([...notes.keys()].sort()).toEqual(['a.md', 'ü/ключ.md']);
    expect(text(notes.get('a.md'))).toBe('A2');
    expect([...loaded.records.get('vectors/x')!.get('a.md')!]).toEqual([1, 2, 3]);
    expect(loaded.records.get('vectors/none')?.size ?? 0).toBe(0);
    expect(await r.collections()).toEqual(['notes', 'vectors/x']);
    await r.close();
  });

  it('keeps records through compaction and counts bytes written', async () => {
    const s = await fresh();
    await s.load(['c']);
    for (let i = 0; i < 30; i++) await s.commit([{ collection: 'c', key: `k${i % 3}`, value: bytes(`v${i}`) }]);
    expect(s.stats.commits).toBe(30);
    expect(s.stats.commitBytes).toBeGreaterThan(30 * 4);
    await s.compact({ force: true });
    await s.commit([{ collection: 'c', key: 'k0', value: null }]);
    const r = await reopen(s);
    const m = (await r.load(['c'])).records.get('c')!;
    expect(Object.fromEntries([...m].map(([k, v]) => [k, text(v)]))).toEqual({ k1: 'v28', k2: 'v29' });
    await r.close();
  });

  it('stores caches outside commits', async () => {
    const s = await fresh();
    expect(await s.readCache('hnsw/x')).toBeNull();
    await s.writeCache('hnsw/x', new Uint8Array([9, 8, 7]));
    const r = await reopen(s);
    expect([...((await r.readCache('hnsw/x')) ?? [])]).toEqual([9, 8, 7]);
    await r.deleteCache('hnsw/x');
    expect(await r.readCache('hnsw/x')).toBeNull();
    await r.close();
  });
}
