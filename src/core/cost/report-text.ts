// Plain-text rendering of the conversation curve: assumptions first, then an aligned table, then a few
// sentences on how the cost grows, in words a non-specialist can check against the numbers.
import type { ConversationReport, ConversationTurn, Crossover } from './conversation';
import { formatWh } from './format-energy';

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
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padStart(widths[i]!))
      .join('  ')
      .trimEnd();
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
    `Factors    PUE ${a.pue} · server overhead k ${a.overhead} · decode MFU ${a.mfu} · memory-bandwidth efficiency η ${a.eta}`,
    `Prefill    ${a.prefillPowerW} W per GPU (board limit) · MFU ${a.prefillMfu} · attention efficiency ` +
      `${a.attentionEfficiency} · tensor parallel ${a.tensorParallel} (keeps ${formatNumber(Number(a.tensorParallelEfficiency) * 100, 2)} %, ` +
      `ρ ${a.tpEfficiencyPerDoubling} per doubling)`,
    `Cache      the cached column keeps the history's KV cache ${a.kvRetention === 'hbm' ? 'in GPU memory' : 'offloaded to host memory'} ` +
      `for the ${a.pauseMinutes}-minute pause between turns; a cache lives ${a.cacheTtlMinutes} min`,
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
  out.push(...cacheSentences(r, last));
  const flat = g ? ` (largest/smallest turn after the budget fills: ×${formatNumber(g.boundedSpread)})` : '';
  out.push(
    `A bounded context costs the same every turn${flat}, so its total grows linearly: at minute ${last.minute} ` +
      `re-sending costs ×${formatNumber(last.fullResendWh / last.boundedWh)} a bounded turn, and ` +
      `×${formatNumber(r.cumulative.fullResendWh / r.cumulative.boundedWh)} over the session.`,
  );
  out.push(...crossoverSentences(r));
  if (last.decodeBatch < Number(r.assumptions.batch)) {
    out.push(
      `At minute ${last.minute} the history's KV cache leaves room for only ${last.decodeBatch} ` +
        `${last.decodeBatch === 1 ? 'conversation' : 'conversations'} per decode step (of ${r.assumptions.batch}), so each reply token costs more too.`,
    );
  }
  out.push(
    `For scale: a human brain runs on about 20 W, ${formatWh(r.brainWhPerMinute)} a minute; at minute ` +
      `${last.minute} one re-sent turn equals ${formatNumber(last.fullResendWh / r.brainWhPerMinute)} brain-minutes, ` +
      `a bounded turn ${formatNumber(last.boundedWh / r.brainWhPerMinute)}.`,
  );
  return out;
}

function cacheSentences(r: ConversationReport, last: ConversationTurn): string[] {
  const where = r.assumptions.kvRetention === 'hbm' ? 'held in GPU memory' : 'offloaded to host memory';
  if (last.cacheExpired) {
    return [
      `The pause (${r.assumptions.pauseMinutes} min) outlives the cache (${r.assumptions.cacheTtlMinutes} min), so the ` +
        `"cached" strategy prefills the whole history again every turn and costs ${formatWh(last.prefixCachedWh)} ` +
        `at minute ${last.minute}, about as much as re-sending.`,
    ];
  }
  return [
    `Prefix caching prefills only the new speech, but the history's KV cache must be kept between turns: ${where} ` +
      `it costs ${formatWh(last.cacheRetentionWh)} of the ${formatWh(last.prefixCachedWh)} turn at ` +
      `minute ${last.minute} (${
        r.assumptions.kvRetention === 'hbm'
          ? `offloaded to host memory instead, ${formatWh(last.prefixCachedOffloadWh)}`
          : `held in GPU memory instead, ${formatWh(last.prefixCachedHbmWh)}`
      }); the reply's reading of the cached history grows ` +
      `with it, and a pause longer than the cache's ${r.assumptions.cacheTtlMinutes} min re-prefills everything.`,
  ];
}

function winText(c: Crossover, last: number): string {
  const from = (m: number): string => (m === 1 ? 'from the first minute' : `from minute ${m}`);
  if (c.perTurn !== null && c.total !== null) return `wins per turn ${from(c.perTurn)} and in total ${from(c.total)}`;
  if (c.perTurn !== null) return `wins per turn ${from(c.perTurn)}, but not in total within ${last} minutes`;
  if (c.total !== null) return `wins in total ${from(c.total)}, but not every turn`;
  return `does not win within ${last} minutes, per turn or in total`;
}

function crossoverSentences(r: ConversationReport): string[] {
  const last = r.turns[r.turns.length - 1]!.minute;
  const { vsFull, vsCached } = r.crossover;
  const out = [`Against re-sending the whole history the bounded context ${winText(vsFull, last)}.`];
  const why =
    vsCached.perTurn === null
      ? ' A kept cache prefills only the new speech while the bounded context prefills its whole budget every turn, ' +
        'so the cache stays cheaper as long as it lives; the bounded context wins when pauses outlive the cache, and it ' +
        'needs no cache at all.'
      : '';
  out.push(`Against the cached history the bounded context ${winText(vsCached, last)}.${why}`);
  return out;
}

/** The whole text report of `overlay savings`. */
export function renderConversationReport(r: ConversationReport): string {
  const header = [
    'minute',
    'context tokens',
    'full Wh',
    'cached Wh',
    'bounded Wh',
    'full/bounded',
    'total full Wh',
    'total cached Wh',
    'total bounded Wh',
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
