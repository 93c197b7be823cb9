// Reads the engine's `savings` answer (the long-conversation part of the cost model) into the points
// the sidebar draws. The protocol types that result as `unknown`, so it is checked here field by field
// and anything unusable yields null (the sidebar then says so instead of drawing nonsense).
import type { CurvePoint } from './savings-charts';

/** Per-turn cost at chosen minutes of a conversation, full history versus bounded context. */
export interface ConversationCurve {
  model: string | null;
  hardware: string | null;
  /** Tokens spoken per minute the curve assumes, if given. */
  tokensPerMinute: number | null;
  points: (CurvePoint & { fullTokens: number | null; boundedTokens: number | null; exceedsWindow: boolean })[];
  /** Energy of a 20 W human brain over one minute, Wh (a reference scale), if given. */
  brainWhPerMinute: number | null;
  /** First minute from which the bounded context stays cheaper than the cached history (per turn, in total), if given. */
  winsVsCached: { perTurn: number | null; total: number | null } | null;
  /** Where the cached history waits between turns ("hbm" or "offload"), if given. */
  kvRetention: string | null;
}

function rec(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function cachedCrossover(v: unknown): ConversationCurve['winsVsCached'] {
  const c = rec(rec(v)?.vsCached);
  return c ? { perTurn: num(c.perTurn), total: num(c.total) } : null;
}

/**
 * Parses the cost model's ConversationReport (`overlay savings --json`: `turns` of `{ minute, fullResendWh,
 * prefixCachedWh, boundedWh, contextTokens, boundedContextTokens, exceedsWindow }`, `assumptions.ratePerMinute`,
 * `brainWhPerMinute`). Also accepts `points` of `{ minute, fullWh, boundedWh, cachedWh? }`.
 */
export function parseConversationCurve(raw: unknown): ConversationCurve | null {
  const top = rec(raw);
  if (!top) return null;
  const list = Array.isArray(top.turns) ? top.turns : Array.isArray(top.points) ? top.points : null;
  if (!list) return null;
  const points: ConversationCurve['points'] = [];
  for (const item of list) {
    const p = rec(item);
    if (!p) continue;
    const minute = num(p.minute);
    const fullWh = num(p.fullResendWh) ?? num(p.fullWh);
    const boundedWh = num(p.boundedWh);
    if (minute === null || fullWh === null || boundedWh === null) continue;
    const cachedWh = num(p.prefixCachedWh) ?? num(p.cachedWh);
    points.push({
      minute,
      fullWh,
      boundedWh,
      ...(cachedWh !== null ? { cachedWh } : {}),
      fullTokens: num(p.contextTokens) ?? num(p.fullTokens),
      boundedTokens: num(p.boundedContextTokens) ?? num(p.boundedTokens),
      exceedsWindow: p.exceedsWindow === true,
    });
  }
  if (points.length === 0) return null;
  points.sort((a, b) => a.minute - b.minute);
  const assumptions = rec(top.assumptions) ?? {};
  return {
    model: str(top.model),
    hardware: str(top.hardware),
    tokensPerMinute: num(assumptions.ratePerMinute) ?? num(top.tokensPerMinute),
    points,
    brainWhPerMinute: num(top.brainWhPerMinute),
    winsVsCached: cachedCrossover(top.crossover),
    kvRetention: str(assumptions.kvRetention),
  };
}
