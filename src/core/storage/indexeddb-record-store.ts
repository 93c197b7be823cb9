// Backend 2 of RecordStore: IndexedDB, for the plugin's Web Worker (one database per vault, outside the synced
// vault files). A commit is one readwrite transaction, so IndexedDB gives atomicity and durability; every value
// carries a CRC-32 so a damaged record is found on load and dropped alone. IndexedDB compacts its own files, so
// compact() has nothing to do. Pure: takes the IDBFactory it runs on (self.indexedDB, or fake-indexeddb in tests).
import { crc32 } from './crc32';
import { emptyWriteStats, type LoadedRecords, type RecordStore, type RecordWrite } from './record-store';

const RECORDS = 'records';
const CACHES = 'caches';
const DB_VERSION = 1;

/** A stored record: key [collection, key] (out of line), the value bytes and their checksum. */
interface StoredValue {
  v: ArrayBuffer;
  c: number;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('indexeddb-record-store: request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('indexeddb-record-store: transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('indexeddb-record-store: transaction aborted'));
  });
}

/** A copy of the bytes as their own ArrayBuffer (IndexedDB stores ArrayBuffers; views may share a bigger one). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

/** The IndexedDB backend. */
export class IndexedDbRecordStore implements RecordStore {
  readonly stats = emptyWriteStats();

  private constructor(
    private readonly db: IDBDatabase,
    readonly location: string,
    private readonly keyRange: typeof IDBKeyRange,
  ) {}

  /**
   * Opens (creating if needed) the database `name` — the plugin names it after the vault. `keyRange` is the
   * IDBKeyRange of the same implementation as `factory` (the global one by default).
   */
  static async open(
    factory: IDBFactory,
    name: string,
    keyRange: typeof IDBKeyRange = globalThis.IDBKeyRange,
  ): Promise<IndexedDbRecordStore> {
    const req = factory.open(name, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(RECORDS)) db.createObjectStore(RECORDS);
      if (!db.objectStoreNames.contains(CACHES)) db.createObjectStore(CACHES);
    };
    const db = await request(req);
    return new IndexedDbRecordStore(db, `indexeddb:${name}`, keyRange);
  }

  /** Deletes the whole database `name` (how a user clears a device's index). */
  static async destroy(factory: IDBFactory, name: string): Promise<void> {
    await request(factory.deleteDatabase(name));
  }

  async load(collections: readonly string[]): Promise<LoadedRecords> {
    const records = new Map<string, Map<string, Uint8Array>>();
    const problems: string[] = [];
    const tx = this.db.transaction(RECORDS, 'readonly');
    const os = tx.objectStore(RECORDS);
    for (const collection of collections) {
      // [c] sorts before [c, any string] and [c, []] after it (arrays sort after strings).
      const range = this.keyRange.bound([collection], [collection, []]);
      const [keys, values] = await Promise.all([
        request(os.getAllKeys(range)),
        request(os.getAll(range) as IDBRequest<unknown[]>),
      ]);
      const m = new Map<string, Uint8Array>();
      keys.forEach((k, i) => {
        const key = (k as [string, string])[1];
        const sv = values[i] as Partial<StoredValue> | undefined;
        const bytes = sv?.v instanceof ArrayBuffer ? new Uint8Array(sv.v) : null;
        if (!bytes || crc32(bytes) !== sv?.c) {
          problems.push(`${collection}/${key}: damaged record dropped`);
          return;
        }
        m.set(key, bytes);
      });
      records.set(collection, m);
    }
    await done(tx);
    return { records, problems };
  }

  async collections(): Promise<string[]> {
    const tx = this.db.transaction(RECORDS, 'readonly');
    const os = tx.objectStore(RECORDS);
    const out: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = os.openKeyCursor();
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const cur = req.result;
        if (!cur) return resolve();
        const collection = (cur.key as [string, string])[0];
        out.push(collection);
        cur.continue([collection, []]); // jump past this collection's keys
      };
    });
    await done(tx);
    return out;
  }

  async commit(writes: readonly RecordWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const tx = this.db.transaction(RECORDS, 'readwrite', { durability: 'strict' } as IDBTransactionOptions);
    const os = tx.objectStore(RECORDS);
    let bytes = 0;
    for (const w of writes) {
      const key = [w.collection, w.key];
      bytes += w.collection.length + w.key.length;
      if (w.value) {
        os.put({ v: ownBuffer(w.value), c: crc32(w.value) } satisfies StoredValue, key);
        bytes += w.value.length + 4;
      } else {
        os.delete(key);
      }
    }
    await done(tx);
    this.stats.commitBytes += bytes;
    this.stats.commits++;
  }

  async compact(): Promise<boolean> {
    return false;
  }

  async readCache(name: string): Promise<Uint8Array | null> {
    const tx = this.db.transaction(CACHES, 'readonly');
    const v = await request(tx.objectStore(CACHES).get(name) as IDBRequest<unknown>);
    return v instanceof ArrayBuffer ? new Uint8Array(v) : null;
  }

  async writeCache(name: string, bytes: Uint8Array): Promise<void> {
    const tx = this.db.transaction(CACHES, 'readwrite');
    tx.objectStore(CACHES).put(ownBuffer(bytes), name);
    await done(tx);
    this.stats.cacheBytes += bytes.length;
  }

  async deleteCache(name: string): Promise<void> {
    const tx = this.db.transaction(CACHES, 'readwrite');
    tx.objectStore(CACHES).delete(name);
    await done(tx);
  }

  /** Sums every stored value (a full scan: for status displays, not hot paths). */
  async sizeBytes(): Promise<number> {
    let sum = 0;
    for (const name of [RECORDS, CACHES]) {
      const tx = this.db.transaction(name, 'readonly');
      const all = await request(tx.objectStore(name).getAll() as IDBRequest<unknown[]>);
      for (const v of all) {
        if (v instanceof ArrayBuffer) sum += v.byteLength;
        else if ((v as StoredValue)?.v instanceof ArrayBuffer) sum += (v as StoredValue).v.byteLength;
      }
    }
    return sum;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
