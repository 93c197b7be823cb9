// The vector index checks on hnswlib-wasm and the column scan inside a Web Worker of headless Chromium, as the
// plugin runs them. Needs /usr/bin/chromium (or CHROMIUM_PATH): skipped with a message without it, except under CI=true, where it fails.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CHROMIUM, launchChromium } from '../../../scripts/smoke/chromium.mjs';
import { describe, expect, it } from 'vitest';
import { checksFor } from './vector-index-checks';

const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI !== 'true') console.warn(`vector-index-chromium.test: skipped, ${CHROMIUM} not found`);

describe.skipIf(missing && process.env.CI !== 'true')('VectorIndex on hnswlib-wasm in a Chromium Web Worker', () => {
  it('passes every check', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required under CI`).toBe(true);
    const bundle = await build({
      entryPoints: [join(__dirname, 'browser/vector-index-worker.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      write: false,
      define: { 'import.meta.url': '""' },
      logLevel: 'silent',
    });
    const code = bundle.outputFiles[0]!.text;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><title>vector index</title>');
      const results = await page.evaluate(
        (src) =>
          new Promise<{ name: string; ok: boolean; error?: string }[]>((resolve, reject) => {
            const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
            w.onmessage = (e) => resolve(e.data);
            w.onerror = (e) => reject(new Error(e.message));
          }),
        code,
      );
      expect(results.filter((r) => !r.ok)).toEqual([]);
      // Every check, and that the scan ran on the SIMD kernel.
      expect(results.map((r) => r.name)).toHaveLength(checksFor('hnsw').length + checksFor('scan').length + 1);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
