// Atomic file writes: write a temp file in the same folder, fsync it, rename over the target, fsync the folder.
// A crash leaves either the old file or the new one, never a torn mix.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export { sha256 } from './hash';
import { sha256 } from './hash';

/** Writes `data` to `file` atomically; returns its sha256 and size for the manifest. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<{ sha256: string; bytes: number }> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
  return { sha256: sha256(bytes), bytes: bytes.length };
}

/** Flushes a folder entry (the rename) to disk; not supported on every platform, so failures are ignored. */
async function syncDir(dir: string): Promise<void> {
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(dir, 'r');
    await h.sync();
  } catch {
    // Windows cannot open folders for fsync; the rename is still atomic there.
  } finally {
    await h?.close().catch(() => undefined);
  }
}

/** Removes temp files a crash left behind in `dir` (written by writeFileAtomic). */
export async function removeStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => fs.rm(join(dir, n), { force: true })),
  );
}
