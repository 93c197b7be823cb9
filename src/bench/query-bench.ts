// Sections 3–5 on an open engine: askVault latency per retriever mode and related() latency; retrieval quality
// through runBench/benchTable (the same code as `overlay bench`); and the bounded context's size against the
// whole vault.
import type { Engine, RetrievalView } from '../engine/engine';
import { askVault } from '../engine/ask';
import { runBench } from '../engine/run-bench';
import { benchTable } from '../core/eval/bench-table';
import type { QaItem } from '../core/eval/qa-set';
import type { BenchReport } from '../core/eval/metrics';
import { RETRIEVER_MODES, type RetrieverMode } from '../core/retrieval/source';
import { sampleIndices } from './low-rank';
import type { ModeLatency, TokenSaving, VaultResult } from './report';
import { median, roundSummary, summarize } from './stats';

/** Retriever mode whose context the token-saving section reports (the product's default). */
export const DEFAULT_MODE: RetrieverMode = 'hybrid+graph';

/** Options of the query sections. */
export interface QueryBenchOptions {
  budget: number;
  k: number;
  /** Timed repetitions of each question (and each related() call). */
  reps: number;
  /** Notes whose related() is timed (a seeded sample of the vault). */
  relatedNotes: number;
  seed: number;
  log?: (msg: string) => void;
}

/** Sections 3 and 5: latency per mode (per-question medians over `reps`), and the token saving of DEFAULT_MODE. */
export async function benchLatency(
  view: RetrievalView,
  items: readonly QaItem[],
  o: QueryBenchOptions,
): Promise<{ modes: ModeLatency[]; tokens: TokenSaving }> {
  if (items.length === 0) throw new Error('query-bench: no questions');
  const log = o.log ?? (() => undefined);
  const modes: ModeLatency[] = [];
  let tokens: TokenSaving | undefined;
  for (const mode of RETRIEVER_MODES) {
    const opts = { budget: o.budget, retriever: { mode }, noAnswer: true } as const;
    await askVault(view, items[0]!.question, opts); // warm-up: graph, query weights, JIT
    const perQuestion: number[] = [];
    const context: number[] = [];
    const prompt: number[] = [];
    const fullPrompt: number[] = [];
    const fullWh: number[] = [];
    const boundedWh: number[] = [];
    let model = '';
    let hardware = '';
    for (const item of items) {
      const times: number[] = [];
      for (let r = 0; r < o.reps; r++) {
        const t = performance.now();
        const res = await askVault(view, item.question, opts);
        times.push(performance.now() - t);
        if (r === 0) {
          context.push(res.context.tokens);
          prompt.push(res.prompt.tokens);
          fullPrompt.push(res.full.tokens);
          if (res.saving) {
            fullWh.push(res.saving.energyWh.full);
            boundedWh.push(res.saving.energyWh.bounded);
            model = res.saving.model;
            hardware = res.saving.hardware;
          }
        }
      }
      perQuestion.push(median(times));
    }
    const ms = roundSummary(summarize(perQuestion), 1);
    log(`ask latency ${mode}: median ${ms.median} ms, p90 ${ms.p90} ms`);
    modes.push({ mode, ms });
    if (mode === DEFAULT_MODE) {
      const ctx = summarize(context);
      tokens = {
        mode,
        budget: o.budget,
        fullVaultTokens: view.fullTokens,
        contextTokens: roundSummary(ctx, 0),
        promptTokens: roundSummary(summarize(prompt), 0),
        fullPromptTokens: Math.round(median(fullPrompt)),
        ratio: Math.round((view.fullTokens / Math.max(1, ctx.median)) * 10) / 10,
        energyWh: fullWh.length > 0 ? { full: sig(median(fullWh)), bounded: sig(median(boundedWh)) } : null,
        model,
        hardware,
      };
    }
  }
  if (!tokens) throw new Error(`query-bench: mode ${DEFAULT_MODE} is not among the retriever modes`);
  return { modes, tokens };
}

/** related() latency over a seeded sample of notes (per-note medians over `reps`). */
export async function benchRelated(
  engine: Engine,
  o: QueryBenchOptions & { relatedK: number },
): Promise<VaultResult['latency']['related']> {
  const paths = [...engine.view().notes.keys()].sort();
  const picked = sampleIndices(paths.length, o.relatedNotes, o.seed).map((i) => paths[i]!);
  if (picked.length === 0) throw new Error('query-bench: no notes for related()');
  await engine.related(picked[0]!, o.relatedK); // warm-up
  const perNote: number[] = [];
  for (const note of picked) {
    const times: number[] = [];
    for (let r = 0; r < o.reps; r++) {
      const t = performance.now();
      await engine.related(note, o.relatedK);
      times.push(performance.now() - t);
    }
    perNote.push(median(times));
  }
  const ms = roundSummary(summarize(perNote), 2);
  o.log?.(`related(): median ${ms.median} ms over ${picked.length} notes`);
  return { k: o.relatedK, notes: picked.length, ms };
}

/** Section 4: runBench for every retriever mode, and the Markdown table. */
export async function benchQuality(
  view: RetrievalView,
  items: readonly QaItem[],
  o: Pick<QueryBenchOptions, 'budget' | 'k' | 'log'>,
): Promise<VaultResult['quality']> {
  const reports: BenchReport[] = [];
  for (const mode of RETRIEVER_MODES) {
    const r = await runBench(view, items, { mode, k: o.k, budget: o.budget });
    o.log?.(`quality ${mode}: Recall@${o.k} ${r.recallAtK.toFixed(3)}, MRR ${r.mrr.toFixed(3)}`);
    reports.push(r);
  }
  return { k: o.k, budget: o.budget, reports, table: benchTable(reports) };
}

/** Rounds to 3 significant digits (energy figures span many orders of magnitude). */
function sig(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(3));
}
