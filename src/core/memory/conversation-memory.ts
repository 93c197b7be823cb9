// The state of one conversation across turns: what was asked and answered, which chunks were sent, and a decaying
// weight per note (w ← w·e^(−λ) + relevance) that keeps recently useful notes warm. Past turns are indexed so a
// later question can recall them instead of re-sending the whole history. Pure: no I/O; persistence is JSON.
import type { Embedder } from '../types';
import type { RankedNote } from '../retrieval/retriever';
import { countTokens } from '../tokens';
import { contentTerms, words } from '../answer/terms';
import { messageOverhead } from '../answer/prompt';
import { decayFactor, memoryOptions, type MemoryOptions } from './memory-options';
import { TurnIndex, type TurnHit } from './turn-index';
import {
  CONVERSATION_FORMAT,
  CONVERSATION_VERSION,
  parseConversationJson,
  type ConversationJson,
  type ParsedConversation,
  type TurnJson,
} from './conversation-json';

export { CONVERSATION_FORMAT, CONVERSATION_VERSION, type ConversationJson } from './conversation-json';

/** Words that point back to something said before (English and Russian pronouns and demonstratives). */
const BACK_REFERENCES = new Set([
  'it',
  'its',
  'this',
  'that',
  'these',
  'those',
  'they',
  'them',
  'their',
  'he',
  'she',
  'him',
  'her',
  'his',
  'one',
  'ones',
  'это',
  'этот',
  'эта',
  'эти',
  'этого',
  'этой',
  'этим',
  'тот',
  'та',
  'те',
  'то',
  'того',
  'он',
  'она',
  'оно',
  'они',
  'его',
  'её',
  'ее',
  'их',
  'ему',
  'ей',
  'им',
  'нём',
  'нем',
  'ней',
  'них',
]);

/** One answered turn, in the form it is stored (fields documented on TurnJson). */
export type TurnRecord = TurnJson;

/** What askVault reports about a turn. */
export interface RecordTurnInput {
  question: string;
  answer: string;
  sent: readonly string[];
  /** This turn's note ranking (best first); the relevance added to the weights. */
  notes: readonly RankedNote[];
  recalled?: readonly number[];
  at?: string;
}

/** An earlier turn offered for a new question's context. */
export interface RecalledTurn extends TurnHit {
  record: TurnRecord;
  /** 'recent': one of the latest turns (always offered); 'related': found by searching the history. */
  reason: 'recent' | 'related';
}

/** The text of a turn as indexed and as shown in a context. */
export function turnText(r: Pick<TurnRecord, 'question' | 'answer'>): string {
  return r.answer.trim() === '' ? `Q: ${r.question.trim()}` : `Q: ${r.question.trim()}\nA: ${r.answer.trim()}`;
}

/** Tokens a turn adds when the whole history is re-sent (both messages with their chat framing). */
export function turnTokens(question: string, answer: string): number {
  return countTokens(question) + messageOverhead('user') + countTokens(answer) + messageOverhead('assistant');
}

/** Memory of one conversation. */
export class ConversationMemory {
  readonly options: MemoryOptions;
  private readonly records: TurnRecord[] = [];
  private readonly weightOf = new Map<string, number>();
  private readonly index = new TurnIndex();
  private historyTotal = 0;

  /** A new, empty conversation; throws 'conversation-memory: ...' on a bad id and 'memory-options: ...' on bad options. */
  constructor(
    readonly id: string,
    options: Partial<MemoryOptions> = {},
    readonly createdAt: string = new Date().toISOString(),
  ) {
    if (typeof id !== 'string' || id.trim() === '')
      throw new Error('conversation-memory: the id must be a non-empty string');
    this.options = memoryOptions(options);
  }

  /** Turns answered so far. */
  get turnCount(): number {
    return this.records.length;
  }

  /** Number the next turn will get. */
  get nextTurn(): number {
    return (this.records[this.records.length - 1]?.turn ?? 0) + 1;
  }

  /** Every turn, oldest first. */
  turns(): readonly TurnRecord[] {
    return this.records;
  }

  /** The record of turn `n`, if it exists. */
  turn(n: number): TurnRecord | undefined {
    const first = this.records[0]?.turn ?? 1;
    const r = this.records[n - first];
    return r && r.turn === n ? r : this.records.find((x) => x.turn === n);
  }

  /** Tokens that re-sending every earlier turn (questions and answers) would add to the next prompt. */
  fullHistoryTokens(): number {
    return this.historyTotal;
  }

  /** The raw accumulator w of a note (0 when cold). */
  weight(note: string): number {
    return this.weightOf.get(note) ?? 0;
  }

  /**
   * A note's warmth in [0, 1]: (1 − e^(−λ))·w, the exponentially weighted average of its per-turn relevance
   * (a note that was the best match at every turn so far tends to 1).
   */
  warmth(note: string): number {
    return Math.min(1, (1 - decayFactor(this.options.halfLife)) * this.weight(note));
  }

  /** Note weights, for display and persistence. */
  weights(): ReadonlyMap<string, number> {
    return this.weightOf;
  }

