// The rows a column scan re-scores with their float vectors: every live row whose quantised score reaches about
// the `keep`-th largest (always the `keep` best, ties included), and the best score a row left out could have
// (its quantised score plus `half` its scale), which the scan's exactness proof compares against. Which rows beyond
// the `keep` best are taken changes nothing in the scan's result, only how often the proof succeeds; so the
// threshold is estimated on a strided sample, and the rows are picked and the bound taken in one pass (at 200k
// rows a copy and a quickselect of every score, then two more passes, cost as much as the scan's last columns).
import { kthLargestInPlace } from '../util/quickselect';

/** Buffers kept between searches (corpus-sized; reallocated only when the corpus outgrows them). */
export interface WindowScratch {
  work: Float64Array;
  rows: Int32Array;
}

/**
 * Rows (in `rows[0..count)`, ascending) to re-score, and the bound on every other live row's exact score. The rows
 * are all those scoring at least some threshold, so every row tied with the last of them is in: the k best by
 * quantised score are, for any k up to `count`.
 */
export interface ScanWindow {
  rows: Int32Array;
  count: number;
  bound: number;
}

/**
 * The window over the first `n` scores of `acc` (-Infinity for rows that are not candidates): about `keep` rows,
 * never fewer than `atLeast` (≤ keep). `maxScale` is at least every row's scale.
 */
export function scanWindow(
  acc: Float64Array,
  n: number,
  scale: Float32Array,
  keep: number,
  atLeast: number,
  half: number,
  scratch: WindowScratch,
  maxScale = Infinity,
): ScanWindow {
  const stride = Math.max(1, Math.floor(n / (16 * keep)));
  const m = Math.ceil(n / stride);
  if (scratch.work.length < n) scratch.work = new Float64Array(Math.ceil(n * 1.25));
  if (scratch.rows.length < n) scratch.rows = new Int32Array(Math.ceil(n * 1.25));
  const sample = scratch.work.subarray(0, m);
  for (let i = 0, r = 0; r < n; i++, r += stride) sample[i] = acc[r]!;
  // The sample's share of `keep`: the window holds about `keep` rows; a few less is as good (the proof rarely needs
  // that many), far fewer means the sample was unlucky.
  const rank = stride === 1 ? keep : Math.ceil(keep / stride) + 1;
  const least = stride === 1 ? keep : Math.max(atLeast, Math.ceil(0.75 * keep));
  let threshold = rank >= m ? -Infinity : kthLargestInPlace(sample, rank);
  const rows = scratch.rows;
  for (;;) {
    let count = 0;
    let bound = -Infinity;
    // Rows scoring at most `near` are bounded by the threshold itself (sc + half·scale ≤ near + half·maxScale): only
    // the few rows just below it need their own bound, and the pass over the rest is two comparisons.
    const near = threshold - half * maxScale;
    if (near > -Infinity) {
      for (let r = 0; r < n; r++) {
        const sc = acc[r]!;
        if (sc >= threshold) rows[count++] = r;
        else if (sc > near) {
          const b = sc + half * scale[r]!;
          if (b > bound) bound = b;
        }
      }
      if (bound < threshold) bound = threshold;
    } else {
      for (let r = 0; r < n; r++) {
        const sc = acc[r]!;
        if (sc === -Infinity) continue;
        if (sc >= threshold) rows[count++] = r;
        else {
          const b = sc + half * scale[r]!;
          if (b > bound) bound = b;
        }
      }
    }
    if (count >= least || threshold === -Infinity)
      return trimmed(acc, scale, { rows, count, bound }, keep, half, scratch);
    // The sample was unlucky (too few rows reached its threshold): take the `keep`-th best exactly.
    const all = scratch.work.subarray(0, n);
    all.set(acc.subarray(0, n));
    threshold = kthLargestInPlace(all, keep);
  }
}

/** The window cut to the `keep` best (ties included) when far more reached the sample's threshold. */
function trimmed(
  acc: Float64Array,
  scale: Float32Array,
  w: ScanWindow,
  keep: number,
  half: number,
  scratch: WindowScratch,
): ScanWindow {
  if (w.count <= 4 * keep + 64) return w;
  const scores = scratch.work.subarray(0, w.count);
  for (let i = 0; i < w.count; i++) scores[i] = acc[w.rows[i]!]!;
  const floor = kthLargestInPlace(scores, keep);
  let kept = 0;
  let bound = w.bound;
  for (let i = 0; i < w.count; i++) {
    const r = w.rows[i]!;
    const sc = acc[r]!;
    if (sc >= floor) w.rows[kept++] = r;
    else bound = Math.max(bound, sc + half * scale[r]!);
  }
  return { rows: w.rows, count: kept, bound };
}
