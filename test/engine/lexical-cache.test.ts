import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LexicalIndex } from '../../src/core/index/lexical-index';
import { openBlob, sealBlob } from '../../src/core/storage/blob-envelope';
import { decodeLexicalCache, encodeLexicalCache } from '../../src/engine/lexical-cache';
import { Engine } from '../../src/engine/engine';
import { makeVault, removeDir, writeNote } from './temp-vault';

const index = (): LexicalIndex => {
  const idx = new LexicalIndex();
  idx.add({ id: 'c1', title: 'Tomatoes', aliases: 'Tomato plants', headings: 'Pests', text: 'Aphids on leaves.' });
  idx.add({ id: 'c2', title: 'Compost', aliases: '', headings: '', path: 'Garden', text: 'Turn the heap weekly.' });
  return idx;
};
const notes: Record<string, [string, string[]]> = {
  'Gardening/Tomatoes.md': ['a'.repeat(64), ['c1']],
  'Garden/Compost.md': ['b'.repeat(64), ['c2']],
  'Empty.md': ['c'.repeat(64), []],
};

describe('lexical cache file', () => {
  it('round-trips the chunker, the notes with their chunk ids, and the index', () => {
    const idx = index();
    const snap = decodeLexicalCache(encodeLexicalCache('chunker-1', notes, idx)!, 'chunker-1');
    expect(snap).not.toBeNull();
    const { paths, shas, start, ids, numbers } = snap!;
    const back = paths.map((p, i) => [p, [shas[i], ids.slice(start[i], start[i + 1])]]);
    expect(Object.fromEntries(back)).toEqual(notes);
    expect(Array.from(numbers)).toEqual([0, 1]);
    for (const q of ['aphids', 'heap weekly', 'tomato garden'])
      expect(snap!.index.search(q, 5)).toEqual(idx.search(q, 5));
  });

  it('is not written when the notes and the index disagree (a chunk in none or two notes, or missing)', () => {
    const idx = index();
    expect(encodeLexicalCache('c', { 'a.md': ['a'.repeat(64), ['c1']] }, idx)).toBeNull();
    expect(encodeLexicalCache('c', { 'a.md': ['a'.repeat(64), ['c1', 'c2', 'c3']] }, idx)).toBeNull();
    const twice = { 'a.md': ['a'.repeat(64), ['c1', 'c2']], 'b.md': ['b'.repeat(64), ['c2']] } as const;
    expect(encodeLexicalCache('c', twice as unknown as Record<string, [string, string[]]>, idx)).toBeNull();
    // Read back, a chunk number listed twice (or out of range) refuses the file.
    const good = encodeLexicalCache('c', { 'a.md': ['a'.repeat(64), ['c1', 'c2']] }, idx)!;
    const at = good.indexOf(2, 5 + 2 + 4 + 64); // the note's chunk count, then its chunk numbers 0, 1
    expect([good[at + 1], good[at + 2]]).toEqual([0, 1]);
    const dup = good.slice();
    dup[at + 2] = 0;
    expect(decodeLexicalCache(dup, 'c')).toBeNull();
    const out = good.slice();
    out[at + 2] = 7;
    expect(decodeLexicalCache(out, 'c')).toBeNull();
    expect(decodeLexicalCache(good, 'c')).not.toBeNull();
  });

  it('is refused (null: rebuild) for another chunker, an old JSON snapshot, or a damaged body', () => {
    const bytes = encodeLexicalCache('chunker-1', notes, index())!;
    expect(decodeLexicalCache(bytes, 'chunker-2')).toBeNull();
    const oldFormat = JSON.stringify({ chunker: 'chunker-1', notes, index: { format: 'overlay-lexical', version: 2 } });
    expect(decodeLexicalCache(new TextEncoder().encode(oldFormat), 'chunker-1')).toBeNull();
    for (let n = 0; n < bytes.length; n++) expect(decodeLexicalCache(bytes.subarray(0, n), 'chunker-1')).toBeNull();
    expect(decodeLexicalCache(Uint8Array.from([...bytes, 1]), 'chunker-1')).toBeNull();
  });
});

