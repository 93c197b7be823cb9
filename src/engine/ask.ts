// `ask` over an engine's index: bounded-context retrieval, an answer (LLM or extractive), and the saving of the
// bounded prompt against the whole vault in the prompt. Shared by the CLI and the JSON-RPC server.
import type { AskConversation, AskResult } from './protocol';
import { DEFAULT_BUDGET } from '../core/defaults';
import type { RetrievalView } from './engine';
import type { ChatMessage, ChatModel } from '../core/answer/chat-model';
import { answerQuestion } from '../core/answer/answer-question';
import { buildPrompt } from '../core/answer/prompt';
import { askSaving } from '../core/cost/ask-saving';
import {
  notesByChunks,
  packCandidates,
  retrieve,
  type RankedNote,
  type RetrieverOptions,
} from '../core/retrieval/retriever';
import { rankWithLlm, type LlmRanking } from '../core/retrieval/llm-ranker';
import type { ConversationMemory } from '../core/memory/conversation-memory';
import { retrieveInConversation } from '../core/memory/memory-retrieval';
import { unlinkTurnCitations } from '../core/memory/turn-citations';
import type { BoundedContext } from '../core/types';

/** Options of one question. */
export interface AskOptions {
  budget?: number;
  /** Most chunks in the context. */
  maxChunks?: number;
  retriever?: Partial<RetrieverOptions>;
  /** Energy-model presets for the saving. */
  model?: string;
  hardware?: string;
  /** The LLM; null or absent gives an extractive answer. */
  chat?: ChatModel | null;
  /**
   * A model that ranks the retrieved candidates before packing (the LLM ranker, off when absent). Its request is
   * counted in the saving. Not used within a conversation, whose memory already re-ranks the candidates.
   */
  ranker?: ChatModel | null;
  /** Candidates shown to the ranker (default DEFAULT_RANK_CANDIDATES). */
  rankCandidates?: number;
  /** Called just before the ranking request is sent (a CLI shows a status line while the model ranks). */
  onRanking?: () => void;
  /** Skip the answer (bench measures retrieval only). */
  noAnswer?: boolean;
  onDelta?: (text: string) => void;
  /** Called once the bounded context and the prompt are known, before the answer is made (a CLI shows them). */
  onContext?: (context: BoundedContext, prompt: { messages: ChatMessage[]; tokens: number }) => void;
  signal?: AbortSignal;
  /**
   * Ask within this conversation: earlier turns are recalled into the context, the memory re-ranks the vault's
   * chunks (warm notes, rotation), and the turn is recorded in it after the answer (docs/conversation-memory.md).
   */
  conversation?: ConversationMemory;
}

/** An ask result plus what the prompt looked like and the note ranking (for bench and --show-prompt). */
export interface AskOutcome extends AskResult {
  notes: RankedNote[];
  prompt: { messages: { role: string; content: string }[]; tokens: number };
}

/** Default token budget of the bounded context. */
export { DEFAULT_BUDGET };

// Query-term weights come from the lexical index's document frequencies, which it keeps up to date on every add
// and remove: re-pointing the embedder at them is constant time, so the first question after open or after a sync
// costs what any other does. Re-pointed only when the index changed (its version) or was replaced.
const fitted = new WeakMap<object, { lexical: object; version: number }>();

/** Makes the embedder's query weighting match the current index (constant time; nothing when unchanged). */
export function fitQueryWeights(view: RetrievalView): void {
  const emb = view.embedder as { useTermFrequencies?: (df: (stemmed: string) => number, n: number) => void };
  if (typeof emb.useTermFrequencies !== 'function') return;
  const lexical = view.lexical;
  const last = fitted.get(view.embedder);
  if (last && last.lexical === lexical && last.version === lexical.version) return;
  // The index's text field holds exactly each chunk's text, tokenized and stemmed as the embedder does.
  emb.useTermFrequencies((s) => lexical.textFrequency(s), lexical.size());
  fitted.set(view.embedder, { lexical, version: lexical.version });
}

