// Backend 1 of RecordStore: append-only segment files in a folder (the CLI's data dir). A commit appends one new
// segment (fsynced), then atomically replaces manifest.json, which lists the committed segments in order: a
// crash before the manifest leaves an unlisted segment that the next open deletes. Compaction rewrites the live
// records when garbage passes half the bytes (store-manifest.ts compactionDue; or merges the small newest segments when there are too many).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import {
  emptyWriteStats,
  type LoadedRecords,
  type RecordStore,
  type RecordWrite,
} from '../../core/storage/record-store';
import { writeFileAtomic } from '../atomic-file';
import { encodeEntry, segmentHeader, HEADER_BYTES } from './segment-format';
import { readSegment } from './segment-reader';
import { CacheFolder } from './cache-folder';
import { copyEntries, type EntryLoc } from './segment-copy';
import { EntryReader } from './entry-reader';
import {
  compactionDue,
  MANIFEST,
  readStoreManifest,
  removeUnlisted,
  segmentName,
  SEGMENTS,
  writeSynced,
  type StoreManifest,
} from './store-manifest';

export { STORE_LAYOUT_VERSION } from './store-manifest';

const CACHE = 'cache';

const SEP = '\u0000';
const composite = (collection: string, key: string): string => `${collection}${SEP}${key}`;
const splitComposite = (ck: string): [string, string] => {
  const i = ck.indexOf(SEP);
  return [ck.slice(0, i), ck.slice(i + 1)];
};

/** The fs backend. Open with FsRecordStore.open; one writer per folder (the engine holds the data dir lock). */
export class FsRecordStore implements RecordStore {
  readonly stats = emptyWriteStats();
  /** The JSON of a manifest.json this store did not write (an index of an older format), for migration. */
  foreignManifest: unknown = undefined;
  private index = new Map<string, EntryLoc>();
  private readonly caches: CacheFolder;
  private readonly entries: EntryReader;
  private scanned = false;
  private damaged = false;
  private segmentBytes = 0;
  private liveBytes = 0;

  private constructor(
    readonly location: string,
    private manifest: StoreManifest,
    private readonly openProblems: string[],
  ) {
    this.caches = new CacheFolder(join(location, CACHE), this.stats);
    this.entries = new EntryReader(join(location, SEGMENTS));
  }

  /** Opens (without reading the segments yet) the store in `dir`, creating nothing until the first commit. */
  static async open(dir: string): Promise<FsRecordStore> {
    const { manifest, problems, foreign } = await readStoreManifest(dir);
    const store = new FsRecordStore(dir, manifest, problems);
    store.foreignManifest = foreign;
    if (problems.length > 0) store.damaged = true;
    return store;
  }

  async load(collections: readonly string[]): Promise<LoadedRecords> {
    const wanted = new Set(collections);
    const loaded = await this.loadWhere((c) => wanted.has(c));
    for (const c of wanted) if (!loaded.records.has(c)) loaded.records.set(c, new Map());
    return loaded;
  }

  /** Like load, for every collection `want` accepts (one pass over the segments). */
  async loadWhere(want: (collection: string) => boolean): Promise<LoadedRecords> {
    const records = new Map<string, Map<string, Uint8Array>>();
    const problems = await this.visitWhere(want, (collection, key, value) => {
      let m = records.get(collection);
      if (!m) records.set(collection, (m = new Map()));
      if (value)
        m.set(key, new Uint8Array(value)); // a copy: the value views a reused window
      else m.delete(key);
    });
    return { records, problems };
  }

  /**
   * One pass over the segments, oldest first: `visit` sees every surviving put and delete of the collections
   * `want` accepts, so the last call for a key is its live state. A value is valid only during its call (it
   * views a reused read window): decode it there, or copy it. Returns the damage found.
   */
  visitWhere(
    want: (collection: string) => boolean,
    visit: (collection: string, key: string, value: Uint8Array | null) => void,
  ): Promise<string[]> {
    const wanted = new Map<string, boolean>();
    return this.scan((collection, key, value) => {
      let w = wanted.get(collection);
      if (w === undefined) wanted.set(collection, (w = want(collection)));
      if (w) visit(collection, key, value);
    });
  }

