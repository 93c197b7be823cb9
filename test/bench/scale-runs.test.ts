import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareScaleVault } from '../../src/bench/scale-bench';
import { scaleIndexRun, scaleQueryRun } from '../../src/bench/scale-runs';

// The scale benchmark's steps on a small generated vault, in this process: every measured part is there, and the
// start as `serve` does it (open, start-up sync with its warm-up, then a question) is measured apart from open.
describe('scale benchmark steps', () => {
  const work = mkdtempSync(join(tmpdir(), 'overlay-scale-runs-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('indexes, then measures the query session, the re-open and the start as serve does it', async () => {
    const { vault, questions } = await prepareScaleVault(work, 60);
    const dataDir = join(work, 'index');
    const cold = await scaleIndexRun(vault, dataDir);
    expect(cold.notes).toBeGreaterThanOrEqual(60);
    expect(cold.chunks).toBeGreaterThan(cold.notes);
    // A plain note (the generator's special folders hold logs, drawings and hostile notes).
    const topic = readdirSync(vault)
      .sort()
      .find((d) => !['Inbox', 'Drawings', 'Logs', 'Maps'].includes(d))!;
    const note = readdirSync(join(vault, topic)).find((f) => f.endsWith('.md') && !f.endsWith('overview.md'))!;
    const q = await scaleQueryRun(vault, dataDir, questions, `${topic}/${note}`);
    expect(q.chunks).toBe(cold.chunks);
    expect(q.ask.n).toBeGreaterThan(3);
    expect(q.recallAt10).toBeGreaterThan(0.9);
    expect(q.editToSearchableMs).toBeGreaterThan(0);
    for (const t of [q.open, q.firstAsk, q.reopen.open, q.reopen.firstAsk]) expect(t.cpuMs).toBeGreaterThan(0);
    const serve = q.serveStart!;
    expect(serve.open.cpuMs).toBeGreaterThan(0);
    // The start-up syncs (nothing to do but check every note) and runs one retrieval before `ready`.
    expect(serve.startUp.cpuMs).toBeGreaterThan(0);
    expect(serve.firstAsk.cpuMs).toBeGreaterThan(0);
  }, 120_000);
});
