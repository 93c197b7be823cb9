// Ask history and running totals for this vault: what each question cost with the bounded context
// versus the whole vault, and in a conversation the history tokens recalled instead of re-sent. Lives in
// data.json next to the settings (the DataFile saves it).
import type { AskResult } from '../engine/protocol';

/** Questions kept in the history (totals count every question ever asked). */
export const HISTORY_LIMIT = 50;

/**
 * Format of the stored savings. v1 had no conversation fields; v2 adds each record's turn and history
 * tokens and the total history saving (v1 data reads as questions asked outside a conversation).
 */
export const SAVINGS_VERSION = 2;

/** One asked question. */
export interface AskRecord {
  /** Epoch milliseconds. */
  at: number;
  question: string;
  contextTokens: number;
  fullTokens: number;
  /** Energy estimate in Wh, when the engine computed one. */
  whBounded: number | null;
  whFull: number | null;
  model: string | null;
  hardware: string | null;
  /** Turn number when the question was asked in a conversation, else null. */
  turn: number | null;
  /** Tokens of the earlier turns recalled into the context (conversation only). */
  historyTokens: number | null;
  /** Tokens that re-sending every earlier turn would have added (conversation only). */
  fullHistoryTokens: number | null;
}

/** Running totals over every question asked in this vault. */
export interface SavingsTotals {
  questions: number;
  contextTokens: number;
  fullTokens: number;
  /** Wh of the questions that had an energy estimate. */
  whBounded: number;
  whFull: number;
  /** History tokens not re-sent: over conversation turns, what re-sending the history would add minus what was recalled. */
  historyTokensSaved: number;
}

/** What data.json stores under `savings`. */
export interface SavingsData {
  version: typeof SAVINGS_VERSION;
  totals: SavingsTotals;
  recent: AskRecord[];
}

/** Empty history. */
export function emptySavings(): SavingsData {
  return {
    version: SAVINGS_VERSION,
    totals: { questions: 0, contextTokens: 0, fullTokens: 0, whBounded: 0, whFull: 0, historyTokensSaved: 0 },
    recent: [],
  };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

function turnNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null;
}

/** History tokens a record saved (0 outside a conversation). */
export function historySaved(r: Pick<AskRecord, 'historyTokens' | 'fullHistoryTokens'>): number {
  return r.historyTokens !== null && r.fullHistoryTokens !== null
    ? Math.max(0, r.fullHistoryTokens - r.historyTokens)
    : 0;
}

function parseRecord(v: unknown): AskRecord | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const at = num(r.at);
  const ctx = num(r.contextTokens);
  const full = num(r.fullTokens);
  if (at === null || ctx === null || full === null || typeof r.question !== 'string') return null;
  return {
    at,
    question: r.question,
    contextTokens: ctx,
    fullTokens: full,
    whBounded: num(r.whBounded),
    whFull: num(r.whFull),
    model: typeof r.model === 'string' ? r.model : null,
    hardware: typeof r.hardware === 'string' ? r.hardware : null,
    // Absent in v1 records: those questions were asked outside a conversation.
    turn: turnNumber(r.turn),
    historyTokens: num(r.historyTokens),
    fullHistoryTokens: num(r.fullHistoryTokens),
  };
}

/**
 * Reads stored savings of any version (v1 without conversation fields, v2), dropping malformed entries
 * rather than the whole history; fields of a newer version that this one does not know are dropped.
 */
export function migrateSavings(raw: unknown): SavingsData {
  const out = emptySavings();
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  out.recent = (Array.isArray(r.recent) ? r.recent : [])
    .map(parseRecord)
    .filter((x): x is AskRecord => x !== null)
    .slice(-HISTORY_LIMIT);
  const t = (typeof r.totals === 'object' && r.totals !== null ? r.totals : {}) as Record<string, unknown>;
  for (const k of Object.keys(out.totals) as (keyof SavingsTotals)[]) out.totals[k] = num(t[k]) ?? 0;
  // Totals can never be below what the kept history proves (e.g. totals lost to a hand edit).
  if (out.totals.questions < out.recent.length) {
    out.totals = out.recent.reduce((acc, x) => addTo(acc, x), emptySavings().totals);
  }
  return out;
}

function addTo(t: SavingsTotals, r: AskRecord): SavingsTotals {
  const hasWh = r.whBounded !== null && r.whFull !== null;
  return {
    questions: t.questions + 1,
    contextTokens: t.contextTokens + r.contextTokens,
    fullTokens: t.fullTokens + r.fullTokens,
    whBounded: t.whBounded + (hasWh ? r.whBounded! : 0),
    whFull: t.whFull + (hasWh ? r.whFull! : 0),
    historyTokensSaved: t.historyTokensSaved + historySaved(r),
  };
}

/** A record from an engine answer. */
export function recordFromAsk(result: AskResult, at: number): AskRecord {
  return {
    at,
    question: result.question,
    contextTokens: result.context.tokens,
    fullTokens: result.full.tokens,
    whBounded: result.saving?.energyWh.bounded ?? null,
    whFull: result.saving?.energyWh.full ?? null,
    model: result.saving?.model ?? null,
    hardware: result.saving?.hardware ?? null,
    turn: result.conversation?.turn ?? null,
    historyTokens: result.conversation?.historyTokens ?? null,
    fullHistoryTokens: result.conversation?.fullHistoryTokens ?? null,
  };
}

/** Ask history with change notification; `persist` writes data.json (through the DataFile). */
export class SavingsStore {
  private listeners = new Set<() => void>();

  constructor(
    private data: SavingsData,
    private readonly persist: () => Promise<void>,
  ) {}

  /** Totals over all questions. */
  get totals(): SavingsTotals {
    return { ...this.data.totals };
  }

  /** Kept questions, oldest first. */
  get recent(): AskRecord[] {
    return [...this.data.recent];
  }

  /** Adds one answered question and saves. */
  async record(result: AskResult, at = Date.now()): Promise<AskRecord> {
    const rec = recordFromAsk(result, at);
    this.data.totals = addTo(this.data.totals, rec);
    this.data.recent = [...this.data.recent, rec].slice(-HISTORY_LIMIT);
    this.changed();
    await this.persist();
    return rec;
  }

  /** Forgets the history and totals. */
  async reset(): Promise<void> {
    const fresh = emptySavings();
    this.data.totals = fresh.totals;
    this.data.recent = fresh.recent;
    this.changed();
    await this.persist();
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
