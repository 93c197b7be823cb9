// Ask history and running totals for this vault: what each question cost with the bounded context
// versus the whole vault. Lives in data.json next to the settings (the DataFile saves it).
import type { AskResult } from '../engine/protocol';

/** Questions kept in the history (totals count every question ever asked). */
export const HISTORY_LIMIT = 50;

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
}

/** Running totals over every question asked in this vault. */
export interface SavingsTotals {
  questions: number;
  contextTokens: number;
  fullTokens: number;
  /** Wh of the questions that had an energy estimate. */
  whBounded: number;
  whFull: number;
}

/** What data.json stores under `savings`. */
export interface SavingsData {
  version: 1;
  totals: SavingsTotals;
  recent: AskRecord[];
}

/** Empty history. */
export function emptySavings(): SavingsData {
  return { version: 1, totals: { questions: 0, contextTokens: 0, fullTokens: 0, whBounded: 0, whFull: 0 }, recent: [] };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
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
  };
}

/** Reads stored savings, dropping malformed entries rather than the whole history. */
export function migrateSavings(raw: unknown): SavingsData {
  const out = emptySavings();
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  out.recent = (Array.isArray(r.recent) ? r.recent : []).map(parseRecord).filter((x): x is AskRecord => x !== null).slice(-HISTORY_LIMIT);
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
