import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../src/engine/engine';
import { LocalEmbedder } from '../../src/core/embed/local-embedder';
import { createEmbedder } from '../../src/core/embed/create-embedder';
import type { Embedder } from '../../src/core/types';
import { makeVault, removeDir } from './temp-vault';
import { FsRecordStore } from '../../src/engine/storage/fs-record-store';
import { fingerprintFolder } from '../../src/engine/manifest';
import { textKey, VectorStore } from '../../src/engine/vector-store';

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

/** The local embedder (same fingerprint, same vectors) kept on an HNSW graph, as a dense embedder is. */
class GraphLocalEmbedder extends LocalEmbedder {
  override readonly sparseQueries = false;
}
const withGraph: Partial<EngineOptions> = { embedderFactory: () => new GraphLocalEmbedder() };

/** Builds an index of a fresh sample vault and returns it with its related answer for one note. */
async function indexed(
  extra: Partial<EngineOptions> = {},
): Promise<{ vault: string; dataDir: string; chunks: number; related: string[] }> {
  const vault = makeVault();
  dirs.push(vault);
  const e = await engine(vault, extra);
  const r = await e.sync();
  const related = (await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note);
  await closeAll();
  return { vault, dataDir: join(vault, '.overlay'), chunks: r.chunks, related };
}

/** The cache folder of the one embedder's vectors (`cache/vectors/<fingerprint hash>`). */
function vectorsFolder(dataDir: string): string {
  const sub = readdirSync(join(dataDir, 'cache', 'vectors'));
  expect(sub.length).toBe(1);
  return join('cache', 'vectors', sub[0]!);
}

/** The segment files of the index, oldest first. */
function segments(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'segments'))
    .sort()
    .map((f) => join('segments', f));
}

const damage = {
  truncate: (file: string) =>
    writeFileSync(file, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2))),
  garble: (file: string) => {
    const b = readFileSync(file);
    for (let i = Math.floor(b.length / 2); i < Math.min(b.length, Math.floor(b.length / 2) + 16); i++)
      b[i] = b[i]! ^ 0x5a;
    writeFileSync(file, b);
  },
};

