// Helpers for CLI tests: build the bundle once (when sources are newer), run `node bin/overlay.mjs` and pick a
// test vault (a copy of examples/vault when it has notes, else the engine tests' sample notes).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVault } from '../engine/temp-vault';

/** Repository root. */
export const REPO = join(import.meta.dirname, '..', '..');
const BUNDLE = join(REPO, 'dist', 'overlay.mjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const fresh = (): boolean => existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs > newestSource(join(REPO, 'src'));
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds dist/overlay.mjs unless it is newer than every source file. Test files run in parallel, so a lock
 * folder makes one build while the others wait (a half-written bundle must never be spawned).
 */
export function buildCli(): void {
  if (fresh()) return;
  const lock = join(REPO, 'dist', '.test-build.lock');
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than a minute is left from a killed run.
      if (waited > 60_000 || Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 60_000) rmSync(lock, { recursive: true, force: true });
      sleep(100);
    }
  }
  try {
    if (fresh()) return;
    const r = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
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

/** A temp copy of examples/vault when it holds notes, else a temp vault of sample notes. */
export function testVault(): string {
  const examples = join(REPO, 'examples', 'vault');
  const hasNotes = existsSync(examples) && readdirSync(examples, { recursive: true }).some((f) => String(f).endsWith('.md'));
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

/**
 * For a test file: an indexed temp copy of the example vault, made before all tests and removed after them.
 * The returned object is filled in by the beforeAll hook.
 */
export function useIndexedVault(
  hooks: { beforeAll: (fn: () => void) => void; afterAll: (fn: () => void) => void },
): { vault: string; dataDir: string } {
  const v = { vault: '', dataDir: '' };
  hooks.beforeAll(() => {
    buildCli();
    Object.assign(v, indexedTestVault());
  });
  hooks.afterAll(() => {
    rmSync(v.vault, { recursive: true, force: true });
    rmSync(v.dataDir, { recursive: true, force: true });
  });
  return v;
}
