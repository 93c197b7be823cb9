// Plain-text rendering of the conversation curve: assumptions first, then an aligned table, then a few
// sentences on how the cost grows, in words a non-specialist can check against the numbers.
import type { ConversationReport, ConversationTurn } from './conversation';

/** Formats a number with at most `digits` significant digits and thousands separators. */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function int(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** Right-aligns every column (the first too) under its header. */
export function alignTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function row(t: ConversationTurn): string[] {
  return [
    String(t.minute),
    int(t.contextTokens) + (t.exceedsWindow ? '*' : ''),
    formatNumber(t.fullResendWh),
    formatNumber(t.prefixCachedWh),
    formatNumber(t.boundedWh),
    `×${formatNumber(t.fullResendWh / t.boundedWh)}`,
    formatNumber(t.cumulative.fullResendWh),
    formatNumber(t.cumulative.prefixCachedWh),
    formatNumber(t.cumulative.boundedWh),
  ];
}

function assumptionLines(r: ConversationReport): string[] {
  const a = r.assumptions;
  const gpus = `${a.gpus} × ${a.hardwareName}${a.gpusFromRule ? ' (smallest power of two holding 1.2 × the weights)' : ''}`;
  return [
    `Model      ${a.modelName}: ${formatNumber(Number(a.modelParamsB))}B parameters` +
      (a.modelActiveParamsB !== a.modelParamsB ? ` (${formatNumber(Number(a.modelActiveParamsB))}B active)` : '') +
      `, window ${int(Number(a.contextWindow))} tokens`,
    `Hardware   ${gpus}, ${a.powerW} W each, decode batch ${a.batch}`,
    `Factors    PUE ${a.pue} · server overhead k ${a.overhead} · MFU ${a.mfu} · memory-bandwidth efficiency η ${a.eta}`,
    `Turn       one per minute: the person says ${a.ratePerMinute} tokens, the model replies ${a.replyTokens}; ` +
      `bounded context = up to ${int(Number(a.budget))} tokens + the new speech`,
    `Per token  ${formatNumber(r.outputTokenJ)} J per output token in a short chat ` +
      `(${formatNumber(r.outputTokenGpuJ)} J at the GPUs alone)`,
  ];
}

function growthSentences(r: ConversationReport): string[] {
  const last = r.turns[r.turns.length - 1]!;
  const out: string[] = [];
  const g = r.growth;
  if (g) {
    out.push(
      `Re-sending the whole history makes every turn dearer as the history grows: a linear part (each weight ` +
        `meets each token) plus a quadratic attention part (each token meets every earlier one; ` +
        `${formatNumber(last.attentionShare * 100, 2)} % of the prefill at minute ${last.minute}). ` +
        `From minute ${g.fromMinute} to ${g.toMinute} the time grew ×${formatNumber(g.toMinute / g.fromMinute)}, ` +
        `the per-turn cost ×${formatNumber(g.perTurnFactor)} (∝ t^${g.perTurnExponent.toFixed(2)}) and the ` +
        `session total ×${formatNumber(g.cumulativeFactor)} (∝ t^${g.cumulativeExponent.toFixed(2)}): polynomial ` +
        `growth, heading for quadratic per turn and cubic in total — not exponential, which would multiply the ` +
        `cost by the same factor every fixed number of minutes, without end.`,
    );
  }
  out.push(
    `Prefix caching keeps the history in GPU memory and prefills only the new speech, so a turn costs ` +
      `${formatNumber(last.prefixCachedWh)} Wh instead of ${formatNumber(last.fullResendWh)} Wh at minute ` +
      `${last.minute}; attention over the cached history and the reply's reading of it still grow with it.`,
  );
  const flat = g ? ` (largest/smallest turn after the budget fills: ×${formatNumber(g.boundedSpread)})` : '';
  out.push(
    `A bounded context costs the same every turn${flat}, so its total grows linearly: at minute ${last.minute} ` +
      `re-sending costs ×${formatNumber(last.fullResendWh / last.boundedWh)} a bounded turn, and ` +
      `×${formatNumber(r.cumulative.fullResendWh / r.cumulative.boundedWh)} over the session.`,
  );
  if (last.decodeBatch < Number(r.assumptions.batch)) {
    out.push(
      `At minute ${last.minute} the history's KV cache leaves room for only ${last.decodeBatch} ` +
        `${last.decodeBatch === 1 ? 'conversation' : 'conversations'} per decode step (of ${r.assumptions.batch}), so each reply token costs more too.`,
    );
  }
  out.push(
    `For scale: a human brain runs on about 20 W, ${formatNumber(r.brainWhPerMinute)} Wh a minute; at minute ` +
      `${last.minute} one re-sent turn equals ${formatNumber(last.fullResendWh / r.brainWhPerMinute)} brain-minutes, ` +
      `a bounded turn ${formatNumber(last.boundedWh / r.brainWhPerMinute)}.`,
  );
  return out;
}

/** The whole text report of `overlay savings`. */
export function renderConversationReport(r: ConversationReport): string {
  const header = [
    'minute', 'context tokens', 'full Wh', 'cached Wh', 'bounded Wh', 'full/bounded',
    'total full Wh', 'total cached Wh', 'total bounded Wh',
  ];
  const lines = [
    'Energy per turn of a long spoken conversation: re-sending the whole history vs a bounded context',
    '',
    ...assumptionLines(r),
    '',
    alignTable(header, r.turns.map(row)),
  ];
  if (r.turns.some((t) => t.exceedsWindow)) {
    lines.push(`* beyond the model's ${int(Number(r.assumptions.contextWindow))}-token window: priced as if it fit.`);
  }
  lines.push('', ...growthSentences(r), '');
  return lines.join('\n');
}
