// The fs store's caches (`<data dir>/cache/…`): whole files beside the records that may be stale and are checked
// by their readers (the lexical snapshot, the HNSW graph, the column copy). Written atomically; names are relative
// paths of word characters, never leaving the folder.
import { promises as fs, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { WriteStats } from '../../core/storage/record-store';
import { replaceFileAtomic, writeFileAtomic } from '../atomic-file';

/** The cache files under `folder`; bytes written are counted into `stats`. */
export class CacheFolder {
  constructor(
    private readonly folder: string,
    private readonly stats: WriteStats,
  ) {}

  /**
   * The bytes of a cache, or null when there is none; read into `place(size)` (an array of that length) when
   * given, so a reader can put a large file where it will use it (the column copy: in WebAssembly memory).
   */
  async read(name: string, place?: (size: number) => Uint8Array): Promise<Uint8Array | null> {
    try {
      if (!place) return await fs.readFile(this.path(name));
      const handle = await fs.open(this.path(name), 'r');
      try {
        const { size } = await handle.stat();
        const out = place(size);
        if (out.length !== size) throw new Error(`cache-folder: ${out.length} bytes placed for a ${size}-byte file`);
        let at = 0;
        while (at < size) {
          const { bytesRead } = await handle.read(out, at, Math.min(size - at, 1 << 30), at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        // A file that shrank while read is returned short (its reader refuses it).
        return at === size ? out : out.subarray(0, at);
      } finally {
        await handle.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** The bytes of a cache read now, synchronously; null when there is none. */
  readSync(name: string): Uint8Array | null {
    try {
      return readFileSync(this.path(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** Replaces a cache atomically. */
  async write(name: string, bytes: Uint8Array): Promise<void> {
    const file = this.path(name);
    await fs.mkdir(join(file, '..'), { recursive: true });
    await writeFileAtomic(file, bytes);
    this.stats.cacheBytes += bytes.length;
  }

  /** Replaces a cache atomically with `parts` written in order (a large cache need not be joined in memory). */
  async writeParts(name: string, parts: readonly Uint8Array[]): Promise<void> {
    const file = this.path(name);
    await fs.mkdir(join(file, '..'), { recursive: true });
    await replaceFileAtomic(file, async (tmp) => {
      const handle = await fs.open(tmp, 'w', 0o644);
      try {
        for (const part of parts) await handle.write(part);
      } finally {
        await handle.close();
      }
    });
    this.stats.cacheBytes += parts.reduce((n, p) => n + p.length, 0);
  }

  /** Removes a cache if present. */
  async delete(name: string): Promise<void> {
    await fs.rm(this.path(name), { force: true });
  }

  /** The file of a cache, for writers that need a path (hnswlib-node saves to a file itself). */
  path(name: string): string {
    if (!/^[\w.-]+(\/[\w.-]+)*$/.test(name) || name.split('/').includes('..'))
      throw new Error(`fs-record-store: bad cache name ${name}`);
    return join(this.folder, name);
  }

  /** Bytes of every cache file. */
  async sizeBytes(): Promise<number> {
    let sum = 0;
    const walk = async (dir: string): Promise<void> => {
      let names: Dirent[];
      try {
        names = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const d of names) {
        if (d.isDirectory()) await walk(join(dir, d.name));
        else sum += (await fs.stat(join(dir, d.name)).catch(() => ({ size: 0 }))).size;
      }
    };
    await walk(this.folder);
    return sum;
  }
}
