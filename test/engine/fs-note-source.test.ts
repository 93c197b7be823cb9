import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsNoteSource } from '../../src/engine/fs-note-source';
import { makeVault, removeDir, snapshot, writeNote } from './temp-vault';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function vault(files: Record<string, string>): string {
  const v = makeVault(files);
  dirs.push(v);
  return v;
}

describe('FsNoteSource', () => {
  it('lists .md notes sorted, skipping dot-folders, dot-files, other files and the data dir', async () => {
    const v = vault({
      'b.md': 'b',
      'A/a.MD': 'a',
      'A/deep/c.md': 'c',
      '.obsidian/workspace.md': 'x',
      '.overlay/notes.md': 'x',
      '.git/x.md': 'x',
      '.trash/old.md': 'x',
      'A/.hidden.md': 'x',
      'image.png': 'x',
      'index-data/stuff.md': 'x',
    });
    const src = new FsNoteSource(v, [join(v, 'index-data')]);
    const list = await src.list();
    expect(list.map((f) => f.path)).toEqual(['A/a.MD', 'A/deep/c.md', 'b.md']);
    expect(list[2]).toMatchObject({ path: 'b.md', size: 1 });
    expect(list[2]!.mtimeMs).toBeGreaterThan(0);
    expect((await src.read('A/deep/c.md')).toString()).toBe('c');
    expect(await src.hasNotes()).toBe(true);
  });

  it('yields to the event loop while it stats a large folder (serve answers meanwhile)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1200; i++) files[`n${String(i).padStart(4, '0')}.md`] = `note ${i}`;
    const src = new FsNoteSource(vault(files));
    // Count the walk's stat calls (Node's own fs, seen through the module's named import once synced).
    const nodeFs = createRequire(import.meta.url)('node:fs') as { statSync: typeof statSync };
    const real = nodeFs.statSync;
    let calls = 0;
    nodeFs.statSync = ((...args: Parameters<typeof real>) => {
      calls++;
      return real(...args);
    }) as typeof real;
    syncBuiltinESMExports();
    const seen: number[] = [];
    let walking = true;
    const tick = (): void => {
      seen.push(calls);
      if (walking) setImmediate(tick);
    };
    try {
      const listing = src.list();
      setImmediate(tick);
      const list = await listing;
      walking = false;
      expect(list).toHaveLength(1200);
      expect(list[1199]).toMatchObject({ path: 'n1199.md', size: 9 });
    } finally {
      nodeFs.statSync = real;
      syncBuiltinESMExports();
    }
    // The loop turned between stats: some turns saw part of the folder stat'ed (one yield every 256 notes).
    expect(seen.filter((n) => n > 0 && n < 1200).length).toBeGreaterThanOrEqual(3);
  });

  it('follows symlinked files only inside the vault and never walks symlinked folders', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'overlay-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'secret.md'), 'outside');
    mkdirSync(join(outside, 'folder'));
    writeFileSync(join(outside, 'folder', 'x.md'), 'outside');
    const v = vault({ 'real.md': 'real' });
    symlinkSync(join(outside, 'secret.md'), join(v, 'link-out.md'));
    symlinkSync(join(v, 'real.md'), join(v, 'link-in.md'));
    symlinkSync(join(outside, 'folder'), join(v, 'linked-folder'));
    symlinkSync(v, join(v, 'loop'));
    const src = new FsNoteSource(v);
    expect((await src.list()).map((f) => f.path)).toEqual(['link-in.md', 'real.md']);
    await expect(src.read('link-out.md')).rejects.toThrow(/outside the vault/);
    await expect(src.read('../x.md')).rejects.toThrow(/outside the vault/);
    expect(await src.stat('link-out.md')).toBeNull();
  });

  it('reads alike with blocking calls (index workers): outside paths refused, a vanished note is ENOENT', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'overlay-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'secret.md'), 'outside');
    const v = vault({ 'real.md': 'real', 'A/deep/c.md': 'c' });
    symlinkSync(join(outside, 'secret.md'), join(v, 'link-out.md'));
    symlinkSync(join(v, 'real.md'), join(v, 'link-in.md'));
    symlinkSync(join(outside, 'missing.md'), join(v, 'dangling.md'));
    const src = new FsNoteSource(v, [], true);
    expect((await src.read('A/deep/c.md')).toString()).toBe('c');
    expect((await src.read('link-in.md')).toString()).toBe('real');
    await expect(src.read('link-out.md')).rejects.toThrow(/outside the vault/);
    await expect(src.read('dangling.md')).rejects.toThrow(/outside the vault/);
    await expect(src.read('../x.md')).rejects.toThrow(/outside the vault/);
    await expect(src.read('gone.md')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stats single paths for file events', async () => {
    const v = vault({ 'n.md': 'hello', '.obsidian/a.md': 'x' });
    const src = new FsNoteSource(v);
    expect(await src.stat('n.md')).toMatchObject({ path: 'n.md', size: 5 });
    expect(await src.stat('missing.md')).toBeNull();
    expect(await src.stat('.obsidian/a.md')).toBeNull();
    expect(await src.stat('n.txt')).toBeNull();
    expect(await src.stat('../../etc/passwd.md')).toBeNull();
  });

  it('gives typed errors for a missing vault or a file, and finds no notes in an empty one', async () => {
    await expect(new FsNoteSource(join(tmpdir(), 'overlay-nope-nope')).list()).rejects.toMatchObject({
      code: 'vault-missing',
    });
    const v = vault({ 'n.md': 'x' });
    await expect(new FsNoteSource(join(v, 'n.md')).check()).rejects.toMatchObject({ code: 'vault-not-folder' });
    const empty = vault({ 'a.txt': 'x' });
    expect(await new FsNoteSource(empty).hasNotes()).toBe(false);
  });

  it('never writes: the vault is byte-identical after listing and reading', async () => {
    const v = vault({ 'a.md': 'a', 'B/b.md': 'b' });
    writeNote(v, 'B/c.md', 'c');
    const before = snapshot(v);
    const src = new FsNoteSource(v);
    for (const f of await src.list()) await src.read(f.path);
    expect(snapshot(v)).toEqual(before);
  });
});
