import { describe, expect, it } from 'vitest';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, SAMPLE_NOTES, snapshot, writeNote } from './temp-vault';
import { useEngineHarness } from './engine-harness';

const { dirs, open, reopen } = useEngineHarness();

describe('Engine sync', () => {
  it('embeds everything once, then nothing on an unchanged vault', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await open(vault);
    const first = await e.sync();
    expect(first.notes).toBe(Object.keys(SAMPLE_NOTES).length);
    expect(first.chunks).toBeGreaterThanOrEqual(first.notes);
    expect(first.embedded).toBe(first.chunks);
    expect(first.removed).toBe(0);
    expect(first.skipped).toEqual([]);

    const again = await e.sync();
    expect(again.embedded).toBe(0);
    expect(again.reused).toBe(first.chunks);

    // After a restart too: everything comes from disk.
    const e2 = await reopen(e);
    const third = await e2.sync();
    expect(third).toMatchObject({ notes: first.notes, chunks: first.chunks, embedded: 0, removed: 0 });
    expect(third.rebuilt).toBeUndefined();
  });

  it('re-embeds only the changed chunk of an edited note', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await open(vault);
    const first = await e.sync();
    const before = e.view().chunksOf('Gardening/Tomatoes.md').length;
    expect(before).toBeGreaterThan(1);
    writeNote(
      vault,
      'Gardening/Tomatoes.md',
      SAMPLE_NOTES['Gardening/Tomatoes.md']!.replace('pick hornworms by hand', 'use neem oil'),
    );
    const r = await e.sync();
    expect(r.embedded).toBe(1);
    expect(r.removed).toBe(1);
    expect(r.chunks).toBe(first.chunks);
    const texts = e
      .view()
      .chunksOf('Gardening/Tomatoes.md')
      .map((id) => e.view().chunks.get(id)!.text);
    expect(texts.join('\n')).toContain('neem oil');
    expect(
      e
        .view()
        .lexical.search('neem', 5)
        .map((h) => e.view().chunks.get(h.id)?.note),
    ).toContain('Gardening/Tomatoes.md');
  });

  it('recognises an unchanged file whose mtime moved (no re-parse, no embedding)', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await open(vault);
    await e.sync();
    writeNote(vault, 'Travel/Kyoto.md', SAMPLE_NOTES['Travel/Kyoto.md']!);
    const r = await e.sync();
    expect(r.embedded).toBe(0);
    expect(r.removed).toBe(0);
  });

  it('drops a deleted note from every index', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await open(vault);
    const first = await e.sync();
    const kyotoChunks = e.view().chunksOf('Travel/Kyoto.md').length;
    rmSync(join(vault, 'Travel', 'Kyoto.md'));
    const r = await e.sync();
    expect(r.notes).toBe(first.notes - 1);
    expect(r.removed).toBe(kyotoChunks);
    expect(r.chunks).toBe(first.chunks - kyotoChunks);
    const v = e.view();
    expect(v.notes.has('Travel/Kyoto.md')).toBe(false);
    expect(v.vectors.size()).toBe(r.chunks);
    expect(v.lexical.search('bamboo temples', 5)).toEqual([]);
    expect(v.graph.hasNote('Travel/Kyoto.md')).toBe(false);
  });

  it('handles a rename: old path gone, new path present, vectors reused when the text is unchanged', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await open(vault);
    await e.sync();
    // A move to another folder keeps the chunk text (title = file name), so nothing is embedded.
    renameSync(join(vault, 'Travel', 'Kyoto.md'), join(vault, 'Kyoto.md'));
    const moved = await e.sync();
    expect(moved.embedded).toBe(0);
    expect(e.view().notes.has('Travel/Kyoto.md')).toBe(false);
    expect(e.view().notes.has('Kyoto.md')).toBe(true);
    // A new file name changes the title line of every chunk: those are embedded again.
    renameSync(join(vault, 'Kyoto.md'), join(vault, 'Kyoto trip.md'));
    const renamed = await e.sync();
    expect(renamed.embedded).toBe(e.view().chunksOf('Kyoto trip.md').length);
    expect(e.view().notes.has('Kyoto.md')).toBe(false);
    expect((await e.related('Kyoto trip')).length).toBeGreaterThan(0);
  });

  it('never writes inside the notes (vault byte-identical apart from the data dir)', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const before = snapshot(vault);
    const e = await open(vault);
    await e.sync();
    await e.close();
    expect(snapshot(vault, [join(vault, '.overlay')])).toEqual(before);
  });

  it('answers related notes by topic and resolves names like links', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await open(vault);
    await e.sync();
    const rel = await e.related('Gardening/Tomatoes.md', 3);
    expect(rel.map((r) => r.note)).not.toContain('Gardening/Tomatoes.md');
    expect(rel.length).toBe(3);
    expect(rel[0]!.note.startsWith('Gardening/')).toBe(true);
    for (let i = 1; i < rel.length; i++) expect(rel[i - 1]!.score).toBeGreaterThanOrEqual(rel[i]!.score);
    expect(await e.related('Rust ownership', 1)).toEqual([expect.objectContaining({ note: 'Code/Rust traits.md' })]);
    expect(await e.related('Gardening/Tomatoes', 3)).toEqual(rel);
    expect(await e.related('Tomato plants', 3)).toEqual(rel); // alias
    await expect(e.related('No such note')).rejects.toMatchObject({ name: 'EngineError', code: 'unknown-note' });
  });

  it('applies file events incrementally (create, modify, delete, rename)', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await open(vault, { debounceMs: 10, saveDelayMs: 0 });
    await e.sync();
    writeNote(
      vault,
      'Gardening/Mulch.md',
      '# Mulch\nMulch keeps garden soil moist and cool; straw mulch suits tomatoes.\n',
    );
    expect(e.applyFileEvent({ type: 'create', path: 'Gardening/Mulch.md' })).toEqual({ queued: true });
    await e.whenIdle();
    expect(e.status().notes).toBe(Object.keys(SAMPLE_NOTES).length + 1);
    expect((await e.related('Mulch', 10)).map((r) => r.note)).toContain('Gardening/Watering.md');

    renameSync(join(vault, 'Gardening', 'Mulch.md'), join(vault, 'Mulch.md'));
    e.applyFileEvent({ type: 'rename', path: 'Mulch.md', oldPath: 'Gardening/Mulch.md' });
    await e.whenIdle();
    expect(e.view().notes.has('Mulch.md')).toBe(true);
    expect(e.view().notes.has('Gardening/Mulch.md')).toBe(false);
    expect(e.status().lastSync?.embedded).toBe(0);

    rmSync(join(vault, 'Mulch.md'));
    e.applyFileEvent({ type: 'delete', path: 'Mulch.md' });
    await e.whenIdle();
    expect(e.view().notes.has('Mulch.md')).toBe(false);
    expect(e.applyFileEvent({ type: 'modify', path: 'picture.png' })).toEqual({ queued: false });
    expect(() => e.applyFileEvent({ type: 'rename', path: 'x.md' } as never)).toThrow(/oldPath/);
  });
});
