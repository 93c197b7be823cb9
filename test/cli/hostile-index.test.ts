// `overlay index --json` end to end on a vault of hostile notes (test/engine/hostile-vault.ts), with the default
// per-note guard: it finishes, skips the 50 MB note by size, cuts the 5 MB single-line note with a named warning,
// and says so on stderr as well as in the JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTE_WARNING } from '../../src/core/markdown/prepare-note';
import { hostileNotes } from '../engine/hostile-vault';
import { makeVault, removeDir, snapshot } from '../engine/temp-vault';
import { buildCli, hasStackTrace, runOverlay } from './index-helpers';

const notes = hostileNotes(true);
let vault = '';
let data = '';
beforeAll(() => {
  buildCli();
  vault = makeVault(notes);
  data = mkdtempSync(join(tmpdir(), 'overlay-hostile-data-'));
});
afterAll(() => {
  removeDir(vault);
  removeDir(data);
});

describe('overlay index on hostile notes', () => {
  it('indexes every note but the over-sized one, naming what was skipped or cut', () => {
    const before = snapshot(vault);
    const run = runOverlay(['index', vault, '--data-dir', data, '--json']);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(run.code).toBe(3); // indexed, but a note was skipped
    const r = JSON.parse(run.stdout) as {
      notes: number;
      chunks: number;
      skipped: { path: string; reason: string }[];
      warnings: { path: string; message: string }[];
    };
    expect(r.skipped).toEqual([
      { path: 'Huge.md', reason: expect.stringMatching(/^too large \(47\.7 MB, limit 5\.0 MB\)$/) },
    ]);
    expect(r.notes).toBe(Object.keys(notes).length - 1);
    expect(r.warnings).toContainEqual({
      path: 'One line.md',
      message: expect.stringMatching(
        new RegExp(`^${NOTE_WARNING.size}: over 0\\.6 MB of text after cleaning; only the first 0\\.6 MB is indexed$`),
      ),
    });
    // Only the guard warns here; on a very loaded machine it may also stop a slow note early, which it names.
    for (const w of r.warnings) expect(w.message).toMatch(new RegExp(`^(${NOTE_WARNING.size}|${NOTE_WARNING.time}): `));
    expect(run.stderr).toContain('overlay: skipped Huge.md: too large');
    expect(run.stderr).toContain(`overlay: warning: One line.md: ${NOTE_WARNING.size}: `);
    expect(r.chunks).toBeGreaterThan(1000);
    // The indexer wrote nothing among the notes.
    expect(snapshot(vault)).toEqual(before);

    // A second run finds nothing to embed.
    const again = JSON.parse(runOverlay(['index', vault, '--data-dir', data, '--json']).stdout) as Record<
      string,
      number
    >;
    expect(again).toMatchObject({ notes: r.notes, embedded: 0, removed: 0 });
  }, 240_000);
});
