// SIGTERM is what `timeout`, systemd and process managers send: `overlay index` must treat it like Ctrl-C —
// stop soon, save what is done, release the lock, exit 130 — and a lock left by a process killed with SIGKILL is
// taken over by the next run with a one-line notice.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/util/prng';
import { makeVault, removeDir } from '../engine/temp-vault';
import { INTERRUPTED_EXIT } from '../../src/cli/interrupt';
import { REPO, buildCli, hasStackTrace, runOverlay } from './index-helpers';

const dirs: string[] = [];
beforeAll(() => buildCli());
afterAll(() => dirs.forEach(removeDir));

const WORDS =
  'garden tomato soil water root leaf compost mulch season harvest seed plant light frost shade pest prune stake vine fruit'.split(
    ' ',
  );

/** A vault big enough that indexing it takes several seconds: `n` notes of varied prose with links. */
function bigVault(n: number): string {
  const vault = makeVault({});
  const rand = seededRandom(7);
  const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)]!;
  mkdirSync(join(vault, 'notes'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const paras = Array.from({ length: 4 }, () => Array.from({ length: 70 }, pick).join(' ') + '.');
    writeFileSync(
      join(vault, 'notes', `n${i}.md`),
      `# Note ${i}\n\n${paras[0]}\n\n## Part\n\n${paras.slice(1).join('\n\n')}\nSee [[n${(i * 7) % n}]].\n`,
    );
  }
  return vault;
}

function startIndex(vault: string) {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'overlay.mjs'), 'index', vault, '--json'], {
    cwd: REPO,
    env: { ...process.env, OVERLAY_DEBUG: '' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code, sig) => resolve(code ?? (sig ? -1 : null))),
  );
  return { child, closed, stderr: () => stderr };
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  for (let t = 0; t < ms && !cond(); t += 10) await new Promise((r) => setTimeout(r, 10));
}

describe('signals while indexing', () => {
  it('SIGTERM mid-index saves, releases the lock and exits 130 promptly', async () => {
    const vault = bigVault(2000);
    dirs.push(vault);
    const lock = join(vault, '.overlay', 'lock');

    const run = startIndex(vault);
    await waitFor(() => existsSync(lock), 20_000);
    // Into embedding: the first checkpoint has written index data beside the lock (whatever the store's files).
    const stored = (): boolean => readdirSync(join(vault, '.overlay')).some((f) => f !== 'lock' && !f.includes('tmp'));
    await waitFor(stored, 120_000);
    expect(stored()).toBe(true);
    const sent = Date.now();
    run.child.kill('SIGTERM');
    const code = await run.closed;
    const stopMs = Date.now() - sent;
    console.log(`SIGTERM → exit in ${stopMs} ms; ${run.stderr().match(/holds ([\d,]+)/)?.[1]} notes saved`);
    expect(code, run.stderr()).toBe(INTERRUPTED_EXIT);
    const held = Number(/holds ([\d,]+) notes?/.exec(run.stderr())?.[1]?.replace(/,/g, ''));
    expect(held, run.stderr()).toBeGreaterThan(0);
    expect(hasStackTrace(run.stderr())).toBe(false);
    expect(existsSync(lock)).toBe(false);
    // The bound in the issue is 1 s; a loaded CI machine gets some slack, the printed figure is the measurement.
    expect(stopMs).toBeLessThan(3000);
  }, 240_000);

  it('takes over a lock left by a killed process, with a one-line notice', () => {
    const vault = makeVault();
    dirs.push(vault);
    mkdirSync(join(vault, '.overlay'));
    // What SIGKILL leaves behind: the lock of a process that is gone.
    writeFileSync(
      join(vault, '.overlay', 'lock'),
      JSON.stringify({ pid: 2 ** 22 + 999, host: hostname(), at: '2026-12-01T10:00:00.000Z' }),
    );
    const r = runOverlay(['index', vault, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `overlay: took over the index lock left by process ${2 ** 22 + 999} (since 2026-12-01T10:00:00.000Z), which is no longer running\n`,
    );
    expect(existsSync(join(vault, '.overlay', 'lock'))).toBe(false);
  });
});
