// The long-conversation curve: per-turn and cumulative energy of re-sending the whole history, of the same
// with prefix caching, and of a bounded context. A turn is one minute: the person says `rate` tokens, the
// model answers `reply` tokens (see docs/cost-model.md for the exact definition).
import { ANCHOR_CONTEXT } from './calibration';
import { DEFAULT_BUDGET, DEFAULT_HARDWARE_ID } from '../defaults';
import { attentionShare, decodeStep, modelShape, prefillTokenGpuJ } from './energy-model';
import { conversationAssumptions } from './conversation-assumptions';
import {
  firstLastingWin,
  turnCost,
  type CachePolicy,
  type StrategyWh,
  type TurnCost,
  type TurnShape,
} from './conversation-turn';
export type { StrategyWh } from './conversation-turn';
import {
  DEFAULT_CACHE_TTL_MINUTES,
  DEFAULT_KV_RETENTION,
  DEFAULT_PAUSE_MINUTES,
  type KvRetention,
} from './kv-retention';
import { resolveSetup, type SetupOptions } from './setup';

/** Minutes shown by default, to sit next to the table the person once got from a chatbot. */
export const DEFAULT_MINUTES: readonly number[] = [5, 55, 205, 305, 505];
/** Default model of the conversation curve. */
export const DEFAULT_CONVERSATION_MODEL = 'dense-1t';
/** Default hardware of the conversation curve. */
export const DEFAULT_CONVERSATION_HARDWARE = DEFAULT_HARDWARE_ID;
/** Tokens spoken per minute: ~150 words/min conversational speech × 1.36 tokens/word (docs/design.md) ≈ 204. */
export const DEFAULT_RATE = 200;
/** Tokens per reply: about as long as what the person said in the minute. */
export const DEFAULT_REPLY = 200;
/** Bounded context size in tokens (the product's default budget). */
export { DEFAULT_BUDGET };
/** Power of a human brain, W (Raichle & Gusnard 2002, PNAS: ~20 % of the body's ~100 W at rest). */
export const BRAIN_WATTS = 20;
/** Longest session simulated, in minutes (two weeks of talk), to keep the run short. */
export const MAX_MINUTES = 20_160;

/** Options of `simulateConversation`; all optional. */
export interface ConversationOptions extends SetupOptions {
  minutes?: readonly number[] | undefined;
  budget?: number | undefined;
  rate?: number | undefined;
  reply?: number | undefined;
  /** Where the prefix-cached strategy keeps the history's KV cache between turns (default: offloaded). */
  kvRetention?: KvRetention | undefined;
  /** Minutes between two requests (default 1). */
  pauseMinutes?: number | undefined;
  /** Minutes a provider keeps a cache (default 5); a longer pause re-prefills the history. */
  cacheTtlMinutes?: number | undefined;
  /** Prompt length at which `prefillTokenGpuJ` is reported (default: the budget). */
  context?: number | undefined;
}

/** One row of the curve. */
export interface ConversationTurn extends StrategyWh {
  minute: number;
  /** The prefix-cached turn with the history held in HBM, and offloaded to host memory (`prefixCachedWh` is one of them). */
  prefixCachedHbmWh: number;
  prefixCachedOffloadWh: number;
  /** Part of `prefixCachedWh` spent keeping the history's KV cache since the last turn. */
  cacheRetentionWh: number;
  /** True when the pause outlived the cache TTL, so the cached strategy prefilled the whole history again. */
  cacheExpired: boolean;
  /** Prompt tokens when the whole history is re-sent: (minute − 1)·(rate + reply) + rate. */
  contextTokens: number;
  /** Prompt tokens of the bounded context: min(budget, history) + rate. */
  boundedContextTokens: number;
  /** True when the re-sent history no longer fits the model's context window. */
  exceedsWindow: boolean;
  /** Share of the re-sent prefill FLOPs spent in attention. */
  attentionShare: number;
  /** Decode batch reached at this context (below the requested batch when the KV cache fills memory). */
  decodeBatch: number;
  /** Energies summed over minutes 1..minute. */
  cumulative: StrategyWh;
}

