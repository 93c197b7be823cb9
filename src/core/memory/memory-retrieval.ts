// Retrieval within a conversation: earlier turns recalled into a bounded share of the budget, then the vault's
// chunks from an over-sized candidate pool of the retriever, re-ranked by the memory (warm notes boosted,
// recently sent chunks rotated out unless still top-ranked) and packed into what is left. The rendered context —
// turns and notes together — is counted exactly and never exceeds the budget.
import type { BoundedContext, ContextChunk } from '../types';
import { DEFAULT_RETRIEVER, retrieve, type RankedNote, type RetrieverOptions } from '../retrieval/retriever';
import type { RetrievalSource } from '../retrieval/source';
import { packContext, renderContext, type RankedChunk } from '../retrieval/pack';
import { selectDiverse } from '../retrieval/mmr';
import { countTokens, truncateToTokens } from '../tokens';
import { turnText, type ConversationMemory, type RecalledTurn } from './conversation-memory';

/** Tokens the blank line between the history part and the notes part may cost. */
const SEPARATOR_TOKENS = 2;
/** A recalled turn shorter than this (after cutting) is not worth its label. */
const MIN_TURN_TOKENS = 16;

/** Result of retrieving within a conversation. */
export interface ConversationRetrieval {
  /** What is sent: recalled turns (oldest first), then the vault's chunks; tokens ≤ budget. */
  context: BoundedContext;
  /** The vault part alone (an extractive answer quotes notes, not earlier answers). */
  notesContext: BoundedContext;
  /** The retriever's note ranking for the (possibly follow-up-extended) query. */
  notes: RankedNote[];
  /** Earlier turns that are in the context. */
  recalled: RecalledTurn[];
  /** Exact tokens of the recalled turns as rendered. */
  historyTokens: number;
  /** The query the vault was searched with. */
  query: string;
}

/** Label of a recalled turn in the context. */
export function turnLabel(turn: number): string {
  return `[[turn ${turn}]]`;
}

// Token counts of whole turn texts, computed once per turn (a turn is offered again and again).
const turnTextTokens = new WeakMap<object, number>();

/** The context chunk of a recalled turn, its text cut to `maxTokens`. */
function turnChunk(r: RecalledTurn, maxTokens: number): ContextChunk {
  let text = turnText(r.record);
  let tokens = fullTokens(r);
  if (tokens > maxTokens) {
    text = `${truncateToTokens(text, maxTokens - 1).trimEnd()}…`;
    tokens = countTokens(text);
  }
  return {
    id: `turn:${r.turn}`,
    note: `turn ${r.turn}`,
    heading: '',
    label: turnLabel(r.turn),
    tokens,
    score: r.score,
    text,
    trace: { fused: r.score, ...(r.terms.length > 0 ? { terms: r.terms } : {}) },
  };
}

/** Whole-text tokens of a turn (cached). */
function fullTokens(r: RecalledTurn): number {
  let tokens = turnTextTokens.get(r.record);
  if (tokens === undefined) turnTextTokens.set(r.record, (tokens = countTokens(turnText(r.record))));
  return tokens;
}

/**
 * Shares of `cap` for turns needing `needs` tokens: water-filling, so a short turn takes what it needs and the
 * rest is split evenly among the longer ones (one long answer cannot crowd out every other turn).
 */
export function fairShares(needs: readonly number[], cap: number): number[] {
  const order = needs.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n);
  const out = new Array<number>(needs.length).fill(0);
  let left = cap;
  order.forEach(({ n, i }, k) => {
    const share = Math.min(n, Math.floor(left / (order.length - k)));
    out[i] = share;
    left -= share;
  });
  return out;
}

/**
 * Recalled turns packed into `cap` tokens, returned oldest first. Each gets a fair share of the cap (its label,
 * newline and the blank line between blocks included), lowest-priority turns are dropped while a share would be
 * too small to be useful, and the joined text is counted exactly and trimmed until it fits.
 */
function packTurns(
  recalled: readonly RecalledTurn[],
  cap: number,
  maxTurnTokens: number,
): { chunks: ContextChunk[]; turns: RecalledTurn[]; tokens: number } {
  let offered = [...recalled];
  let picked: { c: ContextChunk; r: RecalledTurn }[] = [];
  while (offered.length > 0) {
    const frames = offered.map((r) => countTokens(turnLabel(r.turn)) + 1 + SEPARATOR_TOKENS);
    const shares = fairShares(
      offered.map((r, i) => Math.min(maxTurnTokens, fullTokens(r)) + frames[i]!),
      cap,
    );
    if (shares.every((s, i) => s - frames[i]! >= MIN_TURN_TOKENS)) {
      picked = offered.map((r, i) => ({ c: turnChunk(r, shares[i]! - frames[i]!), r }));
      break;
    }
    offered = offered.slice(0, -1);
  }
  for (;;) {
    const ordered = [...picked].sort((a, b) => a.r.turn - b.r.turn);
    const tokens = countTokens(renderContext(ordered.map((p) => p.c)));
    if (tokens <= cap || picked.length === 0) {
      return { chunks: ordered.map((p) => p.c), turns: ordered.map((p) => p.r), tokens };
    }
    picked.pop();
  }
}

