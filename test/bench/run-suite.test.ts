// End to end on a tiny vault, in-process: every section runs on the real engine. No timing is asserted (speed
// belongs to the benchmark itself); the test checks what each section must find and that nothing is written
// into the measured vault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inProcessRunners } from '../../src/bench/index-runs';
import type { BenchRun } from '../../src/bench/report';
import { renderMarkdown } from '../../src/bench/report-markdown';
import { runSuite, writeReports } from '../../src/bench/run-suite';
import { defaultVaults } from '../../src/bench/vault-bench';
import { removeTemp, tempDir } from '../../src/bench/temp-files';
import { makeVault, SAMPLE_NOTES, snapshot } from '../engine/temp-vault';

const QA = [
  {
    id: 'q1',
    question: 'How often should tomatoes be watered and how much sun do they need?',
    gold: ['Gardening/Tomatoes.md'],
    kind: 'detail',
  },
  { id: 'q2', question: 'What does the borrow checker enforce?', gold: ['Code/Rust ownership.md'], kind: 'keyword' },
  { id: 'q3', question: 'How do I get from Osaka to the temples?', gold: ['Travel/Kyoto.md'], kind: 'paraphrase' },
];

let vault: string;
let out: string;
let run: BenchRun;
let failures: number;
let before: Map<string, string>;
const logs: string[] = [];

beforeAll(async () => {
  vault = makeVault();
  out = await tempDir();
  writeFileSync(join(out, 'tiny.qa.jsonl'), QA.map((q) => JSON.stringify(q)).join('\n'));
  before = snapshot(vault);
  ({ run, failures } = await runSuite({
    vaults: [
      { name: 'tiny', path: vault, qaPath: join(out, 'tiny.qa.jsonl') },
      { name: 'absent', path: join(out, 'no-such-vault'), qaPath: join(out, 'no.qa.jsonl') },
    ],
    quick: true,
    runs: 2,
    runners: inProcessRunners,
    log: (m) => logs.push(m),
    leftOut: [{ name: 'big', path: '/x', reason: 'left out by --quick' }],
  }));
}, 240_000);

afterAll(async () => {
  await removeTemp(vault);
  await removeTemp(out);
});

