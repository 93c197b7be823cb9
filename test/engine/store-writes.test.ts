// Issue 15: a one-note edit writes only that note's records — kilobytes, not the whole index.
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { parseSegment } from '../../src/engine/storage/segment-format';
import { seededRandom } from '../../src/core/util/prng';
import { makeVault, removeDir, writeNote } from './temp-vault';

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

const WORDS = (
  'garden compost tomato water soil root leaf seed harvest season rust trait borrow owner compiler lifetime ' +
  'kyoto temple train bamboo forest river mountain index vector graph search query answer note link heading'
).split(' ');

/** A vault of `n` notes of ~250 words in 3 sections, linked to a few others. */
function bigVault(n: number): Record<string, string> {
  const rnd = seededRandom(7);
  const word = (): string => WORDS[Math.floor(rnd() * WORDS.length)]!;
  const para = (): string => Array.from({ length: 80 }, word).join(' ') + '.';
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const links = [1, 2, 3].map((d) => `[[Note ${(i + d * 17) % n}]]`).join(' ');
    files[`Folder ${i % 10}/Note ${i}.md`] =
      `# Note ${i}\n${para()}\n\n## Part A\n${para()}\n\n## Part B\n${para()} ${links}\n`;
  }
  return files;
}

function dirBytes(dir: string): number {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => statSync(join(dir, f)))
    .filter((s) => s.isFile())
    .reduce((sum, s) => sum + s.size, 0);
}

describe('store writes', () => {
  it('commits only the edited note (its record, its vectors, the meta record): kilobytes on a 300-note vault', async () => {
    const vault = makeVault(bigVault(300));
    dirs.push(vault);
    const dataDir = join(vault, '.overlay');
    const first = await Engine.open({ vault });
    const cold = await first.sync();
    await first.close();
    expect(cold.notes).toBe(300);
    const indexBytes = dirBytes(dataDir);
    // A real index (records without an HNSW graph since decision 0010: ~1.9 MB), so the ratio below means something.
    expect(indexBytes).toBeGreaterThan(1_000_000);

    const path = 'Folder 3/Note 123.md';
    writeNote(vault, path, `${readFileSync(join(vault, path), 'utf8')}\nOne more line about compost.\n`);
    const e = await Engine.open({ vault });
    engines.push(e);
    const r = await e.sync();
    expect(r.embedded).toBeGreaterThan(0);
    expect(r.embedded).toBeLessThanOrEqual(3);
    const w = e.writeStats();
    // One commit: a segment of three records plus the manifest; no cache rewrite, no compaction.
    expect(w.commits).toBe(1);
    expect(w.cacheBytes).toBe(0);
    expect(w.compactionBytes).toBe(0);
    expect(w.commitBytes).toBeGreaterThan(1_000);
    expect(w.commitBytes).toBeLessThan(32 * 1024);
    expect(w.commitBytes * 100).toBeLessThan(indexBytes);
    // And the segment it wrote holds exactly that note's records.
    const segs = readdirSync(join(dataDir, 'segments')).sort();
    const last = readFileSync(join(dataDir, 'segments', segs.at(-1)!));
    const parsed = parseSegment(last, last.length, 'last');
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.map((x) => `${x.collection.replace(/^vectors\/.*/, 'vectors')}:${x.key}`).sort()).toEqual([
      'meta:index',
      `notes:${path}`,
      `vectors:${path}`,
    ]);
    // The edit is searchable at once (the lexical snapshot, parsed on first use, is patched to the current notes)...
    expect(
      e
        .view()
        .lexical.search('compost line', 5)
        .map((h) => e.view().chunks.get(h.id)?.note),
    ).toContain(path);
    // ...and after a reopen (the stale caches are patched from the records).
    await e.close();
    engines.splice(0);
    const again = await Engine.open({ vault });
    engines.push(again);
    const hits = again.view().lexical.search('compost line', 5);
    expect(hits.map((h) => again.view().chunks.get(h.id)?.note)).toContain(path);
    // Every chunk of the edited note is in the (patched) HNSW graph, and only live chunks are.
    for (const id of again.view().chunksOf(path))
      expect(again.view().vectors.has(again.view().labelOf(id)!)).toBe(true);
    expect(again.view().vectors.size()).toBe(again.view().chunks.size);
    const r2 = await again.sync();
    expect(r2.embedded).toBe(0);
    expect(r2.rebuilt).toBeUndefined(); // a stale cache is not damage
  });
});
