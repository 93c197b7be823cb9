// `overlay ask --rank-llm` end to end: the CLI bundle against a real chat-completions server on 127.0.0.1 that
// ranks (or fails to rank) the candidate list, and `--json` errors as one JSON object on stdout.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runOverlay, runOverlayAsync, useIndexedVault } from './index-helpers';
import { FakeChatServer, type ReceivedRequest } from '../engine/llm/fake-chat-server';
import { RANK_INSTRUCTION } from '../../src/core/retrieval/llm-ranker';

const fixture = useIndexedVault({ beforeAll, afterAll });
let vault = '';
let dataDir = '';
beforeAll(() => ({ vault, dataDir } = fixture));
const QUESTION = 'Why does a long conversation with an LLM get more expensive every turn?';

/** What the fake model replies to a ranking request; answers cite the first label as usual. */
let rankReply = 'c3, c1';
const isRanking = (req: ReceivedRequest) => req.body?.messages?.[0]?.content === RANK_INSTRUCTION;
const server = new FakeChatServer({
  models: ['tiny'],
  answer: (req) => {
    if (isRanking(req)) return rankReply;
    const user = req.body?.messages?.find((m) => m.role === 'user')?.content ?? '';
    return `It grows with the history ${/\[\[[^\]]+\]\]/.exec(user)?.[0] ?? ''}.`;
  },
});
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

/** The candidate line with id `id` in the last ranking request. */
function candidateLine(id: string): string {
  const req = server.chatRequests.filter(isRanking).at(-1)!;
  return req.body!.messages![1]!.content.split('\n').find((l) => l.startsWith(`${id} | `))!;
}

describe('overlay bench --rank-llm', () => {
  it('measures retrieval with a model ranking every question and says how often its order was followed', async () => {
    rankReply = 'c2, c1';
    const qa = join(REPO, 'examples', 'vault.qa.jsonl');
    const r = await runOverlayAsync([
      'bench',
      vault,
      qa,
      '--data-dir',
      dataDir,
      '--json',
      '--llm',
      server.baseUrl,
      '--model',
      'tiny',
      '--rank-llm',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.n).toBeGreaterThan(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `LLM ranker \\(hybrid\\+graph\\): order followed for ${report.n} of ${report.n} questions, \\d+ prompt tokens per question`,
      ),
    );
    const noRank = runOverlay(['bench', vault, qa, '--data-dir', dataDir, '--llm', server.baseUrl, '--model', 'tiny']);
    expect(noRank.code).toBe(2);
    expect(noRank.stderr).toMatch(/--llm is used only with --rank-llm/);
  });
});

describe('overlay ask --rank-llm', () => {
  it('sends a compact candidate list, packs the chosen passages first, and counts the ranker in the saving', async () => {
    rankReply = 'c3, c1';
    const r = await runOverlayAsync([
      'ask',
      vault,
      QUESTION,
      '--data-dir',
      dataDir,
      '--json',
      '--llm',
      server.baseUrl,
      '--model',
      'tiny',
      '--rank-llm',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ranking).toMatchObject({ status: 'ranked', model: 'tiny', unknown: [] });
    expect(out.ranking.chosen).toHaveLength(2);
    expect(out.ranking.candidates).toBeGreaterThanOrEqual(2);
    // The ranking request is a list of "cN | Note › Heading | opening words", not the passages themselves.
    const req = server.chatRequests.filter(isRanking).at(-1)!;
    const lines = req.body!.messages![1]!.content.split('\n').filter((l) => /^c\d+ \| /.test(l));
    expect(lines).toHaveLength(out.ranking.candidates);
    expect(candidateLine('c3').split(' | ')).toHaveLength(3);
    // The model's first choice is packed and ranked first among the notes of the context.
    const ids = out.context.chunks.map((c: { id: string }) => c.id);
    expect(ids).toContain(out.ranking.chosen[0]);
    expect(ids).toContain(out.ranking.chosen[1]);
    const first = out.context.chunks.find((c: { id: string }) => c.id === out.ranking.chosen[0]);
    expect(out.context.chunks[0].note).toBe(first.note);
    // Its prompt is part of the bounded cost: the saving is the whole vault minus both prompts.
    expect(out.ranking.promptTokens).toBeGreaterThan(100);
    expect(out.saving.tokens).toBe(out.full.tokens - out.answer.promptTokens - out.ranking.promptTokens);
    expect(out.saving.ratio).toBeCloseTo(out.full.tokens / (out.answer.promptTokens + out.ranking.promptTokens), 6);
  });

  it('says in text mode what the ranker chose and what it cost', async () => {
    rankReply = 'c2';
    const r = await runOverlayAsync([
      'ask',
      vault,
      QUESTION,
      '--data-dir',
      dataDir,
      '--llm',
      server.baseUrl,
      '--model',
      'tiny',
      '--rank-llm',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Answer \(llm\):/);
    expect(r.stdout).toMatch(/\nRanking: tiny chose 1 passage of \d+ candidates; packing followed its order\.\n/);
    expect(r.stdout).toMatch(/\nSaving: [\d,]+ prompt tokens \([\d,]+ of them for the LLM ranker\) instead of/);
  });

  it("keeps the retriever's order on a reply it cannot use, and says so", async () => {
    const plain = JSON.parse(runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--json']).stdout);
    for (const reply of ['I would pick the passage about costs.', 'c98, c99', '']) {
      rankReply = reply;
      const r = await runOverlayAsync([
        'ask',
        vault,
        QUESTION,
        '--data-dir',
        dataDir,
        '--json',
        '--llm',
        server.baseUrl,
        '--model',
        'tiny',
        '--rank-llm',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.ranking.status).toBe('fallback');
      expect(out.ranking.reason).toMatch(/no candidate id|only unknown ids|empty/);
      expect(out.context.chunks.map((c: { id: string }) => c.id)).toEqual(
        plain.context.chunks.map((c: { id: string }) => c.id),
      );
    }
    rankReply = 'none of these';
    const text = await runOverlayAsync([
      'ask',
      vault,
      QUESTION,
      '--data-dir',
      dataDir,
      '--llm',
      server.baseUrl,
      '--model',
      'tiny',
      '--rank-llm',
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(
      /overlay: LLM ranker: tiny replied with no candidate id: “none of these”; the retriever's order was kept/,
    );
    expect(text.stdout).toMatch(/\nRanking: not used, the retriever's order was kept: /);
  });

  it('needs --llm; --json failures are one JSON object on stdout with a non-zero exit', () => {
    const text = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--rank-llm']);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/--rank-llm needs the model that ranks: give --llm URL and --model NAME/);
    const json = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--rank-llm', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'error', message: expect.stringMatching(/--rank-llm needs/), exitCode: 2 },
    });
    const badFlag = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--json', '--retriever', 'magic']);
    expect(badFlag.code).toBe(2);
    expect(JSON.parse(badFlag.stdout).error.message).toMatch(/--retriever must be one of/);
    const noVault = runOverlay(['ask', join(vault, 'missing'), QUESTION, '--json']);
    expect(noVault.code).not.toBe(0);
    expect(JSON.parse(noVault.stdout).error.code).toMatch(/vault-missing|error/);
  });
});
