// Helpers for CLI tests: build the bundles once (when sources are newer), run `node bin/overlay.mjs` and pick a
// test vault (a copy of examples/vault when it has notes, else the engine tests' sample notes). The indexed
// example vault is made once per test run (by the first file that asks for it) and copied for each file.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { makeVault } from '../engine/temp-vault';

/** Repository root. */
export const REPO = join(import.meta.dirname, '..', '..');
const BUNDLE = join(REPO, 'dist', 'overlay.mjs');
/** The plugin bundle, built by the same esbuild run as the CLI. */
const PLUGIN_BUNDLE = join(REPO, 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const fresh = (): boolean => {
  const newest = newestSource(join(REPO, 'src'));
  return [BUNDLE, PLUGIN_BUNDLE].every((f) => existsSync(f) && statSync(f).mtimeMs > newest);
};
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `fn` while holding the lock folder `lock`: test files run in parallel, so one of them does the work
 * while the others wait. A lock older than `staleMs` is left from a killed run and is taken over.
 */
function withLock<T>(lock: string, staleMs: number, fn: () => T): T {
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const at = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (waited > staleMs || Date.now() - at > staleMs) rmSync(lock, { recursive: true, force: true });
      sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds dist/overlay.mjs and main.js (one esbuild run) unless both are newer than every source file. A lock
 * folder makes one test file build while the others wait (a half-written bundle must never be spawned).
 */
export function buildCli(): void {
  if (fresh()) return;
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  withLock(join(REPO, 'dist', '.test-build.lock'), 120_000, () => {
    if (fresh()) return;
    const r = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  });
}

/** Result of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `overlay <args>` to completion (as another user when `uid` is given; needs root). */
export function runOverlay(args: string[], env: Record<string, string> = {}, uid?: number): CliRun {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'overlay.mjs'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, OVERLAY_DEBUG: '', ...env },
    ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `node bin/overlay.mjs` without blocking this process (so an in-process HTTP server can answer it). */
export function runOverlayAsync(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'overlay.mjs'), ...args], {
      cwd: REPO,
      env: { ...process.env, OVERLAY_DEBUG: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temp copy of examples/vault when it holds notes, else a temp vault of sample notes. */
export function testVault(): string {
  const examples = join(REPO, 'examples', 'vault');
  const hasNotes =
    existsSync(examples) && readdirSync(examples, { recursive: true }).some((f) => String(f).endsWith('.md'));
  if (!hasNotes) return makeVault();
  const dir = mkdtempSync(join(tmpdir(), 'overlay-examples-'));
  cpSync(examples, dir, { recursive: true, filter: (src) => !src.includes(`${join('vault', '.overlay')}`) });
  return dir;
}

/** True when stderr shows a JavaScript stack trace. */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|\(native\))$/m.test(stderr);
}

/** A temp copy of the example vault, indexed into a data dir beside it (for commands that read the index). */
export function indexedTestVault(): { vault: string; dataDir: string } {
  const vault = testVault();
  const dataDir = `${vault}-data`;
  const r = runOverlay(['index', vault, '--data-dir', dataDir, '--json']);
  if (r.code !== 0) throw new Error(`indexing the test vault failed (${r.code}): ${r.stderr}`);
  return { vault, dataDir };
}

/** The run's fixture folder made by test/global-setup.ts, or undefined when a run has none. */
function fixtureRoot(): string | undefined {
  try {
    return inject('overlayFixtures') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A copy of the run's indexed example vault: the first caller indexes it with the CLI (under a lock), every caller
 * gets its own copy of the notes (timestamps kept, so the index is up to date) and of the index data.
 */
export function copyOfIndexedTestVault(): { vault: string; dataDir: string } {
  const root = fixtureRoot();
  if (!root) return indexedTestVault();
  const template = join(root, 'indexed-examples');
  const done = join(template, 'done');
  if (!existsSync(done)) {
    withLock(join(root, 'indexed-examples.lock'), 300_000, () => {
      if (existsSync(done)) return;
      rmSync(template, { recursive: true, force: true });
      mkdirSync(template, { recursive: true });
      const made = indexedTestVault();
      cpSync(made.vault, join(template, 'vault'), { recursive: true, preserveTimestamps: true });
      cpSync(made.dataDir, join(template, 'data'), { recursive: true });
      rmSync(made.vault, { recursive: true, force: true });
      rmSync(made.dataDir, { recursive: true, force: true });
      writeFileSync(done, '');
    });
  }
  const vault = mkdtempSync(join(tmpdir(), 'overlay-examples-'));
  const dataDir = `${vault}-data`;
  cpSync(join(template, 'vault'), vault, { recursive: true, preserveTimestamps: true });
  cpSync(join(template, 'data'), dataDir, { recursive: true });
  return { vault, dataDir };
}

/**
 * For a test file: an indexed temp copy of the example vault, made before all tests and removed after them.
 * The returned object is filled in by the beforeAll hook.
 */
export function useIndexedVault(hooks: { beforeAll: (fn: () => void) => void; afterAll: (fn: () => void) => void }): {
  vault: string;
  dataDir: string;
} {
  const v = { vault: '', dataDir: '' };
  hooks.beforeAll(() => {
    buildCli();
    Object.assign(v, copyOfIndexedTestVault());
  });
  hooks.afterAll(() => {
    rmSync(v.vault, { recursive: true, force: true });
    rmSync(v.dataDir, { recursive: true, force: true });
  });
  return v;
}
