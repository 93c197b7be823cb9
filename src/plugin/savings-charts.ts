// The two SVG charts of the savings sidebar, drawn with createSvg (no chart library, no innerHTML):
// context tokens per question against the whole vault, and per-turn energy over a long conversation.
// Both use a log scale: the bounded side is often 1–2% of the full side and would vanish on a linear one.
import { formatWh } from '../core/cost/format-energy';
import { formatCompact } from './format';

/** One question in the tokens chart. */
export interface TokenBar {
  label: string;
  /** Tooltip (the question). */
  title: string;
  context: number;
  full: number;
}

/** One minute of the conversation curve: energy of a single turn at that point. */
export interface CurvePoint {
  minute: number;
  fullWh: number;
  boundedWh: number;
  /** Full history with prefix caching (only the new turn is prefilled), when the engine reports it. */
  cachedWh?: number;
}

const W = 300;
const H = 150;
const M = { left: 38, right: 10, top: 10, bottom: 22 };

interface LogScale {
  lo: number;
  hi: number;
  y(v: number): number;
  ticks: number[];
}

function logScale(values: number[]): LogScale {
  const pos = values.filter((v) => v > 0);
  const min = pos.length ? Math.min(...pos) : 1;
  const max = pos.length ? Math.max(...pos) : 10;
  let loExp = Math.floor(Math.log10(min));
  let hiExp = Math.ceil(Math.log10(max));
  if (hiExp <= loExp) hiExp = loExp + 1;
  const span = hiExp - loExp;
  const step = span > 8 ? 3 : span > 4 ? 2 : 1;
  loExp = hiExp - Math.ceil(span / step) * step;
  const lo = 10 ** loExp;
  const hi = 10 ** hiExp;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + plotH * (1 - (Math.log10(Math.max(v, lo)) - loExp) / (hiExp - loExp));
  const ticks: number[] = [];
  for (let e = loExp; e <= hiExp; e += step) ticks.push(10 ** e);
  return { lo, hi, y, ticks };
}

function svgRoot(el: HTMLElement, label: string): SVGSVGElement {
  return el.createSvg('svg', {
    cls: 'overlay-memory-chart',
    attr: { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'xMidYMid meet' },
  });
}

function text(parent: SVGElement, x: number, y: number, value: string, cls: string, anchor = 'middle'): SVGTextElement {
  const t = parent.createSvg('text', { cls, attr: { x: x.toFixed(1), y: y.toFixed(1), 'text-anchor': anchor } });
  t.textContent = value;
  return t;
}

function yAxis(svg: SVGSVGElement, s: LogScale, format: (v: number) => string): void {
  for (const t of s.ticks) {
    const y = s.y(t);
    svg.createSvg('line', {
      cls: 'overlay-memory-chart-grid',
      attr: { x1: M.left, x2: W - M.right, y1: y.toFixed(1), y2: y.toFixed(1) },
    });
    text(svg, M.left - 4, y + 3, format(t), 'overlay-memory-chart-tick', 'end');
  }
}

/** Paired bars per question: the whole vault (muted) and the bounded context (accent). */
export function renderTokensChart(el: HTMLElement, bars: TokenBar[]): SVGSVGElement {
  const svg = svgRoot(el, 'Context tokens per question compared with the whole vault');
  const s = logScale(bars.flatMap((b) => [b.context, b.full]));
  yAxis(svg, s, formatCompact);
  const plotW = W - M.left - M.right;
  const group = plotW / Math.max(bars.length, 1);
  const bw = Math.min(14, group * 0.36);
  const base = H - M.bottom;
  bars.forEach((b, i) => {
    const cx = M.left + group * (i + 0.5);
    const g = svg.createSvg('g', { cls: 'overlay-memory-chart-group' });
    g.createSvg('title').textContent =
      `${b.title}\n${formatCompact(b.context)} context vs ${formatCompact(b.full)} whole vault tokens`;
    const yFull = s.y(b.full);
    const yCtx = s.y(b.context);
    g.createSvg('rect', {
      cls: 'overlay-memory-chart-full',
      attr: {
        x: (cx - bw - 1).toFixed(1),
        y: yFull.toFixed(1),
        width: bw.toFixed(1),
        height: Math.max(0, base - yFull).toFixed(1),
        rx: 1.5,
      },
    });
    g.createSvg('rect', {
      cls: 'overlay-memory-chart-context',
      attr: {
        x: (cx + 1).toFixed(1),
        y: yCtx.toFixed(1),
        width: bw.toFixed(1),
        height: Math.max(0, base - yCtx).toFixed(1),
        rx: 1.5,
      },
    });
    text(g, cx, H - 8, b.label, 'overlay-memory-chart-tick');
  });
  svg.createSvg('line', {
    cls: 'overlay-memory-chart-axis',
    attr: { x1: M.left, x2: W - M.right, y1: base, y2: base },
  });
  return svg;
}

/** Two lines over conversation minutes: re-sending the full history each turn vs a bounded context. */
export function renderCurveChart(el: HTMLElement, points: CurvePoint[]): SVGSVGElement {
  const svg = svgRoot(el, 'Energy per turn over a long conversation, full history compared with a bounded context');
  const s = logScale(points.flatMap((p) => [p.fullWh, p.boundedWh, p.cachedWh ?? p.boundedWh]));
  yAxis(svg, s, formatWh);
  const maxMin = Math.max(1, ...points.map((p) => p.minute));
  const plotW = W - M.left - M.right - 6;
  const x = (m: number) => M.left + 6 + (plotW * m) / maxMin;
  const base = H - M.bottom;
  svg.createSvg('line', {
    cls: 'overlay-memory-chart-axis',
    attr: { x1: M.left, x2: W - M.right, y1: base, y2: base },
  });
  const line = (value: (p: CurvePoint) => number | undefined, cls: string) => {
    const pts = points.filter((p) => value(p) !== undefined);
    if (pts.length === 0) return;
    const d = pts.map((p) => `${x(p.minute).toFixed(1)},${s.y(value(p)!).toFixed(1)}`).join(' ');
    svg.createSvg('polyline', { cls, attr: { points: d, fill: 'none' } });
    for (const p of pts) {
      const c = svg.createSvg('circle', {
        cls,
        attr: { cx: x(p.minute).toFixed(1), cy: s.y(value(p)!).toFixed(1), r: 2.5 },
      });
      c.createSvg('title').textContent = `minute ${p.minute}: ${formatWh(value(p)!)} per turn`;
    }
  };
  line((p) => p.fullWh, 'overlay-memory-chart-line-full');
  line((p) => p.cachedWh, 'overlay-memory-chart-line-cached');
  line((p) => p.boundedWh, 'overlay-memory-chart-line-bounded');
  for (const p of points) text(svg, x(p.minute), H - 8, String(p.minute), 'overlay-memory-chart-tick');
  return svg;
}

/** A legend row: coloured swatches with labels. */
export function renderLegend(el: HTMLElement, entries: { cls: string; label: string }[]): void {
  const legend = el.createDiv({ cls: 'overlay-memory-legend' });
  for (const e of entries) {
    const item = legend.createSpan({ cls: 'overlay-memory-legend-item' });
    item.createSpan({ cls: `overlay-memory-swatch ${e.cls}` });
    item.appendText(e.label);
  }
}
