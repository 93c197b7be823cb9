import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsRecordStore } from '../../../src/engine/storage/fs-record-store';
import type { RecordStore } from '../../../src/core/storage/record-store';
import { recordStoreContract } from '../../core/storage/record-store-contract';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'overlay-fsrs-'));
  dirs.push(d);
  return d;
}

const fresh = (): Promise<RecordStore> => FsRecordStore.open(tempDir());
const reopen = async (s: RecordStore): Promise<RecordStore> => {
  await s.close();
  return FsRecordStore.open(s.location);
};
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A store in `dir` with three records in one segment and one in a second. */
async function twoSegments(dir: string): Promise<void> {
  const s = await FsRecordStore.open(dir);
  await s.commit([
    { collection: 'notes', key: 'a', value: bytes('A'.repeat(100)) },
    { collection: 'notes', key: 'b', value: bytes('B'.repeat(100)) },
    { collection: 'notes', key: 'c', value: bytes('C'.repeat(100)) },
  ]);
  await s.commit([{ collection: 'notes', key: 'd', value: bytes('D'.repeat(100)) }]);
  await s.close();
}

const segFiles = (dir: string): string[] => readdirSync(join(dir, 'segments')).sort();

describe('FsRecordStore', () => {
  recordStoreContract(fresh, reopen);

  it('reads a cache into the array its reader places for the size (or null when there is none)', async () => {
    const s = await FsRecordStore.open(tempDir());
    const into = new Uint8Array(8);
    const place = (size: number): Uint8Array => into.subarray(2, 2 + size);
    expect(await s.readCache('scan/x', place)).toBeNull();
    await s.writeCache('scan/x', new Uint8Array([9, 8, 7]));
    const got = await s.readCache('scan/x', place);
    expect(got?.buffer).toBe(into.buffer);
    expect([...into]).toEqual([0, 0, 9, 8, 7, 0, 0, 0]);
    await expect(s.readCache('scan/x', () => new Uint8Array(2))).rejects.toThrow(/cache-folder: 2 bytes placed/);
  });

  it('drops only the damaged record of a segment, and compaction makes the store clean again', async () => {
    const dir = tempDir();
    await twoSegments(dir);
    const first = join(dir, 'segments', segFiles(dir)[0]!);
    const b = readFileSync(first);
    const at = b.indexOf('BBBB');
    b[at + 10] = b[at + 10]! ^ 0xff;
    writeFileSync(first, b);
    const s = await FsRecordStore.open(dir);
    const loaded = await s.load(['notes']);
    expect([...loaded.records.get('notes')!.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(loaded.problems.join()).toMatch(/damaged record/);
    expect(await s.compact()).toBe(true);
    const again = await FsRecordStore.open(dir);
    const l2 = await again.load(['notes']);
    expect(l2.problems).toEqual([]);
    expect([...l2.records.get('notes')!.keys()].sort()).toEqual(['a', 'c', 'd']);
  });

  it('loses the rest of a segment whose frame is damaged, never the other segments', async () => {
    const dir = tempDir();
    await twoSegments(dir);
    const first = join(dir, 'segments', segFiles(dir)[0]!);
    writeFileSync(first, readFileSync(first).subarray(0, 150)); // truncated mid-record
    const loaded = await (await FsRecordStore.open(dir)).load(['notes']);
    expect([...loaded.records.get('notes')!.keys()].sort()).toEqual(['a', 'd']);
    expect(loaded.problems.join()).toMatch(/truncated/);
  });

  it('reads the segments on disk when the manifest is damaged', async () => {
    const dir = tempDir();
    await twoSegments(dir);
    writeFileSync(join(dir, 'manifest.json'), '{"format":"overlay-rec');
    const loaded = await (await FsRecordStore.open(dir)).load(['notes']);
    expect([...loaded.records.get('notes')!.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(loaded.problems.join()).toMatch(/manifest\.json unreadable/);
  });

  it('ignores and deletes a segment written without its manifest (a crash mid-commit)', async () => {
    const dir = tempDir();
    await twoSegments(dir);
    const manifest = readFileSync(join(dir, 'manifest.json'));
    const s = await FsRecordStore.open(dir);
    await s.commit([{ collection: 'notes', key: 'e', value: bytes('E') }]);
    writeFileSync(join(dir, 'manifest.json'), manifest); // as if the crash came before the manifest's rename
    expect(segFiles(dir)).toHaveLength(3);
    const r = await FsRecordStore.open(dir);
    const loaded = await r.load(['notes']);
    expect([...loaded.records.get('notes')!.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(loaded.problems).toEqual([]);
    expect(segFiles(dir)).toHaveLength(2);
    // The next commit reuses nothing stale.
    await r.commit([{ collection: 'notes', key: 'f', value: bytes('F') }]);
    const l2 = await (await FsRecordStore.open(dir)).load(['notes']);
    expect([...l2.records.get('notes')!.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'f']);
  });

  it('merges the small newest segments when there are many, and rewrites all when garbage dominates', async () => {
    const dir = tempDir();
    const s = await FsRecordStore.open(dir);
    await s.load(['c']);
    await s.commit(
      Array.from({ length: 200 }, (_, i) => ({ collection: 'c', key: `big${i}`, value: new Uint8Array(8192) })),
    );
    for (let i = 0; i < 17; i++) await s.commit([{ collection: 'c', key: `small${i}`, value: bytes('x') }]);
    expect(await s.compact()).toBe(true);
    const u = s.usage();
    expect(u.segments).toBe(2); // the big segment was left alone
    expect(s.stats.compactionBytes).toBeLessThan(4096);
    // Overwrite every big record: garbage > half, over 1 MiB -> full rewrite.
    await s.commit(
      Array.from({ length: 200 }, (_, i) => ({ collection: 'c', key: `big${i}`, value: new Uint8Array(4096) })),
    );
    expect(await s.compact()).toBe(true);
    expect(s.usage().segments).toBe(1);
    expect(s.usage().segmentBytes - s.usage().liveBytes).toBeLessThan(100);
    const loaded = await (await FsRecordStore.open(dir)).load(['c']);
    expect(loaded.records.get('c')!.size).toBe(217);
    expect(loaded.records.get('c')!.get('big3')!.length).toBe(4096);
  });

  it('reports the JSON of a manifest of another layout (an older index) for migration', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ formatVersion: 1, files: {} }));
    const s = await FsRecordStore.open(dir);
    expect((s.foreignManifest as { formatVersion: number }).formatVersion).toBe(1);
    expect((await s.load(['notes'])).problems).toEqual([]);
  });
});