/** Titles the retriever labelled with their full path (ambiguous ones), read off its own labels. */
function ambiguityFromLabels(pool: BoundedContext, src: RetrievalSource): (title: string) => boolean {
  const byPath = new Set<string>();
  for (const c of pool.chunks) {
    const chunk = src.chunks.get(c.id);
    if (!chunk) continue;
    const path = chunk.note.replace(/\.md$/i, '');
    if (path !== chunk.title && c.label.startsWith(`[[${path}`)) byPath.add(chunk.title.toLowerCase());
  }
  return (title) => byPath.has(title.toLowerCase());
}

/**
 * Re-ranks the retriever's candidates with the memory: score × (1 + noteBoost·warmth(note)), then × rotationPenalty
 * for a chunk sent in the last turns that is not within the top `protectTop`. `trace.memory` holds the factor.
 */
export function rerankWithMemory(
  pool: BoundedContext,
  src: RetrievalSource,
  memory: ConversationMemory,
): RankedChunk[] {
  const o = memory.options;
  const sent = memory.recentlySent();
  const ranked: (RankedChunk & { factor: number })[] = [];
  for (const c of pool.chunks) {
    const chunk = src.chunks.get(c.id);
    if (!chunk) continue;
    const factor = 1 + o.noteBoost * memory.warmth(chunk.note);
    ranked.push({ chunk, score: c.score * factor, trace: { ...c.trace }, factor });
  }
  ranked.sort((a, b) => b.score - a.score);
  ranked.forEach((r, rank) => {
    if (rank >= o.protectTop && sent.has(r.chunk.id)) {
      r.factor *= o.rotationPenalty;
      r.score *= o.rotationPenalty;
    }
  });
  ranked.sort((a, b) => b.score - a.score);
  return ranked.map(({ factor, ...r }) => ({ ...r, trace: { ...r.trace, memory: factor } }));
}

/** Retrieves the bounded context for the next turn of `memory` (the memory itself is not changed). */
export async function retrieveInConversation(
  question: string,
  src: RetrievalSource,
  memory: ConversationMemory,
  options: Partial<RetrieverOptions> = {},
): Promise<ConversationRetrieval> {
  const o = memory.options;
  const budget = options.budget ?? DEFAULT_RETRIEVER.budget;
  if (!Number.isInteger(budget) || budget < 1)
    throw new Error(`memory-retrieval: budget must be a whole number ≥ 1, got ${String(budget)}`);
  const maxChunks = options.maxChunks ?? DEFAULT_RETRIEVER.maxChunks;
  const query = memory.queryFor(question);

  const offered = await memory.recall(query, src.embedder);
  const turns = packTurns(offered, Math.floor(o.historyShare * budget), o.maxTurnTokens);
  const historyTokens = turns.tokens;
  const notesBudget = budget - historyTokens - (turns.chunks.length > 0 ? SEPARATOR_TOKENS : 0);

  const pool = await retrieve(query, src, {
    ...options,
    budget: Math.ceil(notesBudget * o.poolFactor),
    maxChunks: Infinity,
  });
  const ranked = rerankWithMemory(pool.context, src, memory);
  const ordered = selectDiverse(ranked, options.mmrLambda ?? DEFAULT_RETRIEVER.mmrLambda);
  const packed = packContext(ordered, Math.max(0, notesBudget), ambiguityFromLabels(pool.context, src), maxChunks);

  // The exact count of the joined text is what must fit; boundaries rarely merge tokens, but check.
  let noteChunks = packed.chunks;
  let turnChunks = turns.chunks;
  let recalled = turns.turns;
  let text = turnChunks.length > 0 ? renderContext([...turnChunks, ...noteChunks]) : packed.text;
  let tokens = turnChunks.length > 0 ? countTokens(text) : packed.tokens;
  while (tokens > budget && noteChunks.length + turnChunks.length > 0) {
    if (noteChunks.length > 0) {
      const weakest = noteChunks.reduce((w, c, i) => (c.score < noteChunks[w]!.score ? i : w), 0);
      noteChunks = noteChunks.filter((_, i) => i !== weakest);
    } else {
      turnChunks = turnChunks.slice(1);
      recalled = recalled.slice(1);
    }
    text = renderContext([...turnChunks, ...noteChunks]);
    tokens = countTokens(text);
  }
  const notesContext = noteChunks === packed.chunks ? packed : notesOnly(noteChunks);
  return {
    context: { tokens, chunks: [...turnChunks, ...noteChunks], text },
    notesContext,
    notes: pool.notes,
    recalled,
    historyTokens: turnChunks.length === turns.chunks.length ? historyTokens : countTokens(renderContext(turnChunks)),
    query,
  };
}

function notesOnly(chunks: ContextChunk[]): BoundedContext {
  const text = renderContext(chunks);
  return { tokens: countTokens(text), chunks, text };
}