describe('lexical cache in the engine', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });

  it('rewrites a snapshot of an older version at the next sync, even when no search parsed it', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const file = join(vault, '.overlay', 'cache', 'lexical.cache');
    let e = await Engine.open({ vault });
    await e.sync();
    const want = e.view().lexical.search('tomato hornworms compost', 10);
    await e.close();
    const older = openBlob(readFileSync(file))!.slice();
    expect(older[4]).toBe(2); // the version varint after "OVLC"
    older[4] = 1;
    writeFileSync(file, sealBlob(older));
    e = await Engine.open({ vault });
    await e.sync(); // nothing changed in the vault: only the stale-format cache is written
    await e.close();
    expect(openBlob(readFileSync(file))![4]).toBe(2);
    e = await Engine.open({ vault });
    expect(e.view().lexical.search('tomato hornworms compost', 10)).toEqual(want);
    await e.close();
  });

  it('patches a snapshot to notes added, removed and edited while closed: as a rebuilt index', async () => {
    const vault = makeVault();
    dirs.push(vault);
    let e = await Engine.open({ vault });
    await e.sync();
    await e.close();
    writeNote(vault, 'Fresh/Otters.md', '# Otters\nOtters juggle pebbles by the riverbank.\n');
    writeNote(vault, 'Gardening/Compost.md', '# Compost\nThe heap now hosts a family of hedgehogs.\n');
    rmSync(join(vault, 'Gardening/Tomatoes.md'));
    e = await Engine.open({ vault });
    await e.sync();
    const view = e.view();
    const got = ['otters pebbles', 'hedgehogs', 'tomato hornworms', 'kitchen scraps'].map((q) =>
      view.lexical.search(q, 10),
    );
    expect(view.lexical.size()).toBe(view.chunks.size);
    await e.close();
    rmSync(join(vault, '.overlay', 'cache', 'lexical.cache'));
    e = await Engine.open({ vault });
    const rebuilt = ['otters pebbles', 'hedgehogs', 'tomato hornworms', 'kitchen scraps'].map((q) =>
      e.view().lexical.search(q, 10),
    );
    await e.close();
    expect(got).toEqual(rebuilt);
    expect(got[0]!.length).toBeGreaterThan(0);
    expect(got[1]!.length).toBeGreaterThan(0);
  });

  it('replaces an old-format snapshot by a rebuilt index, rewritten at the next save, same results', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const file = join(vault, '.overlay', 'cache', 'lexical.cache');
    let e = await Engine.open({ vault });
    await e.sync();
    const want = e.view().lexical.search('tomato hornworms compost', 10);
    expect(want.length).toBeGreaterThan(1);
    await e.close();
    expect(new TextDecoder().decode(openBlob(readFileSync(file))!.subarray(0, 4))).toBe('OVLC');
    // What the MiniSearch version wrote: JSON in a valid envelope.
    writeFileSync(file, sealBlob(new TextEncoder().encode('{"chunker":"x","notes":{},"index":{"version":2}}')));
    e = await Engine.open({ vault });
    const r = await e.sync();
    expect(r.embedded).toBe(0);
    expect(e.view().lexical.search('tomato hornworms compost', 10)).toEqual(want);
    await e.close();
    expect(new TextDecoder().decode(openBlob(readFileSync(file))!.subarray(0, 4))).toBe('OVLC');
    // A note edited while closed is patched into the loaded snapshot on first use.
    writeNote(vault, 'Gardening/Compost.md', '# Compost\nThe heap now hosts a family of hedgehogs.\n');
    e = await Engine.open({ vault });
    await e.sync();
    expect(
      e
        .view()
        .lexical.search('hedgehogs', 5)
        .map((h) => h.id).length,
    ).toBe(1);
    expect(e.view().lexical.search('kitchen scraps', 5)).toEqual([]);
    await e.close();
  });
});