  /** Chunk ids sent in the last `rotationTurns` turns. */
  recentlySent(): ReadonlySet<string> {
    const out = new Set<string>();
    const n = this.options.rotationTurns;
    if (n === 0) return out;
    for (const r of this.records.slice(-n)) for (const id of r.sent) out.add(id);
    return out;
  }

  /**
   * The query to retrieve with: the question itself, or, for a follow-up ("and why?", "what does it cost?"), the
   * question followed by the previous one. A follow-up has no content word at all, or fewer than
   * `followUpWords` of them and a word pointing back (it, that, they, это, он, …).
   */
  queryFor(question: string): string {
    const last = this.records[this.records.length - 1];
    if (!last) return question;
    const content = contentTerms(question).length;
    const followUp =
      content === 0 || (content < this.options.followUpWords && words(question).some((w) => BACK_REFERENCES.has(w)));
    return followUp ? `${question} ${last.question}` : question;
  }

  /** Earlier turns for `question`: the latest `recentTurns`, then up to `recallTurns` related ones, in that order. */
  async recall(question: string, embedder: Embedder): Promise<RecalledTurn[]> {
    const o = this.options;
    const recent = o.recentTurns > 0 ? this.records.slice(-o.recentTurns).reverse() : [];
    const out: RecalledTurn[] = recent.map((record) => ({
      turn: record.turn,
      score: 0,
      similarity: 0,
      terms: [],
      record,
      reason: 'recent',
    }));
    if (o.recallTurns === 0) return out;
    // A question asked again gives the same turn text again: offer one copy, so the budget holds different turns.
    const seen = new Set(recent.map((r) => turnText(r)));
    const hits = await this.index.search(question, embedder, {
      k: 3 * o.recallTurns,
      minSimilarity: o.minSimilarity,
      minLexicalTerms: o.minLexicalTerms,
      exclude: new Set(recent.map((r) => r.turn)),
    });
    let related = 0;
    for (const h of hits) {
      const record = this.turn(h.turn);
      if (!record || seen.has(turnText(record))) continue;
      seen.add(turnText(record));
      out.push({ ...h, record, reason: 'related' });
      if (++related === o.recallTurns) break;
    }
    return out;
  }

  /** Records an answered turn: decays every weight, adds this turn's relevance, and indexes the turn. */
  recordTurn(input: RecordTurnInput): TurnRecord {
    const question = input.question.trim();
    if (question === '') throw new Error('conversation-memory: the question of a turn is empty');
    const turn = this.nextTurn;
    // What is recorded must read back: the JSON check refuses a turn that recalls itself or a later one.
    const badRecall = (input.recalled ?? []).find((r) => !Number.isInteger(r) || r < 1 || r >= turn);
    if (badRecall !== undefined)
      throw new Error(`conversation-memory: turn ${turn} cannot recall turn ${String(badRecall)}`);
    const record: TurnRecord = {
      turn,
      question,
      answer: input.answer,
      sent: [...new Set(input.sent)],
      recalled: [...(input.recalled ?? [])],
      tokens: turnTokens(question, input.answer),
      at: input.at ?? new Date().toISOString(),
    };
    this.updateWeights(input.notes);
    this.append(record);
    return record;
  }

  /** w ← w·e^(−λ) + relevance, relevance = score / best score over the turn's top notes; tiny weights dropped. */
  private updateWeights(notes: readonly RankedNote[]): void {
    const decay = decayFactor(this.options.halfLife);
    for (const [note, w] of this.weightOf) {
      const next = w * decay;
      if (next < this.options.minWeight) this.weightOf.delete(note);
      else this.weightOf.set(note, next);
    }
    const top = notes.slice(0, this.options.relevantNotes);
    const best = top[0]?.score ?? 0;
    if (!(best > 0)) return;
    for (const { note, score } of top) {
      const rel = Math.max(0, score) / best;
      if (rel > 0) this.weightOf.set(note, (this.weightOf.get(note) ?? 0) + rel);
    }
  }

  private append(record: TurnRecord): void {
    this.records.push(record);
    this.historyTotal += record.tokens;
    this.index.add(record.turn, turnText(record));
  }

  /** Plain, versioned JSON of the whole state (turn vectors included, int8-quantised). */
  toJSON(): ConversationJson {
    const vectors = this.index.exportVectors();
    return {
      format: CONVERSATION_FORMAT,
      version: CONVERSATION_VERSION,
      id: this.id,
      createdAt: this.createdAt,
      turns: this.records.map((r) => ({ ...r, sent: [...r.sent], recalled: [...r.recalled] })),
      weights: Object.fromEntries(this.weightOf),
      ...(vectors ? { vectors } : {}),
    };
  }

  /** Rebuilds a memory from toJSON() output; a typed failure (never a throw) for anything malformed. */
  static fromJSON(data: unknown, options: Partial<MemoryOptions> = {}): ParsedConversation<ConversationMemory> {
    const parsed = parseConversationJson(data);
    if (!parsed.ok) return parsed;
    const j = parsed.value;
    const m = new ConversationMemory(j.id, options, j.createdAt);
    for (const r of j.turns) m.append({ ...r });
    for (const [note, w] of Object.entries(j.weights)) m.weightOf.set(note, w);
    if (j.vectors) m.index.importVectors(j.vectors);
    return { ok: true, value: m };
  }
}
