// One bench run: every question of a set through one retriever mode over an open engine's view, scored against its
// gold notes. Shared by `overlay bench` and the benchmark suite (src/bench), so both measure the same thing.
import { askVault } from './ask';
import type { RetrievalView } from './engine';
import type { QaItem } from '../core/eval/qa-set';
import { benchReport, type BenchReport, type QuestionOutcome } from '../core/eval/metrics';
import type { RetrieverMode } from '../core/retrieval/source';
import type { ChatModel } from '../core/answer/chat-model';

/** What the LLM ranker did over a bench run. */
export interface RankerSummary {
  questions: number;
  followed: number;
  meanPromptTokens: number;
  /** Distinct fallback reasons with their counts. */
  fallbacks: Record<string, number>;
}

/** Runs every question through one retriever mode (and the LLM ranker, when given). */
export async function runBench(
  view: RetrievalView,
  items: readonly QaItem[],
  opts: { mode: RetrieverMode; k: number; budget: number; ranker?: ChatModel | null },
  summary?: RankerSummary,
): Promise<BenchReport> {
  const outcomes: QuestionOutcome[] = [];
  for (const item of items) {
    const r = await askVault(view, item.question, {
      budget: opts.budget,
      retriever: { mode: opts.mode },
      noAnswer: true,
      ...(opts.ranker ? { ranker: opts.ranker } : {}),
    });
    if (summary && r.ranking) {
      summary.meanPromptTokens =
        (summary.meanPromptTokens * summary.questions + r.ranking.promptTokens) / (summary.questions + 1);
      summary.questions++;
      if (r.ranking.status === 'ranked') summary.followed++;
      else {
        const why = (r.ranking.reason ?? 'unknown').replace(/: .*$/, '');
        summary.fallbacks[why] = (summary.fallbacks[why] ?? 0) + 1;
      }
    }
    outcomes.push({
      item,
      ranking: r.notes.map((n) => n.note),
      contextNotes: [...new Set(r.context.chunks.map((c) => c.note))],
      contextTokens: r.context.tokens,
    });
  }
  return benchReport(outcomes, { k: opts.k, budget: opts.budget, retriever: opts.mode, fullTokens: view.fullTokens });
}
