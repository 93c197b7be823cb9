// `overlay ask <vault> "<question>"`: the bounded context with citations, an answer, and the saving.
import { boolFlag, intFlag, stringFlag } from './args';
import { UserError, usageError, type CliIO, type CommandFn, type ParsedArgs } from './cli-io';
import { checkVault, ENGINE_FLAGS_HELP, withSyncedEngine } from './index-command';
import { findHardware, findModel, hardwareIds, modelIds } from '../core/cost/presets';
import type { AskOutcome } from '../engine/ask';
import { DEFAULT_BUDGET } from '../core/defaults';
import { DEFAULT_TIMEOUT_MS, apiKeyFromEnv } from '../engine/llm/openai-endpoint';
import { formatPromptForDisplay } from '../core/answer/prompt';
import { RETRIEVER_MODES, type RetrieverMode } from '../core/retrieval/source';
import type { ChatMessage, ChatModel } from '../core/answer/chat-model';
import type { BoundedContext } from '../core/types';
import { savingLines } from '../core/cost/saving-text';
import { createAnswerStatus, type AnswerStatus } from './answer-status';
import { fmt, plural } from './text';
import { DEFAULT_RANK_CANDIDATES, type LlmRanking } from '../core/retrieval/llm-ranker';
import { conversationIdProblem } from '../engine/conversation-id';
import { isEngineError } from '../engine/errors';
import type { AskParams } from '../engine/protocol';
import { askResult, chatModelFor, EngineService } from '../engine/service/engine-service';
import { OpenedHost } from '../engine/service/opened-host';

/** Help of `overlay ask`. */
export const ASK_HELP = `Usage: overlay ask <vault> "<question>" [options]

Answers a question from a bounded context: the most relevant chunks of the vault, packed into an exact token
budget, each labelled [[Note#Heading]]. Prints the answer first, then the passages it cites ([[Note#Heading]] and
tokens) and the saving against sending the whole vault; the context itself with --show-context. Without --llm the
answer is extractive (sentences of the context, each with its citation); with --llm it is written by an
OpenAI-compatible chat model that sees only the bounded context.

Options:
  --budget N           context token budget (default ${DEFAULT_BUDGET})
  --k N                at most N chunks in the context (default: as many as fit)
  --retriever M        ${RETRIEVER_MODES.join(' | ')} (default hybrid+graph)
  --llm URL            chat-completions endpoint, e.g. http://localhost:11434/v1 (Ollama)
  --model NAME         model name at that endpoint (required with --llm)
                       API key: environment variable OVERLAY_LLM_API_KEY (or OPENAI_API_KEY); never printed,
                       and removed from answers that echo it
  --llm-timeout S      seconds to wait for the endpoint's next bytes (default ${DEFAULT_TIMEOUT_MS / 1000}); a closed or
                       reset connection fails at once
  --rank-llm           let the LLM rank the retrieved candidates first (a compact list of ${DEFAULT_RANK_CANDIDATES}: id, note,
                       heading, opening words); packing follows its choice. Its tokens count in the saving; a reply
                       it cannot use keeps the retriever's order, and says so. Needs --llm and --model
  --show-context       print the whole bounded context after the answer
  --show-prompt        print the exact prompt the LLM would receive
  --energy-model ID    model preset for the energy estimate (see "overlay savings --help")
  --hardware ID        hardware preset for the energy estimate
  --conversation ID    continue (or start) conversation ID: related earlier turns come back as [[turn N]]
                       items (at most a quarter of the budget), recently useful notes stay warm, and chunks
                       sent in the last turns make room for new ones; kept in <data-dir>/conversations/ID.json
${ENGINE_FLAGS_HELP}

Output with --json: {question, budget, context: {tokens, chunks: [{id, note, heading, label, tokens, score, trace}]},
full: {tokens}, saving: {tokens, ratio, energyWh: {full, bounded}, model, hardware, claimed, noClaimReason?,
baselines: [{id, label, tokens, prefilledTokens, calls, energyWh, savedTokens, savedWh}]}, answer: {text, citations,
sources, mode, promptTokens, completionTokens}, ranking: {status, model, candidates, chosen, unknown, promptTokens,
completionTokens, reason?} (with --rank-llm), conversation: {id, turn, recalledTurns, historyTokens, fullHistoryTokens,
warning?} (with --conversation)}`;

/** Parses --retriever. */
export function retrieverFlag(args: ParsedArgs): RetrieverMode | undefined {
  const m = stringFlag(args, 'retriever');
  if (m === undefined) return undefined;
  if (!(RETRIEVER_MODES as readonly string[]).includes(m)) {
    throw new UserError(`--retriever must be one of ${RETRIEVER_MODES.join(', ')}; got "${m}"`);
  }
  return m as RetrieverMode;
}