/** Answers one question from a bounded context of the indexed vault. */
export async function askVault(view: RetrievalView, question: string, opts: AskOptions = {}): Promise<AskOutcome> {
  const q = question.trim();
  if (q.length === 0) throw new Error('ask: the question is empty');
  const budget = opts.budget ?? DEFAULT_BUDGET;
  fitQueryWeights(view);
  const retrieverOptions = {
    ...opts.retriever,
    budget,
    ...(opts.maxChunks !== undefined ? { maxChunks: opts.maxChunks } : {}),
  };
  const memory = opts.conversation;
  const inConversation = memory ? await retrieveInConversation(q, view, memory, retrieverOptions) : null;
  const plain = inConversation ? null : await retrieve(q, view, retrieverOptions);
  const retrieval = inConversation ?? plain!;
  let context = retrieval.context;
  let notes = retrieval.notes;
  let ranking: LlmRanking | undefined;
  if (opts.ranker && !plain) {
    ranking = {
      status: 'fallback',
      model: opts.ranker.name,
      candidates: 0,
      chosen: [],
      unknown: [],
      promptTokens: 0,
      completionTokens: 0,
      reason: 'the LLM ranker is not used within a conversation (its memory ranks the candidates)',
    };
  } else if (opts.ranker && plain) {
    opts.onRanking?.();
    const ranked = await rankWithLlm(q, plain.ordered, opts.ranker, {
      ...(opts.rankCandidates !== undefined ? { candidates: opts.rankCandidates } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    ranking = ranked.ranking;
    if (ranking.status === 'ranked') {
      context = packCandidates(ranked.order, view, retrieverOptions);
      notes = notesByChunks(ranked.order, notes);
    }
  }
  const prompt = buildPrompt(q, context);
  opts.onContext?.(context, prompt);
  // The whole-vault prompt is the same prompt with every note in place of the bounded context.
  const fullPromptTokens = view.fullTokens + (prompt.tokens - context.tokens);
  // An extractive answer quotes the notes only: earlier answers are themselves quotes of them.
  const answerContext: BoundedContext = inConversation && !opts.chat ? inConversation.notesContext : context;
  const answered = opts.noAnswer
    ? undefined
    : await answerQuestion(q, answerContext, opts.chat ?? null, {
        ...(opts.onDelta ? { onDelta: opts.onDelta } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
  const answer = answered && inConversation ? unlinkTurnCitations(answered) : answered;
  if (answer && answer.mode === 'llm') answer.promptTokens = prompt.tokens;
  // Re-sending every earlier turn is the conversation's baseline (priced as a cached history).
  const fullHistoryTokens = memory && inConversation ? memory.fullHistoryTokens() : 0;
  const saving = askSaving({
    promptTokens: prompt.tokens,
    fullTokens: fullPromptTokens,
    outputTokens: answer?.completionTokens ?? 0,
    contextTokens: context.tokens,
    ...(fullHistoryTokens > 0 ? { historyTokens: fullHistoryTokens } : {}),
    ...(ranking && ranking.promptTokens > 0
      ? { extraCalls: [{ promptTokens: ranking.promptTokens, outputTokens: ranking.completionTokens }] }
      : {}),
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.hardware ? { hardware: opts.hardware } : {}),
  });
  let conversation: AskConversation | undefined;
  if (memory && inConversation) {
    const record = memory.recordTurn({
      question: q,
      answer: answer?.text ?? '',
      sent: inConversation.notesContext.chunks.map((c) => c.id),
      notes: inConversation.notes,
      recalled: inConversation.recalled.map((r) => r.turn),
    });
    conversation = {
      id: memory.id,
      turn: record.turn,
      recalledTurns: record.recalled,
      historyTokens: inConversation.historyTokens,
      fullHistoryTokens,
    };
  }
  return {
    question: q,
    budget,
    context,
    full: { tokens: fullPromptTokens },
    saving,
    ...(answer ? { answer } : {}),
    ...(conversation ? { conversation } : {}),
    ...(ranking ? { ranking } : {}),
    notes,
    prompt,
  };
}
