// Ctrl-C during a vault command: the guard's decisions with a fake signal source, and the real CLI stopped by
// SIGINT (exit 130, one clear line, lock released, nothing half-written).
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptGuard, INTERRUPTED_EXIT, type SignalHost } from '../../src/cli/interrupt';
import type { CliIO } from '../../src/cli/cli-io';
import { buildCli, hasStackTrace, REPO, runOverlay } from './index-helpers';
import { makeVault, removeDir, SAMPLE_NOTES } from '../engine/temp-vault';

function fakeHost(): SignalHost & { emit(s: 'SIGINT' | 'SIGTERM'): void; exits: number[]; listeners(): number } {
  const ee = new EventEmitter();
  const exits: number[] = [];
  return {
    on: (s, fn) => ee.on(s, fn),
    removeListener: (s, fn) => ee.removeListener(s, fn),
    exit: (code) => void exits.push(code),
    emit: (s) => void ee.emit(s),
    exits,
    listeners: () => ee.listenerCount('SIGINT') + ee.listenerCount('SIGTERM'),
  };
}

function capture(): CliIO & { err: string } {
  const io = { err: '', isTTY: false, stdout: () => undefined, stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('InterruptGuard', () => {
  it('quits at once when there is nothing to save', () => {
    const host = fakeHost();
    const guard = new InterruptGuard(capture(), host);
    guard.install();
    host.emit('SIGINT');
    expect(host.exits).toEqual([INTERRUPTED_EXIT]);
    expect(guard.interrupted).toBe(false);
  });

  it('asks running work to stop on the first signal and quits on the second', () => {
    const host = fakeHost();
    const io = capture();
    const guard = new InterruptGuard(io, host);
    guard.install();
    let stops = 0;
    guard.stopWith(() => void stops++);
    host.emit('SIGTERM');
    expect(stops).toBe(1);
    expect(guard.interrupted).toBe(true);
    expect(host.exits).toEqual([]);
    expect(io.err).toMatch(/stopping after the current group of notes \(press Ctrl-C again to quit at once\)/);
    host.emit('SIGINT');
    expect(stops).toBe(1);
    expect(host.exits).toEqual([INTERRUPTED_EXIT]);
  });

  it('goes back to quitting at once when the work is done, and uninstall() removes its handlers', () => {
    const host = fakeHost();
    const guard = new InterruptGuard(capture(), host);
    guard.install();
    guard.install();
    expect(host.listeners()).toBe(2);
    guard.stopWith(() => undefined);
    guard.stopWith(null);
    host.emit('SIGINT');
    expect(host.exits).toEqual([INTERRUPTED_EXIT]);
    guard.uninstall();
    expect(host.listeners()).toBe(0);
  });
});

describe('overlay index stopped by SIGINT', () => {
  const dirs: string[] = [];
  beforeAll(() => buildCli());
  afterAll(() => dirs.forEach(removeDir));

  it('exits 130 with one clear line, releases the lock and leaves no half-written index', async () => {
    const vault = makeVault(SAMPLE_NOTES);
    dirs.push(vault);
    const dataDir = join(vault, '.overlay');
    const child = spawn(process.execPath, [join(REPO, 'bin', 'overlay.mjs'), 'index', vault, '--json'], {
      cwd: REPO,
      env: { ...process.env, OVERLAY_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // The lock is taken before the embedder loads (about a second for WordNet): interrupt right then.
    const lock = join(dataDir, 'lock');
    for (let i = 0; i < 500 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(lock)).toBe(true);
    child.kill('SIGINT');
    const code = await closed;
    expect(code).toBe(INTERRUPTED_EXIT);
    expect(JSON.parse(stdout).error).toMatchObject({
      exitCode: INTERRUPTED_EXIT,
      message: expect.stringMatching(/^interrupted: /),
    });
    expect(stderr).toMatch(
      /overlay: interrupted: the index is saved and holds 0 notes; run the command again to index the rest\n$/,
    );
    expect(hasStackTrace(stderr)).toBe(false);
    expect(existsSync(lock)).toBe(false);
    // Nothing was indexed, so nothing was written that a later run would have to call corrupt.
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.json'))).toEqual([]);
    const again = runOverlay(['index', vault, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.notes).toBe(Object.keys(SAMPLE_NOTES).length);
    expect(report.rebuilt).toBeUndefined();
  });
});