/** How the curve grows between half the session and its end (local power-law exponents). */
export interface GrowthSummary {
  fromMinute: number;
  toMinute: number;
  perTurnFactor: number;
  perTurnExponent: number;
  cumulativeFactor: number;
  cumulativeExponent: number;
  /** Largest / smallest bounded per-turn energy once the budget is full (1 = perfectly flat). */
  boundedSpread: number;
}

/** First minute from which the bounded context stays cheaper than a baseline (null: not within the session). */
export interface Crossover {
  perTurn: number | null;
  total: number | null;
}

/** The full report (`overlay savings --json`). */
export interface ConversationReport {
  model: string;
  hardware: string;
  assumptions: Record<string, string | number | boolean>;
  /** Facility energy per output token in a short chat (500-token context), J. */
  outputTokenJ: number;
  /** The same at the accelerators only (comparable to ML.ENERGY), J. */
  outputTokenGpuJ: number;
  /** Accelerator J per input token of a fresh prefill of `prefillContext` tokens (comparable to anchors A1–A4). */
  prefillTokenGpuJ: number;
  prefillContext: number;
  /** Where the bounded context starts to win against re-sending and against the cached history. */
  crossover: { vsFull: Crossover; vsCached: Crossover };
  turns: ConversationTurn[];
  cumulative: StrategyWh;
  growth?: GrowthSummary;
  /** Energy of a 20 W brain over one minute, Wh. */
  brainWhPerMinute: number;
}

function isCount(v: number, min: number): boolean {
  return Number.isInteger(v) && v >= min;
}

/** Problems with the options (empty when they are usable). Call before `simulateConversation` to get them as data. */
export function checkConversation(opts: ConversationOptions): string[] {
  const problems: string[] = [];
  const setup = resolveSetup(opts, { model: DEFAULT_CONVERSATION_MODEL, hardware: DEFAULT_CONVERSATION_HARDWARE });
  if (!setup.ok) problems.push(setup.error);
  const minutes = opts.minutes ?? DEFAULT_MINUTES;
  if (minutes.length === 0) problems.push('minutes: give at least one minute');
  for (const m of minutes) {
    if (!isCount(m, 1) || m > MAX_MINUTES)
      problems.push(`minutes: ${m} is not a whole number from 1 to ${MAX_MINUTES}`);
  }
  if (opts.budget !== undefined && !isCount(opts.budget, 1))
    problems.push(`budget must be a positive whole number, got ${opts.budget}`);
  if (opts.rate !== undefined && !isCount(opts.rate, 1))
    problems.push(`rate must be a positive whole number, got ${opts.rate}`);
  if (opts.reply !== undefined && !isCount(opts.reply, 0))
    problems.push(`reply must be a whole number ≥ 0, got ${opts.reply}`);
  if (opts.context !== undefined && !isCount(opts.context, 1))
    problems.push(`context must be a positive whole number, got ${opts.context}`);
  for (const [name, v] of [
    ['pauseMinutes', opts.pauseMinutes],
    ['cacheTtlMinutes', opts.cacheTtlMinutes],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) problems.push(`${name} must be a positive number, got ${v}`);
  }
  if (opts.kvRetention !== undefined && opts.kvRetention !== 'hbm' && opts.kvRetention !== 'offload') {
    problems.push(`kvRetention must be "hbm" or "offload", got "${String(opts.kvRetention)}"`);
  }
  return problems;
}

function exponent(factor: number, timeFactor: number): number {
  return Math.log(factor) / Math.log(timeFactor);
}

/**
 * Simulates a conversation minute by minute up to the last requested minute and reports the requested rows.
 * Throws on invalid options (programming error); use `checkConversation` first to report them to a user.
 */
