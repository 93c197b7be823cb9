// Sync on a vault that changes under it, and the wording of what a sync reports.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { FsNoteSource } from '../../src/engine/fs-note-source';
import { readNote } from '../../src/engine/note-reader';
import type { Embedder, Progress } from '../../src/core/types';
import { makeVault, removeDir, SAMPLE_NOTES, writeNote } from './temp-vault';

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Opens an engine whose progress callback runs `afterScan` once, between listing the notes and reading them. */
async function openWithHook(vault: string, afterScan: () => void): Promise<Engine> {
  let fired = false;
  const e = await Engine.open({
    vault,
    onProgress: (p: Progress) => {
      if (!fired && p.phase === 'scan' && p.done === 1) {
        fired = true;
        afterScan();
      }
    },
  });
  engines.push(e);
  return e;
}

describe('sync while the vault changes', () => {
  it('drops a note deleted after the scan without calling it skipped', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await openWithHook(vault, () => rmSync(join(vault, 'Travel', 'Kyoto.md')));
    const r = await e.sync();
    expect(r.skipped).toEqual([]);
    expect(r.notes).toBe(Object.keys(SAMPLE_NOTES).length - 1);
    expect(e.status().notes).toBe(r.notes);
  });

  it('picks up a note renamed during a sync on the next sync, with the old path gone', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await openWithHook(vault, () =>
      renameSync(join(vault, 'Travel', 'Kyoto.md'), join(vault, 'Travel', 'Kyōto.md')),
    );
    const first = await e.sync();
    expect(first.skipped).toEqual([]);
    const second = await e.sync();
    expect(second.notes).toBe(Object.keys(SAMPLE_NOTES).length);
    expect(e.resolveNote('Kyōto')).toBe('Travel/Kyōto.md');
    expect(() => e.resolveNote('Travel/Kyoto.md')).toThrow(/no note/);
  });

  it('drops an indexed note that vanishes between the scan and the read', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await openWithHook(vault, () => undefined);
    await e.sync();
    // Changed (so it is read again), then deleted before the read: it leaves the index.
    writeNote(vault, 'Travel/Kyoto.md', '# Kyoto\nChanged text about temples and trains.\n');
    const e2 = await reopenWithHook(e, vault, () => rmSync(join(vault, 'Travel', 'Kyoto.md')));
    const r = await e2.sync();
    expect(r.skipped).toEqual([]);
    expect(r.notes).toBe(Object.keys(SAMPLE_NOTES).length - 1);
    expect(() => e2.resolveNote('Kyoto')).toThrow(/no note/);
  });
});

async function reopenWithHook(e: Engine, vault: string, afterScan: () => void): Promise<Engine> {
  await e.close();
  engines.splice(engines.indexOf(e), 1);
  return openWithHook(vault, afterScan);
}

describe('sync report wording', () => {
  it('names a frontmatter problem once, not "frontmatter: frontmatter:"', async () => {
    const vault = makeVault({
      'bad.md': '---\nbad: [unclosed\n---\n# Bad\nSome text about soil.\n',
      'ok.md': '# Ok\nFine.\n',
    });
    dirs.push(vault);
    const e = await openWithHook(vault, () => undefined);
    const r = await e.sync();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.path).toBe('bad.md');
    expect(r.warnings[0]!.message).toMatch(/^frontmatter: invalid YAML at line \d+/);
    expect(r.warnings[0]!.message).not.toMatch(/frontmatter: frontmatter/);
  });
});

describe('FsNoteSource.read of a missing note', () => {
  it('fails with ENOENT (so the reader can tell a vanished note from an unreadable one)', async () => {
    const vault = makeVault({ 'a.md': 'a' });
    dirs.push(vault);
    const src = new FsNoteSource(vault);
    await expect(src.read('gone.md')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readNote(src, { path: 'gone.md', mtimeMs: 1, size: 1 }, 1024)).toMatchObject({
      ok: false,
      vanished: true,
    });
    // Leaving the vault is still refused as such.
    await expect(src.read('../gone.md')).rejects.toThrow(/outside the vault/);
  });
});

