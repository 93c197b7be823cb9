import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../src/engine/engine';
import { LocalEmbedder } from '../../src/core/embed/local-embedder';
import { createEmbedder } from '../../src/core/embed/create-embedder';
import type { Embedder } from '../../src/core/types';
import { makeVault, removeDir } from './temp-vault';

const dirs: string[] = [];
const open: Engine[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function engine(vault: string, extra: Partial<EngineOptions> = {}): Promise<Engine> {
  const e = await Engine.open({ vault, ...extra });
  open.push(e);
  return e;
}

async function closeAll(): Promise<void> {
  for (const e of open.splice(0)) await e.close();
}

/** Builds an index of a fresh sample vault and returns it with its related answer for one note. */
async function indexed(): Promise<{ vault: string; dataDir: string; chunks: number; related: string[] }> {
  const vault = makeVault();
  dirs.push(vault);
  const e = await engine(vault);
  const r = await e.sync();
  const related = (await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note);
  await closeAll();
  return { vault, dataDir: join(vault, '.overlay'), chunks: r.chunks, related };
}

function vectorsFolder(dataDir: string): string {
  const sub = readdirSync(join(dataDir, 'vectors'));
  expect(sub.length).toBe(1);
  return join('vectors', sub[0]!);
}

const damage = {
  truncate: (file: string) => writeFileSync(file, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2))),
  garble: (file: string) => {
    const b = readFileSync(file);
    for (let i = Math.floor(b.length / 2); i < Math.min(b.length, Math.floor(b.length / 2) + 16); i++) b[i] = b[i]! ^ 0x5a;
    writeFileSync(file, b);
  },
};

describe('Engine persistence and corruption recovery', () => {
  const files = ['manifest.json', 'notes.json', 'chunks.json', 'lexical.json', 'VEC/vectors.bin', 'VEC/hnsw.bin'];
  for (const name of files) {
    for (const how of ['truncate', 'garble'] as const) {
      it(`detects a ${how}d ${name.replace('VEC/', '')}, rebuilds without re-embedding, still answers related`, async () => {
        const base = await indexed();
        const file = join(base.dataDir, name.replace('VEC', vectorsFolder(base.dataDir)));
        damage[how](file);
        const e = await engine(base.vault);
        const r = await e.sync();
        expect(r.rebuilt).toMatch(name === 'manifest.json' ? /manifest/ : new RegExp(name.replace('VEC/', '').replace('.', '\\.')));
        expect(r.embedded).toBe(0); // vectors.bin checks itself; a damaged one is recovered from hnsw.bin
        expect(r.chunks).toBe(base.chunks);
        expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
        await closeAll();
        // Repaired on disk: the next open is clean.
        const again = await (await engine(base.vault)).sync();
        expect(again.rebuilt).toBeUndefined();
        expect(again.embedded).toBe(0);
      });
    }
  }

  it('re-embeds when both vectors.bin and hnsw.bin are damaged', async () => {
    const base = await indexed();
    const vec = vectorsFolder(base.dataDir);
    damage.garble(join(base.dataDir, vec, 'vectors.bin'));
    damage.truncate(join(base.dataDir, vec, 'hnsw.bin'));
    const e = await engine(base.vault);
    const r = await e.sync();
    expect(r.embedded).toBe(base.chunks);
    expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
  });

  it('rebuilds an index written by an older format version', async () => {
    const base = await indexed();
    const mf = join(base.dataDir, 'manifest.json');
    const m = JSON.parse(readFileSync(mf, 'utf8')) as { formatVersion: number };
    m.formatVersion = 0;
    writeFileSync(mf, JSON.stringify(m));
    const e = await engine(base.vault);
    const r = await e.sync();
    expect(r.rebuilt).toMatch(/format 0 → 1/);
    expect(r.notes).toBeGreaterThan(0);
    expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
  });

  it('keeps each embedder in its own vectors folder and never deletes the other one', async () => {
    const base = await indexed();
    const localFolder = vectorsFolder(base.dataDir);
    // A second "model": the local embedder with other settings has another fingerprint.
    const factory = (spec: string, o: Parameters<typeof createEmbedder>[1]): Embedder =>
      spec === 'other' ? new LocalEmbedder({ dims: 256 }) : createEmbedder(spec, o);
    const e = await engine(base.vault, { embedder: 'other', embedderFactory: factory });
    const r = await e.sync();
    expect(r.rebuilt).toMatch(/embedder changed/);
    expect(r.embedded).toBe(base.chunks);
    expect(e.status().embedder).toBe('other');
    await closeAll();
    expect(readdirSync(join(base.dataDir, 'vectors')).length).toBe(2);
    expect(existsSync(join(base.dataDir, localFolder, 'vectors.bin'))).toBe(true);
    // Back to the first model: its vectors are still there, nothing is embedded.
    const back = await engine(base.vault, { embedder: 'local', embedderFactory: factory });
    const r2 = await back.sync();
    expect(r2.embedded).toBe(0);
    expect((await back.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
  });

  it('defaults to the embedder the index was built with', async () => {
    const base = await indexed();
    const factory = (spec: string, o: Parameters<typeof createEmbedder>[1]): Embedder =>
      spec === 'other' ? new LocalEmbedder({ dims: 256 }) : createEmbedder(spec, o);
    await (await engine(base.vault, { embedder: 'other', embedderFactory: factory })).sync();
    await closeAll();
    const e = await engine(base.vault, { embedderFactory: factory });
    expect(e.status().embedder).toBe('other');
    expect((await e.sync()).embedded).toBe(0);
  });

  it('keeps the vectors saved at checkpoints when a run dies half-way', async () => {
    const vault = makeVault();
    dirs.push(vault);
    let calls = 0;
    const failing = (): Embedder => {
      const inner = new LocalEmbedder();
      return {
        fingerprint: inner.fingerprint,
        init: (p) => inner.init(p),
        embed: async (texts, mode) => {
          if (++calls > 3) throw new Error('simulated crash');
          return inner.embed(texts, mode);
        },
      };
    };
    const e = await engine(vault, { embedderFactory: failing, batchSize: 1, checkpointEvery: 1 });
    await expect(e.sync()).rejects.toThrow(/simulated crash/);
    await closeAll();
    const e2 = await engine(vault);
    const r = await e2.sync();
    expect(r.embedded).toBe(r.chunks - 3);
  });

  it('refuses a second engine on the same data dir and takes over a stale lock', async () => {
    const base = await indexed();
    const e = await engine(base.vault);
    await expect(Engine.open({ vault: base.vault })).rejects.toMatchObject({ code: 'locked' });
    await closeAll();
    expect(e.status().notes).toBeGreaterThan(0);
    // A lock left by a process that no longer exists.
    writeFileSync(join(base.dataDir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname() }));
    const e2 = await engine(base.vault);
    expect((await e2.sync()).embedded).toBe(0);
  });
});