export function simulateConversation(opts: ConversationOptions = {}): ConversationReport {
  const problems = checkConversation(opts);
  if (problems.length > 0) throw new Error(`conversation: ${problems.join('; ')}`);
  const r = resolveSetup(opts, { model: DEFAULT_CONVERSATION_MODEL, hardware: DEFAULT_CONVERSATION_HARDWARE });
  if (!r.ok) throw new Error(`conversation: ${r.error}`);
  const setup = r.setup;
  const rate = opts.rate ?? DEFAULT_RATE;
  const reply = opts.reply ?? DEFAULT_REPLY;
  const budget = opts.budget ?? DEFAULT_BUDGET;
  const turnShape: TurnShape = { rate, reply, budget };
  const policy: CachePolicy = {
    where: opts.kvRetention ?? DEFAULT_KV_RETENTION,
    pauseMinutes: opts.pauseMinutes ?? DEFAULT_PAUSE_MINUTES,
    ttlMinutes: opts.cacheTtlMinutes ?? DEFAULT_CACHE_TTL_MINUTES,
  };
  const wanted = [...new Set(opts.minutes ?? DEFAULT_MINUTES)].sort((a, b) => a - b);
  const last = wanted[wanted.length - 1]!;
  const half = Math.max(1, Math.round(last / 2));
  const shape = modelShape(setup.model);

  const cache = new Map<number, number>();
  const perTurn: TurnCost[] = [];
  const sums: StrategyWh[] = [];
  const total: StrategyWh = { fullResendWh: 0, prefixCachedWh: 0, boundedWh: 0 };
  for (let t = 1; t <= last; t++) {
    const c = turnCost(setup, t, turnShape, policy, cache);
    total.fullResendWh += c.fullResendWh;
    total.prefixCachedWh += c.prefixCachedWh;
    total.boundedWh += c.boundedWh;
    perTurn.push(c);
    sums.push({ ...total });
  }

  const turns: ConversationTurn[] = wanted.map((minute) => {
    const c = perTurn[minute - 1]!;
    return {
      minute,
      contextTokens: c.context,
      boundedContextTokens: c.bounded,
      fullResendWh: c.fullResendWh,
      prefixCachedWh: c.prefixCachedWh,
      boundedWh: c.boundedWh,
      prefixCachedHbmWh: c.cachedHbmWh,
      prefixCachedOffloadWh: c.cachedOffloadWh,
      cacheRetentionWh: c.retentionWh,
      cacheExpired: c.expired,
      exceedsWindow: c.context + reply > setup.model.contextWindow,
      attentionShare: attentionShare(shape, c.context),
      decodeBatch: decodeStep(setup, c.context + reply).batch,
      cumulative: sums[minute - 1]!,
    };
  });

  let growth: GrowthSummary | undefined;
  if (last >= 2) {
    const a = perTurn[half - 1]!;
    const b = perTurn[last - 1]!;
    const full = perTurn.filter((p) => p.bounded === budget + rate).map((p) => p.boundedWh);
    const perTurnFactor = b.fullResendWh / a.fullResendWh;
    const cumulativeFactor = sums[last - 1]!.fullResendWh / sums[half - 1]!.fullResendWh;
    growth = {
      fromMinute: half,
      toMinute: last,
      perTurnFactor,
      perTurnExponent: exponent(perTurnFactor, last / half),
      cumulativeFactor,
      cumulativeExponent: exponent(cumulativeFactor, last / half),
      boundedSpread: full.length > 0 ? Math.max(...full) / Math.min(...full) : 1,
    };
  }

  const short = decodeStep(setup, ANCHOR_CONTEXT);
  const prefillContext = opts.context ?? budget;
  return {
    model: setup.model.id,
    hardware: setup.hardware.id,
    assumptions: conversationAssumptions(setup, turnShape, policy),
    outputTokenJ: short.jPerToken,
    outputTokenGpuJ: short.gpuJPerToken,
    prefillTokenGpuJ: prefillTokenGpuJ(setup, prefillContext),
    prefillContext,
    crossover: {
      vsFull: crossover(perTurn, sums, 'fullResendWh'),
      vsCached: crossover(perTurn, sums, 'prefixCachedWh'),
    },
    turns,
    cumulative: total,
    ...(growth ? { growth } : {}),
    brainWhPerMinute: BRAIN_WATTS / 60,
  };
}

/** Where the bounded context starts to win for good against a baseline, per turn and in total. */
function crossover(perTurn: readonly StrategyWh[], sums: readonly StrategyWh[], baseline: keyof StrategyWh): Crossover {
  return {
    perTurn: firstLastingWin(
      perTurn.map((p) => p.boundedWh),
      perTurn.map((p) => p[baseline]),
    ),
    total: firstLastingWin(
      sums.map((x) => x.boundedWh),
      sums.map((x) => x[baseline]),
    ),
  };
}
