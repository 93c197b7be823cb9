import { describe, expect, it } from 'vitest';
import type { BenchRun, VectorSearchResult } from '../../src/bench/report';
import { fmtBytes, fmtInt, fmtMs, renderMarkdown } from '../../src/bench/report-markdown';
import { TEST_MACHINE } from './test-machine';

const s = (median: number) => ({ n: 10, median, min: median / 2, p90: median * 2, max: median * 3 });

const synthetic: VectorSearchResult = {
  source: 'synthetic: 50,000 low-rank vectors',
  vectors: 50_000,
  dims: 384,
  queries: 200,
  queryNote: '200 held-out vectors',
  hnswParams: { m: 16, efConstruction: 200 },
  buildMs: 61_000,
  exact: { buildMs: 900, latencyMs: s(20) },
  hnsw: [
    { ef: 64, recallAt10: 0.9, latencyMs: s(0.4) },
    { ef: 128, recallAt10: 0.975, latencyMs: s(0.8) },
  ],
};

function run(over: Partial<BenchRun> = {}): BenchRun {
  return {
    schema: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:05:00.000Z',
    durationMs: 300_000,
    quick: false,
    runs: 5,
    machine: TEST_MACHINE,
    loadAvgEnd: [4, 5, 6],
    vaults: [],
    skipped: [{ name: 'shared/x', path: '/s/x', reason: 'vault folder not found: /s/x' }],
    synthetic: { result: synthetic, spec: { n: 50_000, queries: 200, dims: 384, latent: 16, noise: 0.5, seed: 1 } },
    ...over,
  };
}

describe('report markdown', () => {
  it('formats times, sizes and counts for people', () => {
    expect(fmtMs(0.2144)).toBe('0.214 ms');
    expect(fmtMs(12.34)).toBe('12.3 ms');
    expect(fmtMs(850.4)).toBe('850 ms');
    expect(fmtMs(1234)).toBe('1.23 s');
    expect(fmtMs(18_240)).toBe('18.2 s');
    expect(fmtBytes(512 * 1024)).toBe('512.0 KiB');
    expect(fmtBytes(3.5 * 2 ** 20)).toBe('3.5 MiB');
    expect(fmtInt(1234567.4)).toBe('1,234,567');
  });

  it('shows the machine, what was not measured, and the synthetic point with a sentence on what it means', () => {
    const md = renderMarkdown(run());
    expect(md).toContain('| CPU | Test CPU × 2 |');
    expect(md).toContain('| load average at start (1 / 5 / 15 min) | 1 / 2 / 3 |');
    expect(md).toContain('**Not measured: shared/x** — vault folder not found: /s/x.');
    expect(md).toContain('No vault could be measured.');
    expect(md).toContain('| HNSW ef 128 (engine) | 0.9750 | 0.800 ms | 1.6 ms | 0.400 ms |');
    expect(md).toContain('| exact scan | 1.0000 | 20.0 ms | 40.0 ms | 10.0 ms |');
    expect(md).toContain('At ef 128 HNSW finds 97.5 % of the exact top-10 and is 25.0× faster than the exact scan');
  });

  it('says when the synthetic point was skipped', () => {
    const md = renderMarkdown(run({ quick: true, synthetic: { skipped: 'quick run (--quick)' } }));
    expect(md).toContain('quick run (`--quick`');
    expect(md).not.toContain('## 2.');
  });
});
