// Second-stage ranking on both shared development sets, measured as `overlay bench` measures retrieval (Recall@5,
// MRR, coverage at a 3,000-token budget): the retriever alone and with the LLM ranker driven by deterministic fake
// models. (A local re-ranker without a model was measured here too and dropped: docs/answers.md.) The fakes measure the pipeline, not a model's quality:
// - `oracle` picks exactly the candidates from gold notes: the ceiling a perfect ranker could reach with the
//   candidate list it is shown (and what following its order does to packing);
// - `list-overlap` ranks by the question's words in each candidate line, the only text a model sees;
// - `prose` replies with words and no id: the retriever's order must stay, exactly.
// The figures are printed for docs/answers.md.
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatModel } from '../../../src/core/answer/chat-model';
import { contentTerms } from '../../../src/core/answer/terms';
import { benchReport, type QuestionOutcome } from '../../../src/core/eval/metrics';
import type { QaItem } from '../../../src/core/eval/qa-set';
import {
  DEFAULT_RANK_CANDIDATES,
  rankCandidates,
  rankWithLlm,
  type LlmRanking,
} from '../../../src/core/retrieval/llm-ranker';
import type { RankedChunk } from '../../../src/core/retrieval/pack';
import { notesByChunks, packCandidates, retrieve, type RetrieverOptions } from '../../../src/core/retrieval/retriever';
import { DEV_SETS, devSetsPresent, loadDevSet } from '../eval/shared-dev-sets';

const present = devSetsPresent('the ranking measurements');
const BUDGET = 3000;

/** A fake model that answers every request with `reply(candidates)`. */
function fakeRanker(
  name: string,
  reply: (cands: ReturnType<typeof rankCandidates>, prompt: string) => string,
  ordered: () => RankedChunk[],
): ChatModel {
  return {
    name,
    async complete(messages: ChatMessage[]) {
      const shown = ordered();
      return {
        ok: true as const,
        value: { text: reply(rankCandidates(shown, shown.length), messages[1]!.content), truncated: false },
      };
    },
  };
}

type Src = Awaited<ReturnType<typeof loadDevSet>>['src'];

// Every row ranks the same retrieval of the same question (that is the comparison), so each question is retrieved
// once per source and options, and the rows differ only in what the ranker does with the result.
const retrieved = new WeakMap<Src, Map<string, ReturnType<typeof retrieve>>>();
function retrieveOnce(
  question: string,
  src: Src,
  opts: Partial<RetrieverOptions> & { budget: number },
): ReturnType<typeof retrieve> {
  const bySrc = retrieved.get(src) ?? new Map<string, ReturnType<typeof retrieve>>();
  retrieved.set(src, bySrc);
  const key = JSON.stringify([question, opts]);
  if (!bySrc.has(key)) bySrc.set(key, retrieve(question, src, opts));
  return bySrc.get(key)!;
}

async function measure(
  src: Src,
  items: readonly QaItem[],
  opts: Partial<RetrieverOptions>,
  ranker?: (item: QaItem, ordered: () => RankedChunk[]) => ChatModel,
  candidates = DEFAULT_RANK_CANDIDATES,
) {
  const outcomes: QuestionOutcome[] = [];
  const rankings: LlmRanking[] = [];
  for (const item of items) {
    const r = await retrieveOnce(item.question, src, { budget: BUDGET, ...opts });
    let context = r.context;
    let notes = r.notes;
    if (ranker) {
      const ranked = await rankWithLlm(
        item.question,
        r.ordered,
        ranker(item, () => r.ordered.slice(0, candidates)),
        { candidates },
      );
      rankings.push(ranked.ranking);
      if (ranked.ranking.status === 'ranked') {
        context = packCandidates(ranked.order, src, { budget: BUDGET });
        notes = notesByChunks(ranked.order, notes);
      }
    }
    expect(context.tokens).toBeLessThanOrEqual(BUDGET);
    outcomes.push({
      item,
      ranking: notes.map((n) => n.note),
      contextNotes: [...new Set(context.chunks.map((c) => c.note))],
      contextTokens: context.tokens,
    });
  }
  const m = benchReport(outcomes, { k: 5, budget: BUDGET, retriever: 'hybrid+graph', fullTokens: src.fullTokens });
  const mean = (f: (r: LlmRanking) => number) =>
    rankings.length ? Math.round(rankings.reduce((s, r) => s + f(r), 0) / rankings.length) : 0;
  return {
    recallAt5: m.recallAtK,
    mrr: m.mrr,
    coverageAny: m.coverageAny,
    coverageAll: m.coverageAll,
    ...(ranker
      ? {
          rankerPromptTokens: mean((r) => r.promptTokens),
          followed: rankings.filter((r) => r.status === 'ranked').length,
        }
      : {}),
  };
}