/** A tiny deterministic embedder (hashed letters) that runs `onEmbed` before each call: lets a test act mid-sync. */
class HookedEmbedder implements Embedder {
  readonly fingerprint = { model: 'hooked-test', dims: 8, pooling: 'none', normalized: true, version: 1 };
  calls = 0;
  constructor(private readonly onEmbed: (call: number) => void = () => undefined) {}
  async init(): Promise<void> {}
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.onEmbed(++this.calls);
    return texts.map((t) => {
      const v = new Float32Array(8);
      for (let i = 0; i < t.length; i++) v[t.charCodeAt(i) % 8]! += 1;
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    });
  }
}

function manyNotes(n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    out[`n${String(i).padStart(3, '0')}.md`] = `# Note ${i}\nText number ${i} about topic ${(i * 7919) % 101}.\n`;
  return out;
}

describe('closing the engine during a sync (Ctrl-C in the CLI)', () => {
  it('stops after the current group, saves the notes done so far, releases the lock; the next sync does the rest', async () => {
    const vault = makeVault(manyNotes(40));
    dirs.push(vault);
    let closing: Promise<void> | null = null;
    let engine: Engine | null = null;
    const embedder = new HookedEmbedder((call) => {
      if (call === 3) closing = engine!.close();
    });
    engine = await Engine.open({ vault, embedderFactory: () => embedder, batchSize: 4 });
    const partial = await engine.sync();
    expect(closing).not.toBeNull();
    await closing;
    expect(partial.notes).toBeGreaterThan(0);
    expect(partial.notes).toBeLessThan(40);
    expect(existsSync(join(vault, '.overlay', 'lock'))).toBe(false);

    const again = await Engine.open({ vault, embedderFactory: () => new HookedEmbedder(), batchSize: 4 });
    engines.push(again);
    expect(again.status().notes).toBe(partial.notes);
    const rest = await again.sync();
    expect(rest.notes).toBe(40);
    expect(rest.reused).toBeGreaterThanOrEqual(partial.chunks);
  });

  it('close() called twice returns one promise that waits for the save', async () => {
    const vault = makeVault(manyNotes(3));
    dirs.push(vault);
    const e = await Engine.open({ vault, embedderFactory: () => new HookedEmbedder() });
    await e.sync();
    const a = e.close();
    const b = e.close();
    expect(b).toBe(a);
    await b;
    expect(existsSync(join(vault, '.overlay', 'lock'))).toBe(false);
  });

  it('writes no index files when closed before its first sync', async () => {
    const vault = makeVault(manyNotes(3));
    dirs.push(vault);
    const e = await Engine.open({ vault, embedderFactory: () => new HookedEmbedder() });
    await e.close();
    expect(existsSync(join(vault, '.overlay', 'manifest.json'))).toBe(false);
    expect(existsSync(join(vault, '.overlay', 'segments'))).toBe(false);
  });
});

describe('an unchanged vault', () => {
  it('leaves the index files untouched when opened and synced again', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const first = await Engine.open({ vault });
    await first.sync();
    await first.close();
    // Every file of the index (segments, manifest, caches), by path.
    const files = (readdirSync(join(vault, '.overlay'), { recursive: true }) as string[])
      .map((f) => join(vault, '.overlay', f))
      .filter((f) => statSync(f).isFile() && !f.endsWith('lock'));
    expect(files.some((f) => f.endsWith('.seg'))).toBe(true);
    const before = files.map((f) => statSync(f).mtimeMs);
    const again = await Engine.open({ vault });
    engines.push(again);
    const r = await again.sync();
    await again.close();
    expect(r.embedded).toBe(0);
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(before);
  });
});

describe('a data dir that would swallow the vault', () => {
  it('is refused when it is the vault itself or a folder around it, and nothing is written', async () => {
    const vault = makeVault({ 'sub/a.md': '# A\nText.\n' });
    dirs.push(vault);
    for (const [v, dataDir] of [
      [vault, vault],
      [join(vault, 'sub'), vault],
    ] as const) {
      await expect(
        Engine.open({ vault: v, dataDir, embedderFactory: () => new HookedEmbedder() }),
      ).rejects.toMatchObject({
        code: 'data-dir',
        message: expect.stringMatching(/cannot be the vault or a folder that contains it/),
      });
    }
    expect(existsSync(join(vault, 'lock'))).toBe(false);
    // A folder inside the vault is fine (it is left out of the notes).
    const e = await Engine.open({ vault, dataDir: join(vault, 'index'), embedderFactory: () => new HookedEmbedder() });
    engines.push(e);
    expect((await e.sync()).notes).toBe(1);
  });
});
