import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock } from '../../src/engine/lock';
import { removeDir } from './temp-vault';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'overlay-lock-'));
  dirs.push(d);
  return d;
}

describe('DataDirLock', () => {
  it('is exclusive within a process and released on demand', () => {
    const d = dir();
    const lock = DataDirLock.acquire(d);
    expect(JSON.parse(readFileSync(join(d, 'lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(() => DataDirLock.acquire(d)).toThrow(/already open in this process/);
    lock.release();
    lock.release();
    expect(existsSync(join(d, 'lock'))).toBe(false);
    DataDirLock.acquire(d).release();
  });

  it('refuses a lock held by a live process and takes over a dead one', () => {
    const d = dir();
    // pid 1 is always alive.
    writeFileSync(join(d, 'lock'), JSON.stringify({ pid: 1, host: hostname() }));
    expect(() => DataDirLock.acquire(d)).toThrow(/another overlay engine \(pid 1\)/);
    writeFileSync(
      join(d, 'lock'),
      JSON.stringify({ pid: 2 ** 22 + 4321, host: hostname(), at: '2026-01-02T03:04:05Z' }),
    );
    const taken = DataDirLock.acquire(d);
    expect(taken.takenOver).toBe(
      `took over the index lock left by process ${2 ** 22 + 4321} (since 2026-01-02T03:04:05Z), which is no longer running`,
    );
    taken.release();
    // Garbage in the lock file (a crash mid-write) is stale too.
    writeFileSync(join(d, 'lock'), '{');
    const garbage = DataDirLock.acquire(d);
    expect(garbage.takenOver).toMatch(/unreadable index lock/);
    garbage.release();
    const free = DataDirLock.acquire(d);
    expect(free.takenOver).toBeNull();
    free.release();
  });
});
