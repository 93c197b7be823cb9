// `overlay bench` and `overlay demo` end to end on a copy of the example vault.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, REPO, runOverlay, testVault } from './index-helpers';
import { removeDir } from '../engine/temp-vault';

let vault = '';
let dataDir = '';
const QA = join(REPO, 'examples', 'vault.qa.jsonl');

beforeAll(() => {
  buildCli();
  vault = testVault();
  dataDir = `${vault}-data`;
});

afterAll(() => {
  removeDir(vault);
  removeDir(dataDir);
});

describe('overlay bench', () => {
  it('--json reports the metrics with the documented keys, per kind', () => {
    const r = runOverlay(['bench', vault, QA, '--data-dir', dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining([
        'n',
        'k',
        'budget',
        'recallAtK',
        'mrr',
        'coverageAny',
        'coverageAll',
        'avgContextTokens',
        'fullTokens',
        'byKind',
      ]),
    );
    expect(out.n).toBeGreaterThanOrEqual(20);
    expect(out.k).toBe(5);
    expect(out.budget).toBe(3000);
    expect(out.avgContextTokens).toBeLessThanOrEqual(3000);
    expect(out.fullTokens).toBeGreaterThan(out.avgContextTokens);
    expect(Object.keys(out.byKind)).toEqual(expect.arrayContaining(['paraphrase', 'keyword', 'detail', 'multi-hop']));
    // A working retriever finds most gold notes of its own example vault.
    expect(out.recallAtK).toBeGreaterThanOrEqual(0.7);
    expect(out.coverageAny).toBeGreaterThanOrEqual(out.coverageAll);
  });

  it('measures every retriever with --retriever all, as a table in text mode', () => {
    const json = runOverlay([
      'bench',
      vault,
      QA,
      '--data-dir',
      dataDir,
      '--json',
      '--retriever',
      'all',
      '--budget',
      '1500',
      '--k',
      '3',
    ]);
    expect(json.code, json.stderr).toBe(0);
    const reports = JSON.parse(json.stdout);
    expect(reports.map((x: { retriever: string }) => x.retriever)).toEqual(['bm25', 'dense', 'hybrid', 'hybrid+graph']);
    for (const rep of reports) {
      expect(rep.k).toBe(3);
      expect(rep.avgContextTokens).toBeLessThanOrEqual(1500);
    }
    const text = runOverlay(['bench', vault, QA, '--data-dir', dataDir, '--retriever', 'bm25,hybrid']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /\| retriever \/ kind \| n \| Recall@5 \| MRR \| coverage-any \| coverage-all \| context tokens \|/,
    );
    expect(text.stdout).toMatch(/\| \*\*hybrid\*\* \|/);
  });

  it('reports a bad question set clearly', () => {
    const bad = join(dataDir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"x","question":"ok?","gold":["a.md"]}\n{not json}\n');
    const r = runOverlay(['bench', vault, bad, '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2: not valid JSON/);
    const missing = runOverlay(['bench', vault, join(dataDir, 'nope.jsonl'), '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the question set/);
  });
});

describe('overlay demo', () => {
  it('indexes, asks, and shows the context, the answer, the saving and the conversation curve', () => {
    const r = runOverlay(['demo', vault, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. Indexing the vault/);
    expect(r.stdout).toMatch(/3\. Answer \(extractive\):\n {3}- /);
    expect(r.stdout).toMatch(/4\. Bounded context: [\d,]+ of 3,000 tokens/);
    expect(r.stdout).toMatch(/\[\[Long conversation cost curve/);
    expect(r.stdout.indexOf('3. Answer')).toBeLessThan(r.stdout.indexOf('4. Bounded context'));
    expect(r.stdout).toMatch(/5\. Saving: /);
    expect(r.stdout).toMatch(/minute\s+context tokens/);
    expect(r.stdout).toMatch(/not exponential/);
    // One energy model per screen: the question's saving and the conversation curve use the same one.
    expect(r.stdout).toMatch(/Energy estimate: Kimi-K2 \(1T MoE\) on NVIDIA H100 SXM 80GB/);
    expect(r.stdout).toMatch(/^Model {6}Kimi-K2 \(1T MoE\)/m);
    expect(r.stdout).not.toMatch(/Dense 1T|Llama-3\.1-70B/);
  });
});