  /** The live value of (collection, key) read back now, checked as a load checks it; null when it has none. */
  readSync(collection: string, key: string): Uint8Array | null {
    const loc = this.live(collection, key);
    return loc ? this.entries.read(loc, collection, key) : null;
  }

  /**
   * `length` bytes of the live value of (collection, key) from `back` bytes before its end, into `into`; false when
   * it has none. Not checked again: segments were checked when read and never change (one vector, not a record).
   */
  readTailSync(collection: string, key: string, back: number, into: Uint8Array, length: number): boolean {
    const loc = this.live(collection, key);
    if (loc) this.entries.readTail(loc, back, into, length);
    return loc !== null;
  }

  private live(collection: string, key: string): EntryLoc | null {
    if (!this.scanned) throw new Error('fs-record-store: a record read before the segments were read');
    const loc = this.index.get(composite(collection, key));
    return loc?.put ? loc : null;
  }

  async collections(): Promise<string[]> {
    if (!this.scanned) await this.scan(() => undefined);
    const out = new Set<string>();
    for (const [ck, loc] of this.index) if (loc.put) out.add(splitComposite(ck)[0]);
    return [...out].sort();
  }

  async commit(writes: readonly RecordWrite[]): Promise<void> {
    if (writes.length === 0) return;
    if (!this.scanned) await this.scan(() => undefined);
    const file = segmentName(this.manifest.nextSegment);
    const parts: Buffer[] = [segmentHeader()];
    const locs = new Map<string, EntryLoc>();
    let offset = HEADER_BYTES;
    for (const w of writes) {
      const entry = encodeEntry(w.collection, w.key, w.value);
      parts.push(entry);
      locs.set(composite(w.collection, w.key), { file, offset, length: entry.length, put: w.value !== null });
      offset += entry.length;
    }
    await fs.mkdir(join(this.location, SEGMENTS), { recursive: true });
    await writeSynced(join(this.location, SEGMENTS, file), Buffer.concat(parts, offset));
    const next: StoreManifest = {
      ...this.manifest,
      nextSegment: this.manifest.nextSegment + 1,
      segments: [...this.manifest.segments, { file, bytes: offset, records: writes.length }],
      updatedAt: new Date().toISOString(),
    };
    const written = await writeFileAtomic(join(this.location, MANIFEST), JSON.stringify(next));
    // Committed: only now does the in-memory view change.
    this.manifest = next;
    this.segmentBytes += offset;
    for (const [ck, loc] of locs) this.place(ck, loc);
    this.stats.commitBytes += offset + written.bytes;
    this.stats.commits++;
  }

  async compact(opts: { force?: boolean } = {}): Promise<boolean> {
    if (!this.scanned) await this.scan(() => undefined);
    const { segmentBytes, liveBytes, damaged } = this;
    const from = compactionDue(this.manifest.segments, { segmentBytes, liveBytes, damaged, force: opts.force });
    if (from === null) return false;
    await this.rewrite(from);
    return true;
  }

  async readCache(name: string, place?: (size: number) => Uint8Array): Promise<Uint8Array | null> {
    return this.caches.read(name, place);
  }

  /** A cache's bytes read now, synchronously (for a load deferred to a synchronous first use); null when none. */
  readCacheSync(name: string): Uint8Array | null {
    return this.caches.readSync(name);
  }

  async writeCache(name: string, bytes: Uint8Array): Promise<void> {
    await this.caches.write(name, bytes);
  }

  /** Writes a cache from parts, in order, atomically (see CacheFolder.writeParts). */
  async writeCacheParts(name: string, parts: readonly Uint8Array[]): Promise<void> {
    await this.caches.writeParts(name, parts);
  }

  async deleteCache(name: string): Promise<void> {
    await this.caches.delete(name);
  }

