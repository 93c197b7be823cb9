// `ask` over an engine's index: bounded-context retrieval, an answer (LLM or extractive), and the saving of the
// bounded prompt against the whole vault in the prompt. Shared by the CLI and the JSON-RPC server.
import type { AskConversation, AskResult } from './protocol';
import type { RetrievalView } from './engine';
import type { ChatMessage, ChatModel } from '../core/answer/chat-model';
import { answerQuestion } from '../core/answer/answer-question';
import { buildPrompt } from '../core/answer/prompt';
import { askSaving } from '../core/cost/ask-saving';
import { retrieve, type RankedNote, type RetrieverOptions } from '../core/retrieval/retriever';
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
export const DEFAULT_BUDGET = 3000;

// Query-term weights are learned from the indexed chunks; refit only when the index changed.
const fitted = new WeakMap<object, string>();

/** Makes the embedder's query weighting match the current index (cheap when nothing changed). */
export function fitQueryWeights(view: RetrievalView): void {
  const emb = view.embedder as { fitQueryWeights?: (texts: Iterable<string>) => void };
  if (typeof emb.fitQueryWeights !== 'function') return;
  const key = `${view.chunks.size}:${view.fullTokens}`;
  if (fitted.get(view.embedder) === key) return;
  emb.fitQueryWeights([...view.chunks.values()].map((c) => c.text));
  fitted.set(view.embedder, key);
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
  const retrieval = inConversation ?? (await retrieve(q, view, retrieverOptions));
  const context = retrieval.context;
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
    notes: retrieval.notes,
    prompt,
  };
}