/** The chat model of --llm URL --model NAME, or null without --llm. */
export function chatFromFlags(args: ParsedArgs): ChatModel | null {
  return llmFromFlags(args)?.chat ?? null;
}

/** The `llm` params of --llm URL --model NAME (the key from the environment) and the model they make, checked now. */
export function llmFromFlags(args: ParsedArgs): { llm: NonNullable<AskParams['llm']>; chat: ChatModel } | null {
  const url = stringFlag(args, 'llm');
  const model = stringFlag(args, 'model');
  if (url === undefined) {
    if (model !== undefined)
      throw new UserError('--model names the LLM at an endpoint; give the endpoint with --llm URL too');
    return null;
  }
  if (model === undefined) throw new UserError('--llm needs --model NAME (e.g. --model llama3.1:8b for Ollama)');
  const apiKey = apiKeyFromEnv();
  const timeoutMs = stringFlag(args, 'llm-timeout') === undefined ? undefined : intFlag(args, 'llm-timeout', 0) * 1000;
  const llm = { url, model, ...(apiKey ? { apiKey } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
  try {
    // The service builds the same model from these params; building it here reports a bad endpoint before indexing.
    return { llm, chat: chatModelFor(llm)! };
  } catch (e) {
    if (!isEngineError(e)) throw e;
    throw new UserError(e.message.replace(/^openai-chat: /, ''));
  }
}

/** The saving of an ask, one line per baseline, each naming it (text from src/core/cost/saving-text.ts). */
export function savingLine(r: AskOutcome): string {
  const ranker = r.ranking?.promptTokens ?? 0;
  return savingLines(r.saving, r.prompt.tokens + ranker, r.full.tokens, r.saving.window.contextWindow, ranker).join(
    '\n',
  );
}

/** The header line of a bounded context, e.g. "Bounded context: 2,975 of 3,000 tokens, 28 chunks from 18 notes". */
export function contextLine(context: BoundedContext, budget: number): string {
  // Recalled conversation turns are items of the context too, counted apart from the notes' chunks.
  const vaultChunks = context.chunks.filter((c) => !c.id.startsWith('turn:'));
  const turns = context.chunks.length - vaultChunks.length;
  const notes = new Set(vaultChunks.map((c) => c.note)).size;
  const history = turns > 0 ? ` and ${plural(turns, 'earlier turn')}` : '';
  return (
    `Bounded context: ${fmt(context.tokens)} of ${fmt(budget)} tokens, ${plural(vaultChunks.length, 'chunk')} ` +
    `from ${plural(notes, 'note')}${history}`
  );
}

/** The passages an answer cites, one line each: `[[Note#Heading]]  N tokens`, in the answer's order. */
export function sourceLines(r: AskOutcome): string[] {
  const byId = new Map(r.context.chunks.map((c) => [c.id, c]));
  const cited = (r.answer?.sources ?? []).map((id) => byId.get(id)).filter((c) => c !== undefined);
  const width = Math.min(72, Math.max(0, ...cited.map((c) => c.label.length)));
  return cited.map((c) => `  ${c.label.padEnd(width)}  ${String(c.tokens).padStart(5)} tokens`);
}

/** One line on what the LLM ranker did: followed, or why not. */
export function rankingLine(ranking: LlmRanking): string {
  if (ranking.status === 'ranked') {
    return (
      `Ranking: ${ranking.model} chose ${plural(ranking.chosen.length, 'passage')} of ${fmt(ranking.candidates)} candidates; ` +
      `packing followed its order${ranking.unknown.length > 0 ? ` (ignored unknown ids ${ranking.unknown.slice(0, 5).join(', ')})` : ''}.`
    );
  }
  return `Ranking: not used, the retriever's order was kept: ${ranking.reason ?? 'no usable reply'}.`;
}

/** Answer first, then the passages it cites, the context size, the ranking and the saving. */
function printAnswer(r: AskOutcome, io: CliIO, show: { context: boolean; prompt: boolean }): void {
  if (r.context.chunks.length === 0 && r.notes.length > 0) {
    // Notes matched, but not one passage fits: say so rather than let "nothing matched" stand.
    io.stderr(
      `overlay: warning: no passage fits in a budget of ${plural(r.budget, 'token')}; raise --budget (default ${DEFAULT_BUDGET})\n`,
    );
  }
  if (r.answer) {
    io.stdout(`Answer (${r.answer.mode}):\n${r.answer.text}\n\n`);
    if (r.answer.error) io.stderr(`overlay: ${r.answer.error}\n`);
    const sources = sourceLines(r);
    if (sources.length > 0) io.stdout(`Sources:\n${sources.join('\n')}\n\n`);
  }
  if (r.ranking?.status === 'fallback')
    io.stderr(`overlay: LLM ranker: ${r.ranking.reason ?? 'no usable reply'}; the retriever's order was kept\n`);
  const hint = show.context ? '' : ' (--show-context prints it)';
  io.stdout(`${contextLine(r.context, r.budget)}${r.context.chunks.length > 0 ? hint : ''}.\n`);
  if (r.ranking) io.stdout(`${rankingLine(r.ranking)}\n`);
  io.stdout(`${savingLine(r)}\n`);
  if (r.conversation) io.stdout(`${conversationLine(r)}\n`);
  if (show.context && r.context.text !== '') io.stdout(`\n${r.context.text}\n`);
  if (show.prompt) io.stdout(`\n${formatPromptForDisplay(r.prompt.messages as ChatMessage[], r.prompt.tokens)}`);
}

/** The one-line conversation summary of an ask asked within a conversation. */
export function conversationLine(r: AskOutcome): string {
  const c = r.conversation!;
  const recalled =
    c.recalledTurns.length > 0
      ? `recalled turn${c.recalledTurns.length > 1 ? 's' : ''} ${c.recalledTurns.join(', ')} (${fmt(c.historyTokens)} tokens)`
      : 'no earlier turn recalled';
  const history =
    c.turn > 1 ? `; re-sending the whole history would have added ${fmt(c.fullHistoryTokens)} tokens` : '';
  return `Conversation "${c.id}", turn ${c.turn}: ${recalled}${history}.`;
}

/** `overlay ask`. */
export const askCommand: CommandFn = async (args, io) => {
  const [vaultArg, question, extra] = args.positional;
  const vault = await checkVault(vaultArg, ASK_HELP);
  if (!question || question.trim() === '') throw usageError(`missing "<question>"`, ASK_HELP);
  if (extra !== undefined) throw usageError(`unexpected argument "${extra}" (quote the question)`, ASK_HELP);
  const budget = intFlag(args, 'budget', DEFAULT_BUDGET);
  const k = args.flags['k'] !== undefined ? intFlag(args, 'k', 1) : undefined;
  const mode = retrieverFlag(args);
  const json = boolFlag(args, 'json');
  const showPrompt = boolFlag(args, 'show-prompt');
  const showContext = boolFlag(args, 'show-context');
  const llm = llmFromFlags(args);
  const chat = llm?.chat ?? null;
  const rankLlm = boolFlag(args, 'rank-llm');
  if (rankLlm && !chat)
    throw new UserError('--rank-llm needs the model that ranks: give --llm URL and --model NAME too');
  if (rankLlm && stringFlag(args, 'conversation') !== undefined) {
    throw new UserError(
      '--rank-llm is not used within a --conversation (its memory ranks the candidates); leave one out',
    );
  }
  const energyModel = stringFlag(args, 'energy-model');
  const hardware = stringFlag(args, 'hardware');
  const conversationId = stringFlag(args, 'conversation');
  if (conversationId !== undefined) {
    const problem = conversationIdProblem(conversationId);
    if (problem) throw new UserError(`--conversation: ${problem}`);
  }
  if (energyModel !== undefined && !findModel(energyModel)) {
    throw new UserError(`unknown --energy-model "${energyModel}" (known: ${modelIds().join(', ')})`);
  }
  if (hardware !== undefined && !findHardware(hardware)) {
    throw new UserError(`unknown --hardware "${hardware}" (known: ${hardwareIds().join(', ')})`);
  }
  const params: AskParams = {
    question,
    budget,
    ...(k !== undefined ? { k } : {}),
    ...(mode ? { retriever: mode } : {}),
    ...(llm ? { llm: llm.llm } : {}),
    ...(rankLlm ? { rankLlm } : {}),
    ...(energyModel ? { energyModel } : {}),
    ...(hardware ? { hardware } : {}),
    ...(conversationId !== undefined ? { conversation: conversationId } : {}),
  };
  return withSyncedEngine(args, io, vault, async (engine) => {
    // The same service method `overlay serve` runs for an `ask` request (conversation handling included).
    const service = new EngineService(new OpenedHost(engine));
    let status: AnswerStatus | null = null;
    const text = json
      ? null
      : {
          onRanking: () => {
            if (chat) status = createAnswerStatus(io, chat.name, undefined, 'is ranking the passages');
          },
          onContext: () => {
            (status as AnswerStatus | null)?.done();
            if (chat) status = createAnswerStatus(io, chat.name);
          },
          onDelta: (t: string) => status?.onDelta(t),
        };
    let r: AskOutcome;
    try {
      r = await service.ask(params, {
        ...(text ?? {}),
        onConversationWarning: (warning) => io.stderr(`overlay: warning: ${warning}\n`),
      });
    } finally {
      (status as AnswerStatus | null)?.done();
    }
    if (json) {
      const rest = askResult(r);
      io.stdout(`${JSON.stringify(showPrompt ? { ...rest, prompt: r.prompt } : rest)}\n`);
    } else {
      printAnswer(r, io, { context: showContext, prompt: showPrompt });
    }
    return 0;
  });
};
