// Retrieval metrics of `overlay bench`: note-level Recall@k (a gold note among the first k distinct notes),
// MRR, and gold coverage inside the bounded context (any gold note / every gold note has a chunk in it).
import type { QaItem } from './qa-set';

/** What one question's retrieval produced. */
export interface QuestionOutcome {
  item: QaItem;
  /** Distinct notes, best first. */
  ranking: string[];
  /** Notes with at least one chunk in the bounded context. */
  contextNotes: string[];
  contextTokens: number;
}

/** Aggregated metrics for a set of outcomes. */
export interface MetricSet {
  n: number;
  recallAtK: number;
  mrr: number;
  coverageAny: number;
  coverageAll: number;
  avgContextTokens: number;
}

/** Full bench report (the `overlay bench --json` object). */
export interface BenchReport extends MetricSet {
  k: number;
  budget: number;
  retriever: string;
  fullTokens: number;
  byKind: Record<string, MetricSet>;
  questions: { id: string; kind: string; firstGoldRank: number | null; coverage: number; contextTokens: number }[];
}

function norm(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
}

/** Rank (1-based) of the first gold note in the ranking, or null. */
export function firstGoldRank(o: QuestionOutcome): number | null {
  const gold = new Set(o.item.gold.map(norm));
  const i = o.ranking.findIndex((n) => gold.has(norm(n)));
  return i < 0 ? null : i + 1;
}

/** Share of gold notes present in the bounded context. */
export function goldCoverage(o: QuestionOutcome): number {
  const ctx = new Set(o.contextNotes.map(norm));
  return o.item.gold.filter((g) => ctx.has(norm(g))).length / o.item.gold.length;
}

/** Metrics over outcomes at cut-off k. */
export function computeMetrics(outcomes: readonly QuestionOutcome[], k: number): MetricSet {
  const n = outcomes.length;
  if (n === 0) return { n: 0, recallAtK: 0, mrr: 0, coverageAny: 0, coverageAll: 0, avgContextTokens: 0 };
  let recall = 0;
  let mrr = 0;
  let any = 0;
  let all = 0;
  let tokens = 0;
  for (const o of outcomes) {
    const r = firstGoldRank(o);
    if (r !== null && r <= k) recall++;
    if (r !== null) mrr += 1 / r;
    const cov = goldCoverage(o);
    if (cov > 0) any++;
    if (cov === 1) all++;
    tokens += o.contextTokens;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n,
    recallAtK: round(recall / n),
    mrr: round(mrr / n),
    coverageAny: round(any / n),
    coverageAll: round(all / n),
    avgContextTokens: Math.round(tokens / n),
  };
}

/** The bench report: overall and per kind of question. */
export function benchReport(
  outcomes: readonly QuestionOutcome[],
  opts: { k: number; budget: number; retriever: string; fullTokens: number },
): BenchReport {
  const kinds = new Map<string, QuestionOutcome[]>();
  for (const o of outcomes) {
    const kind = o.item.kind ?? 'unspecified';
    const arr = kinds.get(kind);
    if (arr) arr.push(o);
    else kinds.set(kind, [o]);
  }
  const byKind: Record<string, MetricSet> = {};
  for (const [kind, list] of [...kinds.entries()].sort()) byKind[kind] = computeMetrics(list, opts.k);
  return {
    ...computeMetrics(outcomes, opts.k),
    k: opts.k,
    budget: opts.budget,
    retriever: opts.retriever,
    fullTokens: opts.fullTokens,
    byKind,
    questions: outcomes.map((o) => ({
      id: o.item.id,
      kind: o.item.kind ?? 'unspecified',
      firstGoldRank: firstGoldRank(o),
      coverage: Math.round(goldCoverage(o) * 1000) / 1000,
      contextTokens: o.contextTokens,
    })),
  };
}
