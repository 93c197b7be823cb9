import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, snapshot } from '../engine/temp-vault';
import { buildCli, hasStackTrace, runOverlay, testVault } from './index-helpers';

const dirs: string[] = [];
beforeAll(() => buildCli());
afterAll(() => dirs.forEach(removeDir));

describe('overlay index', () => {
  it('prints one JSON object with the contract keys, then embeds nothing on a second run', () => {
    const vault = testVault();
    dirs.push(vault);
    const before = snapshot(vault);
    const first = runOverlay(['index', vault, '--json']);
    expect(first.code).toBe(0);
    // Not a TTY: no bar, at most an occasional plain progress line (when indexing takes more than a few seconds).
    for (const line of first.stderr.split('\n').filter(Boolean))
      expect(line).toMatch(/^overlay: \w+ [\d.]+\/[\d.]+( MB)? \(\d+%\)$/);
    const r = JSON.parse(first.stdout) as Record<string, unknown>;
    for (const key of ['notes', 'chunks', 'embedded', 'reused', 'removed', 'ms']) expect(typeof r[key]).toBe('number');
    expect(r['notes']).toBeGreaterThan(0);
    expect(r['embedded']).toBe(r['chunks']);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);

    const second = JSON.parse(runOverlay(['index', vault, '--json']).stdout) as Record<string, number>;
    expect(second).toMatchObject({ notes: r['notes'], chunks: r['chunks'], embedded: 0, removed: 0 });
    // The indexer never writes among the notes.
    expect(snapshot(vault, [join(vault, '.overlay')])).toEqual(before);
    expect(existsSync(join(vault, '.overlay', 'manifest.json'))).toBe(true);
  });

  it('writes only to --data-dir when given, and reports in words without --json', () => {
    const vault = testVault();
    const data = mkdtempSync(join(tmpdir(), 'overlay-data-'));
    dirs.push(vault, data);
    const run = runOverlay(['index', vault, '--data-dir', data]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Indexed \d+ notes \(\d+ chunks\): \d+ embedded, 0 reused, 0 removed in /);
    expect(existsSync(join(vault, '.overlay'))).toBe(false);
    expect(existsSync(join(data, 'manifest.json'))).toBe(true);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('shows help', () => {
    const run = runOverlay(['index', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: overlay index <vault>/);
  });
});
