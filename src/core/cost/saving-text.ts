// The saving of one question in words, one line per baseline, each naming what it compares with. Shared by
// `overlay ask`, the demo and the plugin so they say the same thing.
import type { AskSaving, SavingBaseline } from '../types';
import { formatWh } from './format-energy';
import { findHardware, findModel } from './presets';

function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "Llama-3.1-70B on NVIDIA H100 SXM 80GB" (ids as they are when unknown). */
export function energyModelLabel(s: Pick<AskSaving, 'model' | 'hardware'>): string {
  return `${findModel(s.model)?.name ?? s.model} on ${findHardware(s.hardware)?.name ?? s.hardware}`;
}

function calls(b: SavingBaseline, s: AskSaving, window?: number): string {
  if (b.calls <= 1) return '';
  const w = window !== undefined ? ` ${int(window)}-token` : '';
  return ` The whole vault does not fit ${s.model}'s${w} window: it is priced as ${b.calls} calls of at most one window.`;
}

/** One baseline's line: tokens and energy of the bounded prompt against it, or why it saves nothing. */
export function baselineLine(
  b: SavingBaseline,
  s: AskSaving,
  promptTokens: number,
  window?: number,
  rankerTokens = 0,
): string {
  const sent =
    rankerTokens > 0
      ? `${int(promptTokens)} prompt tokens (${int(rankerTokens)} of them for the LLM ranker)`
      : `${int(promptTokens)} prompt tokens`;
  const energy = `energy ≈ ${formatWh(s.energyWh.bounded)} vs ${formatWh(b.energyWh)}`;
  if (b.id === 'cached-history') {
    const verdict =
      b.savedWh > 0 ? '' : ' — the cached history costs less this turn; no energy saving is claimed against it';
    return (
      `Against ${b.label} (${int(b.tokens)} tokens, of which ${int(b.prefilledTokens)} prefilled and the rest kept ` +
      `in a cache between turns): ${sent}; ${energy}${verdict}.`
    );
  }
  if (b.savedTokens <= 0) {
    return `Against ${b.label} (${int(b.tokens)} tokens): no saving — it is no larger than the bounded prompt.`;
  }
  const ratio = b.tokens / Math.max(1, promptTokens);
  const pct = (100 * b.savedTokens) / b.tokens;
  return (
    `Saving: ${sent} instead of ${int(b.tokens)} with ${b.label} ` +
    `(${ratio.toFixed(1)}× fewer, ${pct.toFixed(1)}% saved); ${energy}.${calls(b, s, window)}`
  );
}

/**
 * The saving in lines: one per baseline (the whole vault first), or a single line saying why no saving is
 * claimed, then the energy model used. `promptTokens`/`fullTokens` serve results without `baselines`;
 * `rankerTokens` says how many of the prompt tokens went to the LLM ranker.
 */
export function savingLines(
  s: AskSaving,
  promptTokens: number,
  fullTokens: number,
  window?: number,
  rankerTokens = 0,
): string[] {
  const model = `Energy estimate: ${energyModelLabel(s)}, whole-facility Wh, answer included.`;
  if (s.claimed === false) {
    return [`Saving: none claimed — ${s.noClaimReason ?? 'nothing to compare'}.`, model];
  }
  const legacyCalls = (s as { window?: { windows?: number } }).window?.windows ?? 1;
  const baselines: SavingBaseline[] = s.baselines ?? [
    {
      id: 'whole-vault',
      label: 'the whole vault',
      tokens: fullTokens,
      prefilledTokens: fullTokens,
      calls: legacyCalls,
      energyWh: s.energyWh.full,
      savedTokens: s.tokens,
      savedWh: s.energyWh.full - s.energyWh.bounded,
    },
  ];
  return [...baselines.map((b) => baselineLine(b, s, promptTokens, window, rankerTokens)), model];
}