describe('bench suite on a tiny vault', () => {
  it('lists the missing and left-out vaults as not measured, and measures the present one', () => {
    expect(failures).toBe(0);
    expect(run.vaults.map((v) => v.name)).toEqual(['tiny']);
    expect(run.skipped).toEqual([
      { name: 'big', path: '/x', reason: 'left out by --quick' },
      {
        name: 'absent',
        path: join(out, 'no-such-vault'),
        reason: `vault folder not found: ${join(out, 'no-such-vault')}`,
      },
    ]);
    expect(run.synthetic).toEqual({ skipped: 'quick run (--quick)' });
    expect(run.machine.cpus).toBeGreaterThan(0);
  });

  it('indexes cold twice, then re-syncs without embedding and re-embeds only the edited note', () => {
    const ix = run.vaults[0]!.indexing;
    expect(ix.notes).toBe(6);
    expect(ix.cold.runs).toHaveLength(2);
    for (const r of ix.cold.runs) expect(r).toMatchObject({ notes: 6, chunks: ix.chunks, embedded: ix.chunks });
    expect(ix.cold.maxRss).toBeGreaterThan(0);
    expect(ix.warm.embedded).toEqual([0, 0]);
    expect(ix.incremental.note).toBe('Gardening/Tomatoes.md');
    for (const n of ix.incremental.embedded) expect(n).toBeGreaterThanOrEqual(1);
    expect(ix.open.runs.map((r) => r.chunks)).toEqual([ix.chunks, ix.chunks]);
    expect(ix.indexBytes).toBeGreaterThan(0);
    // The edited note was put back: the vault copy has its original size again.
    expect(ix.vaultBytes).toBe(Object.values(SAMPLE_NOTES).reduce((n, t) => n + Buffer.byteLength(t), 0));
  });

  it('never writes into the measured vault', () => {
    expect(snapshot(vault)).toEqual(before);
  });

  it('measures HNSW against exact on the real chunk vectors with questions and chunks as queries', () => {
    const v = run.vaults[0]!.vectors;
    expect(v.vectors).toBe(run.vaults[0]!.indexing.chunks);
    expect(v.queries).toBe(3 + v.vectors);
    // A handful of vectors: every beam width finds the exact top-10.
    for (const p of v.hnsw) expect(p.recallAt10).toBe(1);
  });

  it('times every retriever mode and related(), and scores quality per mode', () => {
    const r = run.vaults[0]!;
    expect(r.latency.modes.map((m) => m.mode)).toEqual(['bm25', 'dense', 'hybrid', 'hybrid+graph']);
    for (const m of r.latency.modes) expect(m.ms.n).toBe(3);
    expect(r.latency.related.notes).toBe(6);
    expect(r.quality.reports.map((q) => q.retriever)).toEqual(['bm25', 'dense', 'hybrid', 'hybrid+graph']);
    expect(r.quality.reports.find((q) => q.retriever === 'bm25')!.recallAtK).toBe(1);
    expect(r.quality.table).toContain('| **hybrid+graph** | 3 |');
  });

  it('reports the bounded context against the whole vault', () => {
    const t = run.vaults[0]!.tokens;
    expect(t.mode).toBe('hybrid+graph');
    expect(t.fullVaultTokens).toBeGreaterThan(0);
    expect(t.contextTokens.median).toBeGreaterThan(0);
    // On a vault this small the context holds everything, plus headings and citations, so no ratio bound here.
    expect(t.contextTokens.max).toBeLessThanOrEqual(t.budget);
    expect(t.ratio).toBeCloseTo(t.fullVaultTokens / t.contextTokens.median, 1);
  });

  it('writes the JSON and Markdown reports, timestamped and as latest', async () => {
    const paths = await writeReports(run, join(out, 'results'));
    expect(paths.json).toMatch(/bench-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
    expect(JSON.parse(readFileSync(join(out, 'results', 'latest.json'), 'utf8'))).toEqual(run);
    const md = readFileSync(join(out, 'results', 'latest.md'), 'utf8');
    expect(md).toBe(renderMarkdown(run));
    expect(readFileSync(paths.md, 'utf8')).toBe(md);
    for (const h of [
      '## 1. Indexing',
      '## 2. HNSW against the exact scan',
      '## 3. Query latency',
      '## 4. Retrieval quality',
      '## 5. Token saving',
    ]) {
      expect(md).toContain(h);
    }
    expect(md).toContain('**Not measured: absent** — vault folder not found');
    expect(md).toContain('Synthetic scale point not measured: quick run (--quick).');
    expect(md).toContain('embedded 0, 0');
  });

  it('calls out a warm re-run that embedded anything, with the engine reason', () => {
    const bad = structuredClone(run);
    bad.vaults[0]!.indexing.warm = {
      ...bad.vaults[0]!.indexing.warm,
      embedded: [12, 0],
      rebuilt: ['embedder changed'],
    };
    const md = renderMarkdown(bad);
    expect(md).toContain(
      '**re-syncing the unchanged vault embedded 12/0 chunks where 0 were expected** (the engine said: embedder changed).',
    );
    expect(renderMarkdown(run)).toContain('embedding nothing');
  });

  it('printed progress for every section', () => {
    const text = logs.join('\n');
    for (const s of [
      'cold index 1/2',
      'open 2/2',
      'warm re-run',
      'incremental',
      'ef 128',
      'ask latency hybrid+graph',
      'related()',
      'quality bm25',
    ]) {
      expect(text).toContain(s);
    }
  });
});

describe('default vaults', () => {
  it('are the example vault and the shared vault beside the repository', () => {
    expect(defaultVaults('/w/main')).toEqual([
      { name: 'examples/vault', path: '/w/main/examples/vault', qaPath: '/w/main/examples/vault.qa.jsonl' },
      {
        name: 'shared/obsidian-developer-docs',
        path: '/w/shared/vaults/obsidian-developer-docs',
        qaPath: '/w/shared/vaults/obsidian-developer-docs.qa.jsonl',
      },
    ]);
  });
});
