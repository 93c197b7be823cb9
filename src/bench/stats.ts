// Summary statistics for benchmark samples. Shared machines are noisy, so the report quotes medians (and the
// minimum, the least disturbed run) rather than means.

/** Median, spread and count of a list of samples (all in the same unit). */
export interface Summary {
  n: number;
  median: number;
  min: number;
  p90: number;
  max: number;
}

/** The q-quantile (0..1) of samples, linearly interpolated between the two nearest ranks. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('bench-stats: no samples');
  if (!(q >= 0 && q <= 1)) throw new Error(`bench-stats: quantile must be in [0, 1], got ${q}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

/** Median of samples (mean of the two middle ones for an even count). */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Count, median, min, p90 and max of samples; throws on an empty list or a non-finite sample. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('bench-stats: no samples');
  for (const s of samples) if (!Number.isFinite(s)) throw new Error(`bench-stats: sample is not finite: ${s}`);
  return {
    n: samples.length,
    median: median(samples),
    min: Math.min(...samples),
    p90: quantile(samples, 0.9),
    max: Math.max(...samples),
  };
}

/** Rounds a number to `digits` decimals (for compact JSON). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A summary with every field rounded, for the report. */
export function roundSummary(s: Summary, digits = 3): Summary {
  return {
    n: s.n,
    median: round(s.median, digits),
    min: round(s.min, digits),
    p90: round(s.p90, digits),
    max: round(s.max, digits),
  };
}
