// File events in the engine: a lone edit is synced at once and touches only its note; a burst ends in one
// consistent index; an edit made right after open is never lost.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import type { SyncReport } from '../../src/engine/protocol';
import { parseSegment } from '../../src/engine/storage/segment-format';
import { makeVault, SAMPLE_NOTES, writeNote } from './temp-vault';
import { useEngineHarness } from './engine-harness';

const { dirs, engines, open } = useEngineHarness();

const found = (e: Engine, word: string): boolean => e.view().lexical.search(word, 1).length > 0;

/** Keys of the records the newest segment holds (what the last commit wrote). */
function lastCommit(dataDir: string): string[] {
  const segs = readdirSync(join(dataDir, 'segments')).sort();
  const last = readFileSync(join(dataDir, 'segments', segs.at(-1)!));
  const parsed = parseSegment(last, last.length, 'last');
  expect(parsed.problems).toEqual([]);
  return parsed.entries.map((x) => `${x.collection.replace(/^vectors\/.*/, 'vectors')}:${x.key}`).sort();
}

describe('Engine file events', () => {
  it('syncs a lone edit without waiting out the quiet time, and commits only that note', async () => {
    const vault = makeVault();
    dirs.push(vault);
    // A quiet time far longer than the test: only the leading sync can make the edit searchable in time.
    const e = await open(vault, { debounceMs: 60_000, saveDelayMs: 0 });
    await e.sync();
    const path = 'Gardening/Watering.md';
    writeNote(vault, path, `${SAMPLE_NOTES[path]}\nRainwater barrels: zqxleading.\n`);
    e.applyFileEvent({ type: 'modify', path });
    const t = Date.now();
    while (!found(e, 'zqxleading') && Date.now() - t < 20_000) await new Promise((r) => setTimeout(r, 5));
    expect(found(e, 'zqxleading')).toBe(true);
    await e.whenIdle();
    expect(lastCommit(join(vault, '.overlay'))).toEqual(['meta:index', `notes:${path}`, `vectors:${path}`]);
    expect(e.status().lastSync).toMatchObject({ notes: Object.keys(SAMPLE_NOTES).length, embedded: 1 });
  });

  it('ends a burst of events in one consistent index: the same as a full sync of the final vault', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const reports: SyncReport[] = [];
    const e = await open(vault, { debounceMs: 50, saveDelayMs: 0, onSynced: (r) => reports.push(r) });
    await e.sync();
    reports.length = 0;
    const paths = Object.keys(SAMPLE_NOTES);
    for (let round = 0; round < 5; round++) {
      for (const [i, p] of paths.entries()) {
        writeNote(vault, p, `${SAMPLE_NOTES[p]}\nEdit ${round} of note ${i}: word zqxburst${round}x${i}.\n`);
        e.applyFileEvent({ type: 'modify', path: p });
      }
      writeNote(vault, `New/Note ${round}.md`, `# New ${round}\nLinks to [[Compost]]: zqxnew${round}.\n`);
      e.applyFileEvent({ type: 'create', path: `New/Note ${round}.md` });
      if (round === 2) {
        rmSync(join(vault, 'New/Note 1.md'));
        e.applyFileEvent({ type: 'delete', path: 'New/Note 1.md' });
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await e.whenIdle();
    // The leading sync and one trailing sync for the rest (a slow machine may add one per quiet gap, never one per event).
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.length).toBeLessThan(paths.length * 5);
    for (const [i] of paths.entries()) expect(found(e, `zqxburst4x${i}`)).toBe(true);
    expect(found(e, 'zqxburst3x0')).toBe(false);
    expect(found(e, 'zqxnew1')).toBe(false);
    expect(found(e, 'zqxnew4')).toBe(true);

    const fresh = await open(vault, { dataDir: join(vault, '.fresh') });
    await fresh.sync();
    const ids = (x: Engine) => [...x.view().chunks.keys()].sort();
    expect(ids(e)).toEqual(ids(fresh));
    expect(e.view().fullTokens).toBe(fresh.view().fullTokens);
    const g = e.view().graph;
    const fg = fresh.view().graph;
    expect(g.notes()).toEqual(fg.notes());
    for (const p of fg.notes())
      expect([p, g.backlinks(p), g.outlinks(p)]).toEqual([p, fg.backlinks(p), fg.outlinks(p)]);
  });

  it('loses no edit made right after open, before any sync: searchable, and kept across a restart', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const first = await open(vault);
    await first.sync();
    await first.close();
    engines.splice(engines.indexOf(first), 1);

    const e = await open(vault, { saveDelayMs: 0 });
    const path = 'Travel/Kyoto.md';
    writeNote(vault, path, `${SAMPLE_NOTES[path]}\nThe moss garden: zqxafteropen.\n`);
    e.applyFileEvent({ type: 'modify', path });
    await e.whenIdle();
    expect(found(e, 'zqxafteropen')).toBe(true);
    await e.close();
    engines.splice(engines.indexOf(e), 1);

    const again = await open(vault);
    expect(found(again, 'zqxafteropen')).toBe(true);
    expect((await again.sync()).embedded).toBe(0);
  });
});
