// This device's store of the index: IndexedDB in the worker, one database per vault, never inside the vault's
// files (so Obsidian Sync, iCloud and git do not carry it). Cleared with the "Clear this device's index" command.
import { IndexedDbRecordStore } from '../../core/storage/indexeddb-record-store';
import type { RecordStore } from '../../core/storage/record-store';

/** Opens the RecordStore named `name` on this worker's IndexedDB. */
export async function openDeviceStore(name: string): Promise<RecordStore> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available in this app');
  return IndexedDbRecordStore.open(indexedDB, name);
}
