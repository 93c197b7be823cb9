import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';

const ROOT = join(import.meta.dirname, '../../..');
const TEXT = 'Add-ons change fonts: a plugin may register typefaces and commands.';

// What the plugin's Web Worker does: bundle the embedder for the browser with the artifact inlined by esbuild's
// binary loader, then embed. The bundle must need no Node module and give the same vectors as the CLI.
describe('the local embedder bundled for a Web Worker', () => {
  it('inlines the compact WordNet, imports nothing from Node, and embeds as in Node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overlay-worker-bundle-'));
    try {
      const entry = join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { LocalEmbedder } from ${JSON.stringify(join(ROOT, 'src/core/embed/local-embedder.ts'))};\n` +
          `export async function run(text: string) { return (await new LocalEmbedder().embed([text], 'passage'))[0]; }\n`,
      );
      const out = join(dir, 'worker.mjs');
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        target: 'es2022',
        outfile: out,
        loader: { '.bin': 'binary' },
        logLevel: 'error',
      });
      const { readFileSync } = await import('node:fs');
      const code = readFileSync(out, 'utf8');
      expect(code).not.toMatch(/from\s*["']node:|require\(\s*["'](node:|fs|path|module)["']/);
      const mod = (await import(pathToFileURL(out).href)) as { run(t: string): Promise<Float32Array> };
      const inWorker = await mod.run(TEXT);
      const [inNode] = await new LocalEmbedder().embed([TEXT], 'passage');
      expect([...inWorker]).toEqual([...inNode!]);
      expect(inWorker.some((x) => x !== 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
