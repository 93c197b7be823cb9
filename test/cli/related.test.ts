import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, removeDir, storedNotePaths } from '../engine/temp-vault';
import { buildCli, copyOfIndexedTestVault, hasStackTrace, runOverlay, testVault } from './index-helpers';

const dirs: string[] = [];
beforeAll(() => buildCli());
afterAll(() => dirs.forEach(removeDir));

describe('overlay related', () => {
  it('builds the index when missing and lists related notes as [{note, score}]', async () => {
    // The run's indexed copy of the example vault: its index (in a separate data dir) lists the notes.
    const { vault, dataDir } = copyOfIndexedTestVault();
    dirs.push(vault, dataDir);
    // Pick a note from that index (works for the example vault and the sample one).
    const notes = (await storedNotePaths(dataDir)).map((path) => ({ path }));
    expect(notes.length).toBeGreaterThan(2);
    const target = notes[0]!.path;
    expect(existsSync(join(vault, '.overlay'))).toBe(false);
    const run = runOverlay(['related', vault, target, '--k', '2', '--json']);
    expect(run.code).toBe(0);
    expect(existsSync(join(vault, '.overlay', 'manifest.json'))).toBe(true);
    const related = JSON.parse(run.stdout) as { note: string; score: number }[];
    expect(related).toHaveLength(2);
    for (const r of related) {
      expect(Object.keys(r).sort()).toEqual(['note', 'score']);
      expect(r.note).not.toBe(target);
      expect(notes.map((n) => n.path)).toContain(r.note);
    }
    expect(related[0]!.score).toBeGreaterThanOrEqual(related[1]!.score);

    // Same answer by name (without folder and .md) and in text form.
    const byName = runOverlay([
      'related',
      vault,
      target.replace(/^.*\//, '').replace(/\.md$/, ''),
      '--k',
      '2',
      '--json',
    ]);
    expect(JSON.parse(byName.stdout)).toEqual(related);
    const text = runOverlay(['related', vault, join(vault, target), '--k', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toEqual(related.map((r) => `${r.score.toFixed(3)}  ${r.note}`));
  });

  it('says so clearly for an unknown note', () => {
    // An index already built (the first test covers building it on demand).
    const { vault, dataDir } = copyOfIndexedTestVault();
    dirs.push(vault, dataDir);
    const run = runOverlay(['related', vault, 'No such note at all', '--json', '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    // --json: the error is the one JSON value on stdout, for scripts; the message is on stderr for people.
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'unknown-note',
        message: expect.stringMatching(/^no note "No such note at all" in the index/),
        exitCode: 2,
      },
    });
    expect(run.stderr).toMatch(/^overlay: no note "No such note at all" in the index/m);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('rejects a bad --k', () => {
    const vault = testVault();
    dirs.push(vault);
    const run = runOverlay(['related', vault, 'x', '--k', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--k must be a positive whole number/);
  });

  it('lists the notes a shared name fits instead of picking one (exit 2), and takes a path', () => {
    const body = (topic: string) => `# Vault\n\nNotes about the ${topic} vault and how files are stored.\n`;
    const vault = makeVault({
      'Plugins/Vault.md': body('plugin'),
      'Reference/API/Vault.md': body('API'),
      'Other/Storage.md': '# Storage\n\nFiles are stored in the vault folder on disk.\n',
      'Other/Garden.md': '# Garden\n\nTomatoes and compost.\n',
    });
    dirs.push(vault);
    const text = runOverlay(['related', vault, 'Vault']);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(
      /(^|\n)overlay: "Vault" names 2 notes; give one by its path:\n {2}Plugins\/Vault\.md\n {2}Reference\/API\/Vault\.md\n$/,
    );
    const json = runOverlay(['related', vault, 'vault.md', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'ambiguous-note',
      exitCode: 2,
      candidates: ['Plugins/Vault.md', 'Reference/API/Vault.md'],
    });
    const byPath = runOverlay(['related', vault, 'Plugins/Vault', '--json', '--k', '1']);
    expect(byPath.code, byPath.stderr).toBe(0);
    expect(JSON.parse(byPath.stdout)[0].note).not.toBe('Plugins/Vault.md');
    expect(runOverlay(['related', vault, 'Storage', '--json']).code).toBe(0);
  });
});
