import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { IndexedDbRecordStore } from '../../../src/core/storage/indexeddb-record-store';
import type { RecordStore } from '../../../src/core/storage/record-store';
import { recordStoreContract } from './record-store-contract';

// One in-memory IndexedDB per test file (fake-indexeddb implements the spec in plain JS).
const factory = new IDBFactory();
let n = 0;
const names = new Map<RecordStore, string>();

async function fresh(): Promise<RecordStore> {
  const name = `vault-${n++}`;
  const s = await IndexedDbRecordStore.open(factory, name, IDBKeyRange);
  names.set(s, name);
  return s;
}

async function reopen(s: RecordStore): Promise<RecordStore> {
  const name = names.get(s)!;
  await s.close();
  const r = await IndexedDbRecordStore.open(factory, name, IDBKeyRange);
  names.set(r, name);
  return r;
}

describe('IndexedDbRecordStore', () => {
  recordStoreContract(fresh, reopen);

  it('drops a damaged record alone and reports it', async () => {
    const s = await fresh();
    await s.commit([
      { collection: 'notes', key: 'a', value: new Uint8Array([1, 2]) },
      { collection: 'notes', key: 'b', value: new Uint8Array([3, 4]) },
    ]);
    await s.close();
    // Damage one stored value behind the store's back.
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = factory.open(names.get(s)!);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    await new Promise<void>((res) => {
      const tx = db.transaction('records', 'readwrite');
      tx.objectStore('records').put({ v: new Uint8Array([1, 9]).buffer, c: 0 }, ['notes', 'a']);
      tx.oncomplete = () => res();
    });
    db.close();
    const r = await IndexedDbRecordStore.open(factory, names.get(s)!, IDBKeyRange);
    const loaded = await r.load(['notes']);
    expect([...loaded.records.get('notes')!.keys()]).toEqual(['b']);
    expect(loaded.problems.join()).toMatch(/notes\/a: damaged/);
    await r.close();
  });

  it('keeps vaults apart and can be destroyed', async () => {
    const a = await fresh();
    const b = await fresh();
    await a.commit([{ collection: 'notes', key: 'x', value: new Uint8Array([1]) }]);
    expect((await b.load(['notes'])).records.get('notes')!.size).toBe(0);
    await a.close();
    await IndexedDbRecordStore.destroy(factory, names.get(a)!);
    const again = await IndexedDbRecordStore.open(factory, names.get(a)!, IDBKeyRange);
    expect((await again.load(['notes'])).records.get('notes')!.size).toBe(0);
    await again.close();
    await b.close();
  });
});
