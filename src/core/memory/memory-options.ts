// Tuning of conversation memory: decay of note weights, rotation of sent chunks, and the share of the budget
// that earlier turns may take. The reasons behind each default are in docs/conversation-memory.md.

/** Settings of a ConversationMemory. */
export interface MemoryOptions {
  /** Turns after which a note weight has halved without new relevance (λ = ln 2 / halfLife). */
  halfLife: number;
  /** How many of a turn's best notes add relevance to their weight. */
  relevantNotes: number;
  /** Strength of the warm-note boost: a chunk of a note with warmth 1 scores (1 + noteBoost)× its own score. */
  noteBoost: number;
  /** Chunks sent in this many last turns are penalised (context rotation). */
  rotationTurns: number;
  /** Score factor of a recently sent chunk that is no longer among the top ranks. */
  rotationPenalty: number;
  /** Recently sent chunks ranked within this many of the top are not penalised. */
  protectTop: number;
  /** Largest share of the token budget that earlier turns may take. */
  historyShare: number;
  /** Latest turns always offered (follow-up questions depend on them). */
  recentTurns: number;
  /** Most earlier turns recalled by relevance, besides the latest ones. */
  recallTurns: number;
  /** Least cosine similarity between question and turn for a dense match to count as related. */
  minSimilarity: number;
  /** A keyword match counts as related when it shares at least this many question words. */
  minLexicalTerms: number;
  /** Longest text of one recalled turn in the context, in tokens (longer ones are cut). */
  maxTurnTokens: number;
  /** Candidate pool of the retriever, as a multiple of the notes' budget (room for rotation to choose from). */
  poolFactor: number;
  /** A question with fewer content words than this is a follow-up: the previous question joins the query. */
  followUpWords: number;
  /** Weights below this are forgotten, so the state stays small over thousands of turns. */
  minWeight: number;
}

/** Defaults (see docs/conversation-memory.md for why). */
export const DEFAULT_MEMORY: MemoryOptions = {
  halfLife: 3,
  relevantNotes: 10,
  noteBoost: 0.5,
  rotationTurns: 2,
  rotationPenalty: 0.5,
  protectTop: 2,
  historyShare: 0.25,
  recentTurns: 1,
  recallTurns: 2,
  minSimilarity: 0.3,
  minLexicalTerms: 2,
  maxTurnTokens: 400,
  poolFactor: 3,
  followUpWords: 2,
  minWeight: 1e-3,
};

/** The per-turn decay factor e^(−λ) for a half-life in turns. */
export function decayFactor(halfLife: number): number {
  return Math.exp(-Math.LN2 / halfLife);
}

/** Merges `o` over the defaults and checks every value; throws 'memory-options: ...' on a bad one. */
export function memoryOptions(o: Partial<MemoryOptions> = {}): MemoryOptions {
  const m = { ...DEFAULT_MEMORY, ...o };
  const bad = (name: string, rule: string): never => {
    throw new Error(`memory-options: ${name} must be ${rule}, got ${String(m[name as keyof MemoryOptions])}`);
  };
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  const count = (v: number) => Number.isInteger(v) && v >= 0;
  if (!positive(m.halfLife)) bad('halfLife', 'a positive number of turns');
  if (!count(m.relevantNotes) || m.relevantNotes < 1) bad('relevantNotes', 'a whole number ≥ 1');
  if (!(Number.isFinite(m.noteBoost) && m.noteBoost >= 0)) bad('noteBoost', '≥ 0');
  if (!count(m.rotationTurns)) bad('rotationTurns', 'a whole number ≥ 0');
  if (!(m.rotationPenalty > 0 && m.rotationPenalty <= 1)) bad('rotationPenalty', 'in (0, 1]');
  if (!count(m.protectTop)) bad('protectTop', 'a whole number ≥ 0');
  if (!(m.historyShare >= 0 && m.historyShare < 1)) bad('historyShare', 'in [0, 1)');
  if (!count(m.recentTurns)) bad('recentTurns', 'a whole number ≥ 0');
  if (!count(m.recallTurns)) bad('recallTurns', 'a whole number ≥ 0');
  if (!(m.minSimilarity >= -1 && m.minSimilarity <= 1)) bad('minSimilarity', 'in [-1, 1]');
  if (!count(m.minLexicalTerms) || m.minLexicalTerms < 1) bad('minLexicalTerms', 'a whole number ≥ 1');
  if (!count(m.maxTurnTokens) || m.maxTurnTokens < 16) bad('maxTurnTokens', 'a whole number ≥ 16');
  if (!(Number.isFinite(m.poolFactor) && m.poolFactor >= 1)) bad('poolFactor', '≥ 1');
  if (!count(m.followUpWords)) bad('followUpWords', 'a whole number ≥ 0');
  if (!(m.minWeight >= 0 && m.minWeight < 1)) bad('minWeight', 'in [0, 1)');
  return m;
}
