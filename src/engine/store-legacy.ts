// Format 1 of the index (whole-file JSON + `<folder>/vectors.bin`), read once to migrate it without re-embedding
// (docs/decisions/0006-record-store.md, decision 10), and removed after the first commit of format 2.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { FsRecordStore } from './storage/fs-record-store';
import { VectorStore } from './vector-store';

/** Files of the format-1 index (removed once migrated). */
const LEGACY_FILES = ['notes.json', 'chunks.json', 'lexical.json'];

/**
 * Format 1 kept each embedder's vectors in `<folder>/vectors.bin` (self-verifying): puts them into `into`.
 * Returns true when the file was read (it is removed once migrated), else false, with a problem when unreadable.
 */
export async function loadLegacyVectors(
  dataDir: string,
  folder: string,
  into: VectorStore,
  problems: string[],
): Promise<boolean> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(join(dataDir, folder, 'vectors.bin'));
  } catch {
    return false;
  }
  try {
    const legacy = VectorStore.deserialize(bytes, into.dims);
    for (const key of legacy.keys()) into.set(key, legacy.get(key)!);
    return true;
  } catch (e) {
    problems.push(`${folder}/vectors.bin of format 1 unreadable (${e instanceof Error ? e.message : String(e)})`);
    return false;
  }
}

/** Removes format-1 files once their content is committed in records. */
export async function removeLegacy(dataDir: string, folders: Set<string>, records: FsRecordStore): Promise<void> {
  for (const folder of folders) {
    for (const f of ['vectors.bin', 'hnsw.bin', 'embedder.json'])
      await fs.rm(join(dataDir, folder, f), { force: true });
    await fs.rmdir(join(dataDir, folder)).catch(() => undefined); // only when empty
    await fs.rmdir(join(dataDir, 'vectors')).catch(() => undefined);
  }
  folders.clear();
  if (records.foreignManifest !== undefined) {
    for (const f of LEGACY_FILES) await fs.rm(join(dataDir, f), { force: true });
    // Format-1 HNSW graphs use labels of the old chunks.json: never to be read as caches.
    const dirs = await fs.readdir(join(dataDir, 'vectors')).catch(() => [] as string[]);
    for (const d of dirs) await fs.rm(join(dataDir, 'vectors', d, 'hnsw.bin'), { force: true });
    records.foreignManifest = undefined;
  }
}
