// `overlay bench <vault> <qa.jsonl>`: retrieval quality and context size over a question set, per retriever.
import { readFile } from 'node:fs/promises';
import { boolFlag, intFlag, stringFlag } from './args';
import { UserError, usageError, type CliIO, type CommandFn } from './cli-io';
import { checkVault, ENGINE_FLAGS_HELP, withSyncedEngine } from './index-command';
import { DEFAULT_BUDGET } from '../core/defaults';
import { runBench, type RankerSummary } from '../engine/run-bench';
import type { RetrievalView } from '../engine/engine';
import { parseQaJsonl, type QaItem } from '../core/eval/qa-set';
import type { BenchReport } from '../core/eval/metrics';
import { benchTable } from '../core/eval/bench-table';
import { RETRIEVER_MODES, type RetrieverMode } from '../core/retrieval/source';
import { chatFromFlags } from './ask-command';

/** Help of `overlay bench`. */
export const BENCH_HELP = `Usage: overlay bench <vault> <qa.jsonl> [options]

Measures retrieval over a question set. Each JSONL line: {"id", "question", "gold": [note paths relative to the
vault], "kind"?}. Metrics: Recall@k (a gold note among the first k distinct notes), MRR, coverage-any / coverage-all
(a gold note / every gold note has a chunk in the bounded context), mean context tokens, whole-vault tokens; per kind.

Options:
  --budget N           context token budget (default ${DEFAULT_BUDGET})
  --k N                Recall@k cut-off (default 5)
  --retriever M        ${RETRIEVER_MODES.join(' | ')} | all, or a comma list (default hybrid+graph)
  --rank-llm           measure with the LLM ranker: the model orders the candidates of every question (see
                       docs/answers.md); prints how often its order was followed and its tokens per question
  --llm URL            chat-completions endpoint of the ranking model, e.g. http://localhost:11434/v1 (Ollama)
  --model NAME         model name at that endpoint
${ENGINE_FLAGS_HELP}

Output with --json: {n, k, budget, retriever, recallAtK, mrr, coverageAny, coverageAll, avgContextTokens, fullTokens,
byKind, questions} — or a list of such objects when several retrievers are measured.`;

function parseModes(v: string | undefined): RetrieverMode[] {
  if (v === undefined) return ['hybrid+graph'];
  if (v === 'all') return [...RETRIEVER_MODES];
  const modes = v.split(',').map((s) => s.trim());
  for (const m of modes) {
    if (!(RETRIEVER_MODES as readonly string[]).includes(m)) {
      throw new UserError(`--retriever must be ${RETRIEVER_MODES.join(', ')}, all, or a comma list; got "${m}"`);
    }
  }
  return modes as RetrieverMode[];
}

function warnMissingGold(view: RetrievalView, items: readonly QaItem[], io: CliIO): void {
  const known = new Set([...view.notes.keys()].map((p) => p.toLowerCase()));
  const missing = new Set<string>();
  for (const it of items) for (const g of it.gold) if (!known.has(g.toLowerCase())) missing.add(g);
  for (const g of missing) io.stderr(`overlay: warning: gold note not in the index: ${g}\n`);
}

/** `overlay bench`. */
export const benchCommand: CommandFn = async (args, io) => {
  const [vaultArg, qaPath, extra] = args.positional;
  const vault = await checkVault(vaultArg, BENCH_HELP);
  if (!qaPath) throw usageError(`missing <qa.jsonl>`, BENCH_HELP);
  if (extra !== undefined) throw usageError(`unexpected argument "${extra}"`, BENCH_HELP);
  let text: string;
  try {
    text = await readFile(qaPath, 'utf8');
  } catch (e) {
    throw new UserError(
      `cannot read the question set ${qaPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const parsed = parseQaJsonl(text);
  if (!parsed.ok) throw new UserError(`${qaPath}: ${parsed.error}`);
  const k = intFlag(args, 'k', 5);
  const budget = intFlag(args, 'budget', DEFAULT_BUDGET);
  const modes = parseModes(stringFlag(args, 'retriever'));
  const json = boolFlag(args, 'json');
  const chat = chatFromFlags(args);
  const rankLlm = boolFlag(args, 'rank-llm');
  if (!rankLlm && chat)
    throw new UserError('bench measures retrieval: --llm is used only with --rank-llm (the LLM ranker)');
  if (rankLlm && !chat)
    throw new UserError('--rank-llm needs the model that ranks: give --llm URL and --model NAME too');
  return withSyncedEngine(args, io, vault, async (engine) => {
    const view = engine.view();
    warnMissingGold(view, parsed.items, io);
    const reports: BenchReport[] = [];
    const summaries: RankerSummary[] = [];
    for (const mode of modes) {
      const summary: RankerSummary = { questions: 0, followed: 0, meanPromptTokens: 0, fallbacks: {} };
      reports.push(await runBench(view, parsed.items, { mode, k, budget, ranker: rankLlm ? chat : null }, summary));
      summaries.push(summary);
    }
    if (rankLlm) {
      for (const [i, s] of summaries.entries()) {
        const why = Object.entries(s.fallbacks)
          .map(([r, n]) => `${n}× ${r}`)
          .join('; ');
        io.stderr(
          `overlay: LLM ranker (${modes[i]}): order followed for ${s.followed} of ${s.questions} questions, ` +
            `${Math.round(s.meanPromptTokens)} prompt tokens per question${why ? `; kept the retriever's order: ${why}` : ''}\n`,
        );
      }
    }
    if (json) {
      io.stdout(`${JSON.stringify(reports.length === 1 ? reports[0] : reports)}\n`);
    } else {
      io.stdout(
        `${parsed.items.length} questions, budget ${budget} tokens, whole vault ${view.fullTokens.toLocaleString('en-US')} tokens\n\n`,
      );
      io.stdout(`${benchTable(reports)}\n`);
    }
    return 0;
  });
};
