// Temp copies of vaults and folder sizes. The benchmark edits notes to measure incremental sync, and it must
// never write into examples/ or the shared vaults, so every measured vault is a copy in the OS temp folder.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Folders never copied: index data of earlier runs, and version control. */
const SKIP = new Set(['.overlay', '.git']);

/** Copies `vault` into a fresh temp folder (index data left behind) and returns the copy's path. */
export async function copyVault(vault: string, prefix = 'overlay-bench-'): Promise<string> {
  const root = await fs.mkdtemp(join(tmpdir(), prefix));
  await fs.cp(vault, root, {
    recursive: true,
    filter: (src) => src === vault || !SKIP.has(basename(src)),
  });
  return root;
}

/** A fresh empty temp folder. */
export function tempDir(prefix = 'overlay-bench-data-'): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), prefix));
}

/** Total size in bytes of the regular files under `dir` (0 when it does not exist). */
export async function folderBytes(dir: string): Promise<number> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  let sum = 0;
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sum += await folderBytes(p);
    else if (e.isFile()) sum += (await fs.stat(p)).size;
  }
  return sum;
}

/** Removes a temp folder and everything in it (errors ignored: it is only clean-up). */
export async function removeTemp(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
}
