// The plugin's settings: shape, defaults, and migration of whatever data.json holds (older versions,
// hand edits, garbage) into a valid current settings object without losing the values that are valid.
import { DEFAULT_HARDWARE_ID, DEFAULT_MODEL_ID } from '../core/cost/ask-saving';
import type { EngineMethods } from '../engine/protocol';
import { DEFAULT_BUDGET } from '../core/defaults';

/** Current settings format. v0 is data written before the version field existed (same field names). */
export const SETTINGS_VERSION = 1;

/** The zero-download embedder built from the vault itself. */
export const LOCAL_EMBEDDER = 'local';

/** Embedders offered in the settings tab (transformers.js ids; any other Hugging Face id can be typed in). */
export const EMBEDDER_CHOICES: { id: string; label: string }[] = [
  { id: LOCAL_EMBEDDER, label: 'Built-in (no download)' },
  { id: 'Xenova/all-MiniLM-L6-v2', label: 'all-MiniLM-L6-v2 (English, small)' },
  { id: 'Xenova/bge-small-en-v1.5', label: 'bge-small-en-v1.5 (English, better retrieval)' },
  { id: 'Xenova/multilingual-e5-small', label: 'multilingual-e5-small (many languages)' },
];

/** An OpenAI-compatible chat endpoint used to write answers from the bounded context. */
export interface LlmSettings {
  enabled: boolean;
  /** Base URL, e.g. http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1. */
  baseUrl: string;
  model: string;
  /** Stored in the plugin's data.json in plain text, like every plugin setting. */
  apiKey: string;
  /** Let the model rank the retrieved candidates before packing (one more, short request per question). */
  rank: boolean;
}

/** Everything the person can set. */
export interface OverlaySettings {
  version: number;
  /** Token budget of the bounded context. */
  budget: number;
  /** 'local' or a transformers.js model id. */
  embedder: string;
  /** Model preset id of the energy estimate (src/core/cost/presets.ts). */
  energyModel: string;
  /** Hardware preset id of the energy estimate. */
  hardware: string;
  /** Minutes into a conversation at which the long-conversation curve is shown. */
  conversationMinutes: number[];
  /** Related notes shown on hover and in the sidebar. */
  relatedCount: number;
  /** Add related notes to the page-preview popover. */
  hoverRelated: boolean;
  llm: LlmSettings;
}

/** Defaults for a fresh install. */
export const DEFAULT_SETTINGS: OverlaySettings = {
  version: SETTINGS_VERSION,
  budget: DEFAULT_BUDGET,
  embedder: LOCAL_EMBEDDER,
  // The engine prices each question with the same defaults, so sidebar and answers agree out of the box.
  energyModel: DEFAULT_MODEL_ID,
  hardware: DEFAULT_HARDWARE_ID,
  conversationMinutes: [5, 55, 205, 305, 505],
  relatedCount: 5,
  hoverRelated: true,
  llm: { enabled: false, baseUrl: 'http://localhost:11434/v1', model: '', apiKey: '', rank: false },
};

/** Limits applied to numbers read from data.json or typed in the settings tab. */
export const LIMITS = {
  budget: { min: 200, max: 128_000 },
  relatedCount: { min: 1, max: 20 },
  minute: { min: 1, max: 10_000 },
} as const;

/** A fresh copy of the defaults. */
export function defaultSettings(): OverlaySettings {
  return structuredClone(DEFAULT_SETTINGS);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intIn(v: unknown, min: number, max: number, fallback: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v.trim() : fallback;
}

function nonEmpty(v: unknown, fallback: string): string {
  const s = str(v, '');
  return s === '' ? fallback : s;
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

/** Parses "5, 55, 205" (or an array) into sorted, unique, in-range minutes; null when none is valid. */
export function parseMinutes(v: unknown): number[] | null {
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,;]+/) : [];
  const out = new Set<number>();
  for (const p of parts) {
    const n = typeof p === 'number' ? p : Number(String(p).trim());
    if (String(p).trim() === '' || !Number.isFinite(n)) continue;
    out.add(Math.min(LIMITS.minute.max, Math.max(LIMITS.minute.min, Math.round(n))));
  }
  return out.size > 0 ? [...out].sort((a, b) => a - b) : null;
}

/**
 * Turns stored settings of any version into current settings. Unknown fields are dropped, invalid values
 * fall back to the default one by one (so one bad field never resets the rest), numbers are clamped.
 * Data from a newer plugin version keeps the fields this version understands.
 */
export function migrateSettings(raw: unknown): OverlaySettings {
  const d = defaultSettings();
  if (!isRecord(raw)) return d;
  const llm = isRecord(raw.llm) ? raw.llm : {};
  return {
    version: SETTINGS_VERSION,
    budget: intIn(raw.budget, LIMITS.budget.min, LIMITS.budget.max, d.budget),
    embedder: nonEmpty(raw.embedder, d.embedder),
    energyModel: nonEmpty(raw.energyModel, d.energyModel),
    hardware: nonEmpty(raw.hardware, d.hardware),
    conversationMinutes: parseMinutes(raw.conversationMinutes) ?? d.conversationMinutes,
    relatedCount: intIn(raw.relatedCount, LIMITS.relatedCount.min, LIMITS.relatedCount.max, d.relatedCount),
    hoverRelated: bool(raw.hoverRelated, d.hoverRelated),
    llm: {
      enabled: bool(llm.enabled, d.llm.enabled),
      baseUrl: str(llm.baseUrl, d.llm.baseUrl),
      model: str(llm.model, d.llm.model),
      apiKey: str(llm.apiKey, d.llm.apiKey),
      rank: bool(llm.rank, d.llm.rank),
    },
  };
}

/** The engine's embedder spec for a settings value: 'local' or 'transformers:<model-id>'. */
export function embedderSpec(embedder: string): string {
  return embedder === LOCAL_EMBEDDER || embedder === '' ? LOCAL_EMBEDDER : `transformers:${embedder}`;
}

/** The `llm` param of an `ask` request, or null when answers are extractive (LLM off or incomplete). */
export function llmConfig(s: OverlaySettings): { url: string; model: string; apiKey?: string } | null {
  if (!s.llm.enabled || s.llm.baseUrl === '' || s.llm.model === '') return null;
  return { url: s.llm.baseUrl, model: s.llm.model, ...(s.llm.apiKey !== '' ? { apiKey: s.llm.apiKey } : {}) };
}

/** Params of an `ask` request for `question` under the current settings. */
export function askParams(question: string, s: OverlaySettings): EngineMethods['ask'][0] {
  const llm = llmConfig(s);
  return {
    question,
    budget: s.budget,
    energyModel: s.energyModel,
    hardware: s.hardware,
    ...(llm ? { llm, ...(s.llm.rank ? { rankLlm: true } : {}) } : {}),
  };
}
