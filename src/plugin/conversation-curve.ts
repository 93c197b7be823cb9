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
  points: (CurvePoint & { fullTokens: number | null; boundedTokens: number | null })[];
  /** Assumptions as the engine states them (shown under the chart). */
  notes: string[];
}

function rec(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A side's value: `fullWh` / `full: {wh}` / `full: {energyWh}` (and the same for tokens). */
function side(p: Record<string, unknown>, name: 'full' | 'bounded', what: 'wh' | 'tokens'): number | null {
  const flat = what === 'wh' ? num(p[`${name}Wh`]) : num(p[`${name}Tokens`]);
  if (flat !== null) return flat;
  const nested = rec(p[name]);
  if (!nested) return null;
  return what === 'wh' ? (num(nested.wh) ?? num(nested.energyWh)) : (num(nested.tokens) ?? num(nested.promptTokens));
}

/**
 * Parses `{ model, hardware, tokensPerMinute?, points: [{ minute, fullWh, boundedWh, fullTokens?, boundedTokens? }],
 * notes? }`; `points` may also be called `curve` or sit under `conversation`, and each side may be nested
 * as `full: { wh, tokens }`.
 */
export function parseConversationCurve(raw: unknown): ConversationCurve | null {
  const top = rec(raw);
  if (!top) return null;
  const scope = rec(top.conversation) ?? top;
  const list = Array.isArray(scope.points) ? scope.points : Array.isArray(scope.curve) ? scope.curve : null;
  if (!list) return null;
  const points: ConversationCurve['points'] = [];
  for (const item of list) {
    const p = rec(item);
    if (!p) continue;
    const minute = num(p.minute) ?? num(p.minutes);
    const fullWh = side(p, 'full', 'wh');
    const boundedWh = side(p, 'bounded', 'wh');
    if (minute === null || fullWh === null || boundedWh === null) continue;
    points.push({ minute, fullWh, boundedWh, fullTokens: side(p, 'full', 'tokens'), boundedTokens: side(p, 'bounded', 'tokens') });
  }
  if (points.length === 0) return null;
  points.sort((a, b) => a.minute - b.minute);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const notesRaw = scope.notes ?? top.notes ?? scope.assumptions ?? top.assumptions;
  const notes = Array.isArray(notesRaw) ? notesRaw.filter((n): n is string => typeof n === 'string') : typeof notesRaw === 'string' ? [notesRaw] : [];
  return {
    model: str(scope.model) ?? str(top.model),
    hardware: str(scope.hardware) ?? str(top.hardware),
    tokensPerMinute: num(scope.tokensPerMinute) ?? num(top.tokensPerMinute),
    points,
    notes,
  };
}
