// Number and label formatting shared by the modal, the sidebar and the hover popover, so the same
// quantity always reads the same way. Fixed 'en-US' grouping keeps output stable across machines.
import { findHardware, findModel } from '../core/cost/presets';

/** 184220 → "184,220". */
export function formatTokens(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1234567 → "1.2M", 48200 → "48.2k", 950 → "950" (for chart labels). */
export function formatCompact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${trim(n / 1e6, 1)}M`;
  if (a >= 1e3) return `${trim(n / 1e3, a >= 1e5 ? 0 : 1)}k`;
  return String(Math.round(n));
}

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.0+$/, '');
}

/** Share saved, "98.4%" (one decimal; "100%" only when nothing was sent). */
export function formatPercent(ratio: number): string {
  const p = Math.max(0, Math.min(1, ratio)) * 100;
  if (p > 99.9 && p < 100) return '99.9%';
  return `${trim(p, 1)}%`;
}

/** Saving of bounded versus full, as a ratio in [0, 1] (0 when the full size is unknown). */
export function savedRatio(bounded: number, full: number): number {
  return full > 0 ? Math.max(0, 1 - bounded / full) : 0;
}

/** "Llama-3.1-8B on NVIDIA H100 SXM 80GB" from preset ids (ids shown as they are when unknown). */
export function assumptionLabel(model: string | null | undefined, hardware: string | null | undefined): string {
  const m = model ? (findModel(model)?.name ?? model) : 'unknown model';
  const h = hardware ? (findHardware(hardware)?.name ?? hardware) : 'unknown hardware';
  return `${m} on ${h}`;
}

/** Note path without folder and .md: "Projects/Alpha.md" → "Alpha". */
export function noteTitle(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.md$/i, '');
}

/** Link text that opens a note at a heading: "Projects/Alpha.md", "Setup" → "Projects/Alpha#Setup". */
export function linkTo(notePath: string, heading?: string): string {
  const base = notePath.replace(/\.md$/i, '');
  return heading ? `${base}#${heading}` : base;
}
