// Atomic file writes: write a temp file in the same folder, fsync it, rename over the target, fsync the folder.
// A crash leaves either the old file or the new one, never a torn mix. This module alone names the temp files, so
// removeStaleTemps always matches what a crashed write left behind.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export { sha256 } from './hash';
import { sha256 } from './hash';

const TEMP_SUFFIX = '.tmp';

/** A fresh temp path beside `file`: hidden, unique per process and call, recognised by isTempName. */
function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/** True for a file name that tempPathFor produces. */
function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** Writes `data` to `file` atomically; returns its sha256 and size for the manifest. */
export async function writeFileAtomic(
  file: string,
  data: Uint8Array | string,
): Promise<{ sha256: string; bytes: number }> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  await replaceFileAtomic(file, async (tmp) => {
    const handle = await fs.open(tmp, 'w', 0o644);
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
  });
  return { sha256: sha256(bytes), bytes: bytes.length };
}

/**
 * Replaces `file` atomically with what `writeTemp` writes to the temp path it is given (for writers that need a
 * path, such as hnswlib's writeIndexSync). The temp file is removed when writing or renaming fails.
 */
export async function replaceFileAtomic(file: string, writeTemp: (tmp: string) => void | Promise<void>): Promise<void> {
  const tmp = tempPathFor(file);
  try {
    await writeTemp(tmp);
    await syncFile(tmp, 'r+');
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dirname(file));
}

async function syncFile(path: string, flags: string): Promise<void> {
  const h = await fs.open(path, flags);
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Flushes a folder entry (the rename) to disk; not supported on every platform, so failures are ignored. */
async function syncDir(dir: string): Promise<void> {
  try {
    await syncFile(dir, 'r');
  } catch {
    // Windows cannot open folders for fsync; the rename is still atomic there.
  }
}

/**
 * Removes temp files a crash left behind in `dir` (written by writeFileAtomic or replaceFileAtomic); with
 * `recursive`, in every folder below it too.
 */
export async function removeStaleTemps(dir: string, opts: { recursive?: boolean } = {}): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  await Promise.all(
    entries.map((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return opts.recursive ? removeStaleTemps(path, opts) : undefined;
      return isTempName(e.name) ? fs.rm(path, { force: true }) : undefined;
    }),
  );
}