describe('Engine persistence and corruption recovery', () => {
  const targets: [string, (dataDir: string) => string, RegExp][] = [
    ['manifest.json', () => 'manifest.json', /manifest\.json unreadable/],
    ['the segment', (d) => segments(d).at(-1)!, /segment .* (damaged|truncated)/],
    ['the HNSW cache', (d) => join(vectorsFolder(d), 'hnsw-graph.bin'), /HNSW cache unreadable/],
    ['the lexical cache', () => join('cache', 'lexical.cache'), /lexical cache damaged/],
    ['the graph cache', () => join('cache', 'graph.cache'), /graph cache damaged/],
  ];
  for (const [name, file, why] of targets) {
    for (const how of ['truncate', 'garble'] as const) {
      it(`detects a ${how}d ${name}, rebuilds without re-embedding, still answers related`, async () => {
        const base = await indexed(withGraph);
        damage[how](join(base.dataDir, file(base.dataDir)));
        const e = await engine(base.vault, withGraph);
        const r = await e.sync();
        expect(r.rebuilt).toMatch(why);
        expect(r.embedded).toBe(0); // lost vector records are recovered from the HNSW cache
        expect(r.chunks).toBe(base.chunks);
        expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
        await closeAll();
        // Repaired on disk: the next open is clean.
        const again = await (await engine(base.vault, withGraph)).sync();
        expect(again.rebuilt).toBeUndefined();
        expect(again.embedded).toBe(0);
      });
    }
  }

  it('re-embeds only what is lost when both the records and the HNSW cache are damaged', async () => {
    const base = await indexed(withGraph);
    const seg = join(base.dataDir, segments(base.dataDir).at(-1)!);
    writeFileSync(seg, readFileSync(seg).subarray(0, 8)); // header only: every record is gone
    damage.truncate(join(base.dataDir, vectorsFolder(base.dataDir), 'hnsw-graph.bin'));
    const e = await engine(base.vault, withGraph);
    const r = await e.sync();
    expect(r.embedded).toBe(base.chunks);
    expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
  });

  it('keeps no graph for the local embedder: vectors a damaged segment held are re-embedded', async () => {
    const base = await indexed();
    expect(readdirSync(join(base.dataDir, vectorsFolder(base.dataDir)))).toEqual(['embedder.json', 'scan-columns.bin']);
    damage.truncate(join(base.dataDir, segments(base.dataDir).at(-1)!));
    const e = await engine(base.vault);
    const r = await e.sync();
    expect(r.rebuilt).toMatch(/segment .* (damaged|truncated)/);
    expect(r.embedded).toBeGreaterThan(0);
    expect(r.embedded).toBeLessThanOrEqual(base.chunks);
    expect(r.chunks).toBe(base.chunks);
    expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
    await closeAll();
    const again = await (await engine(base.vault)).sync();
    expect(again.rebuilt).toBeUndefined();
    expect(again.embedded).toBe(0);
  });

  it('opens an index that has an HNSW graph from an earlier version: ignored, removed, nothing re-embedded', async () => {
    const base = await indexed(withGraph);
    const folder = join(base.dataDir, vectorsFolder(base.dataDir));
    expect(readdirSync(folder).sort()).toEqual(['embedder.json', 'hnsw-graph.bin', 'hnsw-graph.keys']);
    const e = await engine(base.vault);
    const r = await e.sync();
    expect(r.rebuilt).toBeUndefined();
    expect(r.embedded).toBe(0);
    expect(r.chunks).toBe(base.chunks);
    expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
    await closeAll();
    expect(readdirSync(folder)).toEqual(['embedder.json', 'scan-columns.bin']);
    const again = await engine(base.vault);
    expect((await again.sync()).embedded).toBe(0);
    expect((await again.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
  });

  it('migrates an index of format 1 (whole-file JSON + vectors.bin) without re-embedding', async () => {
    const base = await indexed();
    // Rebuild by hand what format 1 left on disk: its manifest and the vectors of every chunk text in vectors.bin.
    const e0 = await engine(base.vault);
    const texts = [...e0.view().chunks.values()].map((c) => c.text);
    const fp = e0.view().embedder.fingerprint;
    await closeAll();
    const local = new LocalEmbedder();
    await local.init();
    const vecs = await local.embed(texts, 'passage');
    const legacy = new VectorStore(fp.dims);
    texts.forEach((t, i) => legacy.set(textKey(t), vecs[i]!));
    const folder = fingerprintFolder(fp);
    for (const f of ['manifest.json', 'segments', 'cache'])
      rmSync(join(base.dataDir, f), { recursive: true, force: true });
    mkdirSync(join(base.dataDir, folder), { recursive: true });
    writeFileSync(join(base.dataDir, folder, 'vectors.bin'), legacy.serialize());
    writeFileSync(join(base.dataDir, folder, 'hnsw.bin'), 'old graph');
    writeFileSync(join(base.dataDir, 'chunks.json'), '{"chunks":[]}');
    writeFileSync(
      join(base.dataDir, 'manifest.json'),
      JSON.stringify({
        formatVersion: 1,
        chunker: 'x',
        embedder: { spec: 'local', fingerprint: fp, folder },
        nextLabel: 7,
        files: {},
      }),
    );
    const e = await engine(base.vault);
    const r = await e.sync();
    expect(r.rebuilt).toMatch(/index format 1 → 2: notes re-parsed, vectors kept/);
    expect(r.embedded).toBe(0);
    expect((await e.related('Gardening/Tomatoes.md', 3)).map((x) => x.note)).toEqual(base.related);
    await closeAll();
    for (const old of ['chunks.json', 'vectors']) {
      expect(existsSync(join(base.dataDir, old))).toBe(false);
    }
    const again = await (await engine(base.vault)).sync();
    expect(again.rebuilt).toBeUndefined();
    expect(again.embedded).toBe(0);
  });

  it('keeps each embedder in its own vectors collection and never deletes the other one', async () => {
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
    expect(readdirSync(join(base.dataDir, 'cache', 'vectors')).length).toBe(2);
    expect(existsSync(join(base.dataDir, localFolder, 'embedder.json'))).toBe(true);
    const store = await FsRecordStore.open(base.dataDir);
    expect((await store.collections()).filter((c) => c.startsWith('vectors/'))).toHaveLength(2);
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
    writeFileSync(
      join(base.dataDir, 'lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname() }),
    );
    const e2 = await engine(base.vault);
    expect((await e2.sync()).embedded).toBe(0);
  });
});
