// The index folder of one engine: checked against the vault, created, locked, and cleared of temp files that a
// crash left behind.
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { removeStaleTemps } from './atomic-file';
import { EngineError, isEngineError } from './errors';
import { DataDirLock } from './lock';

/** Prepares and locks `dataDir` for the vault; EngineError('data-dir') when it cannot be used. */
export async function openDataDir(vault: string, dataDir: string): Promise<DataDirLock> {
  // The data dir is left out of the notes: as the vault itself or a folder around it, it would hide them all
  // (and its files would land among the notes).
  const fromData = relative(dataDir, vault);
  if (fromData === '' || (!fromData.startsWith('..') && !isAbsolute(fromData))) {
    throw new EngineError(
      'data-dir',
      `the index folder ${dataDir} cannot be the vault or a folder that contains it; use a folder inside it ` +
        `(the default is ${join(vault, '.overlay')}) or outside it`,
    );
  }
  let lock: DataDirLock;
  try {
    await fs.mkdir(dataDir, { recursive: true });
    lock = DataDirLock.acquire(dataDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isEngineError(e) || !code) throw e;
    throw new EngineError(
      'data-dir',
      `cannot write the index folder ${dataDir} (${code}); choose another with --data-dir`,
    );
  }
  try {
    await removeStaleTemps(dataDir, { recursive: true });
    return lock;
  } catch (e) {
    lock.release();
    throw e;
  }
}
