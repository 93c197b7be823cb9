// One writer per data dir: a lock file holding the owner's pid. A lock whose process is gone is stale and taken
// over, so a crash never leaves the index locked forever.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from './errors';

/** Locks held by this process, so opening the same data dir twice in one process is refused too. */
const heldHere = new Set<string>();

interface LockInfo {
  pid: number;
  host: string;
  at: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number'
      ? { pid: info.pid, host: String(info.host ?? ''), at: String(info.at ?? '') }
      : null;
  } catch {
    return null;
  }
}

/** An acquired lock on a data dir; release() removes it. */
export class DataDirLock {
  private released = false;
  private readonly onExit = (): void => this.release();

  private constructor(
    readonly file: string,
    /** One line saying whose stale lock was taken over, or null when the lock was free. */
    readonly takenOver: string | null = null,
  ) {
    // Best effort on a normal exit; a killed process leaves a stale lock that the next open takes over.
    process.once('exit', this.onExit);
  }

  /** Takes the lock in `dataDir` or throws EngineError('locked') naming the live owner. */
  static acquire(dataDir: string): DataDirLock {
    const file = join(dataDir, 'lock');
    if (heldHere.has(file)) throw new EngineError('locked', `the index in ${dataDir} is already open in this process`);
    let takenOver: string | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o644);
        try {
          writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
        } finally {
          closeSync(fd);
        }
        heldHere.add(file);
        return new DataDirLock(file, takenOver);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const owner = readLock(file);
      // A pid is only meaningful on the host that wrote it; a lock from another host (a synced folder) or one
      // whose process is gone is stale. An unreadable lock may be mid-write: treat it as held once, then stale.
      if (owner && owner.host === hostname() && owner.pid !== process.pid && alive(owner.pid)) {
        throw new EngineError(
          'locked',
          `another overlay engine (pid ${owner.pid}) is using the index in ${dataDir}; stop it or use another --data-dir`,
        );
      }
      if (!owner && attempt === 0) continue;
      takenOver = owner
        ? `took over the index lock left by process ${owner.pid}${owner.host && owner.host !== hostname() ? ` on ${owner.host}` : ''}${owner.at ? ` (since ${owner.at})` : ''}, which is no longer running`
        : 'took over an unreadable index lock left by a crash';
      rmSync(file, { force: true });
    }
    throw new EngineError('locked', `could not lock the index in ${dataDir}`);
  }

  /** Removes the lock file (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    heldHere.delete(this.file);
    const owner = readLock(this.file);
    if (!owner || owner.pid === process.pid) rmSync(this.file, { force: true });
  }
}