  /** The file of a cache, for writers that need a path (hnswlib-node saves to a file itself). */
  cachePath(name: string): string {
    return this.caches.path(name);
  }

  /** Counts bytes a caller wrote to a cache file itself (see cachePath). */
  noteCacheWrite(bytes: number): void {
    this.stats.cacheBytes += bytes;
  }

  async sizeBytes(): Promise<number> {
    return this.segmentBytes + (await this.caches.sizeBytes());
  }

  async close(): Promise<void> {
    this.index.clear();
    this.entries.close();
  }

  /** True when damage was found and a compaction would rewrite the surviving records cleanly. */
  needsCompaction(): boolean {
    return this.damaged;
  }

  /** Bytes in segments and bytes of live records (garbage = the difference). */
  usage(): { segmentBytes: number; liveBytes: number; segments: number } {
    return { segmentBytes: this.segmentBytes, liveBytes: this.liveBytes, segments: this.manifest.segments.length };
  }

  /** Reads every listed segment in order, rebuilding the key index; `visit` sees every surviving entry. */
  private async scan(visit: (collection: string, key: string, value: Buffer | null) => void): Promise<string[]> {
    const problems = [...this.openProblems];
    this.index.clear();
    this.segmentBytes = 0;
    this.liveBytes = 0;
    for (const seg of this.manifest.segments) {
      let found: string[];
      try {
        found = await readSegment(join(this.location, SEGMENTS, seg.file), seg.bytes, `segment ${seg.file}`, (e) => {
          this.place(composite(e.collection, e.key), {
            file: seg.file,
            offset: e.offset,
            length: e.length,
            put: e.value !== null,
          });
          visit(e.collection, e.key, e.value);
        });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        problems.push(`segment ${seg.file} missing; its ${seg.records} records are dropped`);
        continue;
      }
      this.segmentBytes += seg.bytes;
      problems.push(...found);
    }
    await removeUnlisted(this.location, this.manifest);
    this.scanned = true;
    if (problems.length > 0) this.damaged = true;
    return problems;
  }

  private place(ck: string, loc: EntryLoc): void {
    const prev = this.index.get(ck);
    if (prev?.put) this.liveBytes -= prev.length;
    if (loc.put) this.liveBytes += loc.length;
    this.index.set(ck, loc);
  }

  /** Replaces segments[from..] by one segment of their live entries (tombstones kept unless from = 0). */
  private async rewrite(from: number): Promise<void> {
    const old = this.manifest.segments.slice(from);
    const oldFiles = new Set(old.map((s) => s.file));
    const byFile = new Map<string, [string, EntryLoc][]>();
    for (const [ck, loc] of this.index) {
      if (!oldFiles.has(loc.file) || (!loc.put && from === 0)) continue;
      let list = byFile.get(loc.file);
      if (!list) byFile.set(loc.file, (list = []));
      list.push([ck, loc]);
    }
    const file = segmentName(this.manifest.nextSegment);
    const copied = await copyEntries(join(this.location, SEGMENTS), file, [...oldFiles], byFile);
    const { moved, bytes: offset, records } = copied;
    const next: StoreManifest = {
      ...this.manifest,
      nextSegment: this.manifest.nextSegment + 1,
      segments: [...this.manifest.segments.slice(0, from), { file, bytes: offset, records }],
      updatedAt: new Date().toISOString(),
    };
    const written = await writeFileAtomic(join(this.location, MANIFEST), JSON.stringify(next));
    this.manifest = next;
    for (const [ck, loc] of this.index) if (oldFiles.has(loc.file) && !moved.has(ck)) this.index.delete(ck);
    for (const [ck, loc] of moved) this.index.set(ck, loc);
    this.segmentBytes = this.segmentBytes - old.reduce((s, x) => s + x.bytes, 0) + offset;
    this.damaged = false;
    this.stats.compactionBytes += offset + written.bytes;
    this.stats.compactions++;
    this.entries.forget(oldFiles);
    await Promise.all(old.map((s) => fs.rm(join(this.location, SEGMENTS, s.file), { force: true })));
  }
}
