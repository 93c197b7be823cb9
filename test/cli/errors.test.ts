import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVault, removeDir, SAMPLE_NOTES, writeNote } from '../engine/temp-vault';
import { buildCli, hasStackTrace, runOverlay } from './index-helpers';

const dirs: string[] = [];
beforeAll(() => buildCli());
afterAll(() => dirs.forEach(removeDir));

function vault(extra: Record<string, string | Buffer> = {}): string {
  const v = makeVault({ ...SAMPLE_NOTES, ...extra });
  dirs.push(v);
  return v;
}

describe('overlay: bad input gets a clear message and a non-zero exit, never a stack trace', () => {
  it('missing vault', () => {
    const run = runOverlay(['index', join(tmpdir(), 'overlay-no-such-vault-xyz'), '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^overlay: vault not found: .*overlay-no-such-vault-xyz\n$/);
    // With --json the failure is also the one JSON value on stdout.
    expect(JSON.parse(run.stdout).error).toMatchObject({
      message: expect.stringMatching(/^vault not found: /),
      exitCode: 2,
    });
  });

  it('a file instead of a vault folder', () => {
    const v = vault();
    const run = runOverlay(['related', join(v, 'Travel', 'Kyoto.md'), 'Kyoto']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/vault is not a folder/);
  });

  it('empty vault (no .md notes), and nothing is created in it', () => {
    const v = mkdtempSync(join(tmpdir(), 'overlay-empty-'));
    dirs.push(v);
    writeFileSync(join(v, 'readme.txt'), 'not a note');
    const run = runOverlay(['index', v]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no markdown notes \(\.md\) found in/);
    expect(existsSync(join(v, '.overlay'))).toBe(false);
  });

  it('binary, invalid UTF-8 and 10 MB notes are skipped and named; the rest is indexed (exit 3)', () => {
    const v = vault({
      'bad/binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]),
      'bad/latin1.md': Buffer.from('caf\xe9 au lait', 'latin1'),
      'bad/huge.md': Buffer.alloc(10 * 1024 * 1024, 'lorem ipsum '),
    });
    const run = runOverlay(['index', v, '--json']);
    expect(run.code).toBe(3);
    const r = JSON.parse(run.stdout) as { notes: number; skipped: { path: string; reason: string }[] };
    expect(r.notes).toBe(Object.keys(SAMPLE_NOTES).length);
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.path, s.reason]));
    expect(reasons['bad/binary.md']).toBe('binary file');
    expect(reasons['bad/latin1.md']).toBe('not valid UTF-8');
    expect(reasons['bad/huge.md']).toMatch(/^too large \(10\.0 MB, limit 5\.0 MB\)$/);
    expect(run.stderr).toMatch(/overlay: skipped bad\/binary\.md: binary file/);
    expect(hasStackTrace(run.stderr)).toBe(false);
    // The limit is a flag: a tiny one skips the longer sample notes too.
    const tiny = JSON.parse(runOverlay(['index', v, '--json', '--max-note-mb', '0.0003']).stdout) as typeof r;
    expect(tiny.skipped.find((s) => s.path === 'Gardening/Tomatoes.md')?.reason).toMatch(/^too large/);
    expect(tiny.notes).toBeLessThan(r.notes);
    // `related` still answers with skipped notes around (exit 0, they are named on stderr).
    const rel = runOverlay(['related', v, 'Kyoto', '--json']);
    expect(rel.code).toBe(0);
    expect(rel.stderr).toMatch(/skipped bad\/binary\.md/);
  });

  it('unreadable note (chmod 000)', () => {
    const v = vault();
    const file = join(v, 'Secret.md');
    writeNote(v, 'Secret.md', '# Secret\nhidden text\n');
    // Root reads anything: then the CLI runs as "nobody" (uid 65534) on a vault opened up to it.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chmod', ['-R', 'a+rwX', v]);
    chmodSync(file, 0o000);
    const run = runOverlay(['index', v], {}, asRoot ? 65534 : undefined);
    chmodSync(file, 0o644);
    if (asRoot && /EPERM|EACCES/.test(run.stderr) && !/Secret\.md/.test(run.stderr)) {
      console.warn(`skipping the unreadable-file check: cannot run as another user here (${run.stderr.trim()})`);
      return;
    }
    expect(run.stderr).toMatch(/overlay: skipped Secret\.md: unreadable \(EACCES\)/);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/Indexed 6 notes/);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('a vault whose only note cannot be read', () => {
    const v = mkdtempSync(join(tmpdir(), 'overlay-onlybad-'));
    dirs.push(v);
    writeFileSync(join(v, 'x.md'), Buffer.from([0, 1, 2]));
    const run = runOverlay(['index', v]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no note in .* could be indexed:\n {2}x\.md: binary file/);
  });

  it('an index folder that cannot be created', () => {
    const v = vault();
    const run = runOverlay(['index', v, '--data-dir', join(v, 'Travel', 'Kyoto.md', 'data')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^overlay: cannot write the index folder .*Kyoto\.md\/data \(ENOTDIR\); choose another with --data-dir\n$/,
    );
  });

  it('unknown command, unknown embedder, missing arguments', () => {
    const unknown = runOverlay(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*Usage: overlay <command>/);
    const noArgs = runOverlay([]);
    expect(noArgs.code).toBe(2);
    const v = vault();
    const emb = runOverlay(['index', v, '--embedder', 'magic']);
    expect(emb.code).toBe(2);
    expect(emb.stderr).toMatch(/unknown embedder "magic"/);
    const missing = runOverlay(['related', v]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing <note>/);
    const offlineModel = runOverlay(['index', v, '--embedder', 'transformers:Nobody/none', '--offline']);
    expect(offlineModel.code).toBe(2);
    expect(offlineModel.stderr).toMatch(/downloads are off/);
    for (const r of [unknown, noArgs, emb, missing, offlineModel]) expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
