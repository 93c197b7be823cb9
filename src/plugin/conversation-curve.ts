// Reads the engine's `savings` answer (the cost model's ConversationReport, typed by the protocol) into the points
// the sidebar draws. An answer without usable turns yields null (the sidebar then says so instead of drawing nonsense).
import type { ConversationReport } from '../engine/protocol';
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

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): number | null => (finite(v) ? v : null);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The curve of a `savings` report (`overlay savings --json`), turns sorted by minute; null without usable turns. */
export function conversationCurve(report: ConversationReport | null | undefined): ConversationCurve | null {
  // Typed, but still checked at run time: a reply is data from another process.
  if (!report || !Array.isArray(report.turns)) return null;
  const points: ConversationCurve['points'] = report.turns
    .filter((t) => finite(t.minute) && finite(t.fullResendWh) && finite(t.boundedWh))
    .map((t) => ({
      minute: t.minute,
      fullWh: t.fullResendWh,
      boundedWh: t.boundedWh,
      ...(finite(t.prefixCachedWh) ? { cachedWh: t.prefixCachedWh } : {}),
      fullTokens: numOrNull(t.contextTokens),
      boundedTokens: numOrNull(t.boundedContextTokens),
      exceedsWindow: t.exceedsWindow === true,
    }));
  if (points.length === 0) return null;
  points.sort((a, b) => a.minute - b.minute);
  const assumptions = report.assumptions ?? {};
  const vsCached = report.crossover?.vsCached;
  return {
    model: strOrNull(report.model),
    hardware: strOrNull(report.hardware),
    tokensPerMinute: numOrNull(assumptions['ratePerMinute']),
    points,
    brainWhPerMinute: numOrNull(report.brainWhPerMinute),
    winsVsCached: vsCached ? { perTurn: numOrNull(vsCached.perTurn), total: numOrNull(vsCached.total) } : null,
    kvRetention: strOrNull(assumptions['kvRetention']),
  };
}
