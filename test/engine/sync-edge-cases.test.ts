// Sync on a vault that changes under it, and the wording of what a sync reports.
import { afterEach, describe, expect, it } from 'vitest';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { FsNoteSource } from '../../src/engine/fs-note-source';
import { readNote } from '../../src/engine/note-reader';
import type { Progress } from '../../src/core/types';
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
    const e = await openWithHook(vault, () => renameSync(join(vault, 'Travel', 'Kyoto.md'), join(vault, 'Travel', 'Kyōto.md')));
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
    const vault = makeVault({ 'bad.md': '---\nbad: [unclosed\n---\n# Bad\nSome text about soil.\n', 'ok.md': '# Ok\nFine.\n' });
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
    expect(await readNote(src, { path: 'gone.md', mtimeMs: 1, size: 1 }, 1024)).toMatchObject({ ok: false, vanished: true });
    // Leaving the vault is still refused as such.
    await expect(src.read('../gone.md')).rejects.toThrow(/outside the vault/);
  });
});
