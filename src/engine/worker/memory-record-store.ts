// A RecordStore in memory: for tests, and where no persistent store is available (the index is rebuilt next time).
import { emptyWriteStats, type LoadedRecords, type RecordStore, type RecordWrite } from '../../core/storage/record-store';

/** Records in maps; commits count their bytes like a real backend. */
export class MemoryRecordStore implements RecordStore {
  readonly stats = emptyWriteStats();
  private readonly data = new Map<string, Map<string, Uint8Array>>();
  private readonly caches = new Map<string, Uint8Array>();

  constructor(readonly location: string) {}

  async load(collections: readonly string[]): Promise<LoadedRecords> {
    const records = new Map<string, Map<string, Uint8Array>>();
    for (const c of collections) records.set(c, new Map(this.data.get(c) ?? []));
    return { records, problems: [] };
  }

  async collections(): Promise<string[]> {
    return [...this.data].filter(([, m]) => m.size > 0).map(([c]) => c);
  }

  async commit(writes: readonly RecordWrite[]): Promise<void> {
    if (writes.length === 0) return;
    for (const w of writes) {
      let m = this.data.get(w.collection);
      if (!m) this.data.set(w.collection, (m = new Map()));
      if (w.value === null) m.delete(w.key);
      else m.set(w.key, w.value.slice());
      this.stats.commitBytes += w.collection.length + w.key.length + (w.value?.byteLength ?? 0);
    }
    this.stats.commits++;
  }

  async compact(): Promise<boolean> {
    return false;
  }

  async readCache(name: string): Promise<Uint8Array | null> {
    return this.caches.get(name) ?? null;
  }

  async writeCache(name: string, bytes: Uint8Array): Promise<void> {
    this.caches.set(name, bytes.slice());
    this.stats.cacheBytes += bytes.byteLength;
  }

  async deleteCache(name: string): Promise<void> {
    this.caches.delete(name);
  }

  async sizeBytes(): Promise<number> {
    let n = 0;
    for (const m of this.data.values()) for (const v of m.values()) n += v.byteLength;
    return n;
  }

  async close(): Promise<void> {}
}
