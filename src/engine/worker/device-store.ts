// This device's store of the index: IndexedDB in the worker (per vault, never inside the vault's files).
import type { RecordStore } from '../../core/storage/record-store';
import { MemoryRecordStore } from './memory-record-store';

/** Opens the RecordStore named `name`. */
export async function openDeviceStore(name: string): Promise<RecordStore> {
  return new MemoryRecordStore(name);
}