const oracle = (item: QaItem, ordered: () => RankedChunk[]) =>
  fakeRanker(
    'oracle',
    (cands) => {
      const ids = cands.filter((c) => item.gold.includes(c.chunk.chunk.note)).map((c) => c.id);
      return ids.length > 0 ? ids.join(', ') : 'none';
    },
    ordered,
  );

const listOverlap = (item: QaItem, ordered: () => RankedChunk[]) =>
  fakeRanker(
    'list-overlap',
    (cands) => {
      const q = new Set(contentTerms(item.question));
      const scored = cands.map((c, i) => ({
        id: c.id,
        i,
        s:
          new Set(contentTerms(c.line)).size === 0
            ? 0
            : contentTerms(c.line).filter((t, k, a) => q.has(t) && a.indexOf(t) === k).length,
      }));
      return (
        scored
          .filter((x) => x.s > 0)
          .sort((a, b) => b.s - a.s || a.i - b.i)
          .slice(0, 8)
          .map((x) => x.id)
          .join(', ') || 'none'
      );
    },
    ordered,
  );

const prose = (_item: QaItem, ordered: () => RankedChunk[]) =>
  fakeRanker('prose', () => 'The second passage looks most relevant to me.', ordered);

describe.skipIf(!present)('second-stage ranking on the shared development sets', () => {
  for (const name of DEV_SETS) {
    it(`${name}: retriever, retriever alone and with the LLM ranker driven by fake models`, async () => {
      const { src, items } = await loadDevSet(name);
      const rows: Record<string, unknown> = {};
      rows['retriever'] = await measure(src, items, {});
      for (const n of [20, 30, 40])
        if (n !== DEFAULT_RANK_CANDIDATES)
          rows[`LLM ranker: oracle fake, ${n} candidates`] = await measure(src, items, {}, oracle, n);
      rows['LLM ranker: oracle fake'] = await measure(src, items, {}, oracle);
      rows['LLM ranker: list-overlap fake'] = await measure(src, items, {}, listOverlap);
      rows['LLM ranker: prose fake'] = await measure(src, items, {}, prose);
      console.log(
        `ranking ${name}:\n${Object.entries(rows)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
          .join('\n')}`,
      );
      const base = rows['retriever'] as Awaited<ReturnType<typeof measure>>;
      const bad = rows['LLM ranker: prose fake'] as Awaited<ReturnType<typeof measure>>;
      const best = rows['LLM ranker: oracle fake'] as Awaited<ReturnType<typeof measure>>;
      // An unusable reply changes nothing; a perfect choice among the candidates never loses coverage.
      expect({ ...bad, rankerPromptTokens: 0, followed: 0 }).toEqual({ ...base, rankerPromptTokens: 0, followed: 0 });
      expect(best.coverageAll).toBeGreaterThanOrEqual(base.coverageAll);
      expect(best.mrr).toBeGreaterThanOrEqual(base.mrr);
      // The compact list stays well under the context budget.
      expect(best.rankerPromptTokens!).toBeLessThan(BUDGET / 2);
    }, 600_000);
  }
});
