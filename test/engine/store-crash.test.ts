// kill -9 in the middle of indexing: the next open finds no damage, keeps every committed note and embeds only
// what the killed run had not committed.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { makeVault, removeDir } from './temp-vault';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Bundles the child script (the engine in another process) next to the CLI bundle, so packages resolve. */
function buildChild(): string {
  const file = join(process.cwd(), 'dist', 'test', 'index-child.mjs');
  buildSync({
    entryPoints: [join('test', 'engine', 'fixtures', 'index-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    external: ['hnswlib-node', '@xenova/transformers', 'onnxruntime-node', 'sharp'],
    loader: { '.bin': 'binary' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return file;
}

function notes(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    files[`N${i}.md`] = `# Note ${i}\nNote ${i} is about topic ${i % 7} and garden ${i % 5}.\n`;
  return files;
}

describe('kill -9 during indexing', () => {
  it('loses at most the uncommitted notes and leaves nothing corrupt', async () => {
    const vault = makeVault(notes(80));
    dirs.push(vault);
    const child = spawn(process.execPath, [buildChild(), vault], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let saves = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        saves += (d.toString().match(/saved/g) ?? []).length;
        if (saves >= 3) resolve();
        if (/done/.test(d.toString())) reject(new Error('the child finished before it was killed'));
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const e = await Engine.open({ vault });
    const r = await e.sync();
    await e.close();
    expect(r.rebuilt ?? '').not.toMatch(/damaged|truncated|unreadable|missing/);
    expect(r.notes).toBe(80);
    // At least the three committed checkpoints (4 chunks each) were kept.
    expect(r.embedded).toBeLessThanOrEqual(r.chunks - 12);
    expect(r.embedded).toBeGreaterThan(0); // the run really died half-way
    const again = await Engine.open({ vault });
    expect((await again.sync()).embedded).toBe(0);
    await again.close();
    rmSync(join(vault, '.overlay'), { recursive: true, force: true });
  });
});
