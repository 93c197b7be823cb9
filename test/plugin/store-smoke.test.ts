// The plugin as a store user installs it: builds the three release files, copies only them into a plugin folder,
// and runs scripts/store-smoke.mjs on examples/vault in headless Chromium (index in the worker, ask, hover,
// sidebar, a one-line edit, a reload that finds the index in IndexedDB). Needs /usr/bin/chromium (or
// CHROMIUM_PATH): skipped with a message without it, except under CI=true, where it fails.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../cli/index-helpers';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI !== 'true') {
  console.warn(`store-smoke.test: skipped, ${CHROMIUM} not found (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

describe.skipIf(missing && process.env.CI !== 'true')('store smoke test (headless Chromium)', () => {
  it('indexes examples/vault in the worker, answers, shows related notes and the sidebar, and writes nothing into the vault', () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required under CI`).toBe(true);
    // The release files from the current sources: one build per test run, shared with the CLI tests (a second
    // esbuild run here would rewrite dist/overlay.mjs while other files spawn it).
    buildCli();
    const dir = mkdtempSync(join(tmpdir(), 'overlay-smoke-'));
    try {
      for (const f of ['main.js', 'manifest.json', 'styles.css']) copyFileSync(join(ROOT, f), join(dir, f));
      const run = () => {
        const r = spawnSync(
          process.execPath,
          ['scripts/store-smoke.mjs', dir, 'examples/vault', '--question', 'What is a KV cache and why does it grow?'],
          { cwd: ROOT, encoding: 'utf8' },
        );
        return { r, out: JSON.parse(r.stdout.trim().split('\n').pop()!) };
      };
      let { r, out } = run();
      // Everything worked but one main-thread task took 50 ms or more: with the rest of the suite on both cores
      // that can be the machine, not the plugin (indexing on the main thread would block for seconds, every run).
      // One more run decides; a second slow task fails the test.
      if (out.ok !== true && out.functionalOk === true) {
        console.warn(
          `store-smoke.test: longest main-thread task ${String(out.maxMainThreadBlockMs)} ms; running again`,
        );
        ({ r, out } = run());
      }
      expect(out, r.stderr).toMatchObject({ ok: true, notes: 61, skippedNotes: 0, storedBytesInVault: 0 });
      expect(out.chunks).toBeGreaterThan(200);
      expect(out.contextTokens).toBeGreaterThan(0);
      expect(out.contextTokens).toBeLessThanOrEqual(3000);
      expect(out.citations.length).toBeGreaterThan(0);
      expect(out.hoverRelated).toBeGreaterThan(0);
      expect(out.maxMainThreadBlockMs).toBeLessThan(50);
      expect(out.dataJsonBytes).toBeLessThan(100 * 1024);
      expect(out.bytesPerEdit).toBeGreaterThan(0);
      expect(out.bytesPerEdit).toBeLessThan(64 * 1024);
      expect(out.reopenEmbedded).toBe(0); // the reloaded plugin found its index in IndexedDB
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
