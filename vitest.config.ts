import { defineConfig, type Plugin } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Imports `*.bin` files as a Uint8Array, as esbuild's `binary` loader does in the real bundles. */
function binaryModules(): Plugin {
  return {
    name: 'overlay-binary-modules',
    load(id) {
      if (!id.endsWith('.bin')) return null;
      const base64 = readFileSync(id).toString('base64');
      return `export default new Uint8Array(Buffer.from(${JSON.stringify(base64)}, 'base64'));`;
    },
  };
}

export default defineConfig({
  plugins: [binaryModules()],
  resolve: {
    alias: {
      // The obsidian package ships types only; plugin tests run against our hand-written mock.
      obsidian: fileURLToPath(new URL('./test/__mocks__/obsidian.ts', import.meta.url)),
      'overlay:engine-worker': fileURLToPath(new URL('./test/__mocks__/engine-worker.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Writes build artifacts the source imports (the compact WordNet) when a fresh checkout has none yet.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker per core but one, i.e. a single worker on a 2-core machine: the files then run
    // one after another although many of them mostly wait for a spawned CLI, a server or Chromium. Two workers
    // halve the suite's wall time on an idle 2-core machine; bigger machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
