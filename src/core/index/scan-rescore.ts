// The exact top k of a column scan's window (scan-window.ts): its rows are re-scored with their float vectors best
// bound first (quantised score plus the error bound), and the re-scoring stops once the k-th exact score beats the
// bound of every row not yet re-scored. At 214k chunks the window holds ~400–1,600 rows for k = 100, of which a
// few more than k are enough; each re-scoring looks the vector up by label (several map lookups) and is the
// scan's costliest step per row.
import type { VectorHit } from '../types';

/** Buffers kept between searches (window-sized and k-sized; reallocated only to grow). */
export interface RescoreScratch {
  ub: Float64Array;
  order: Uint32Array;
  score: Float64Array;
  label: Int32Array;
}

/** Empty scratch buffers. */
export function rescoreScratch(): RescoreScratch {
  return { ub: new Float64Array(0), order: new Uint32Array(0), score: new Float64Array(0), label: new Int32Array(0) };
}

/** The rows to re-score and how. */
export interface RescoreWindow {
  rows: Int32Array;
  count: number;
  /** Quantised score of a row. */
  acc: Float64Array;
  scale: Float32Array;
  /** A row's exact score is within half · scale[row] of acc[row]. */
  half: number;
  /** The best exact score any row outside the window could have. */
  outside: number;
  rowLabel: Int32Array;
  /** The exact score of a row. */
  exact: (row: number) => number;
}

/**
 * The k best rows of the window by exact score (ties by label), best first, and whether that is proven to be the
 * k best of all rows: every row left out (of the window, or not re-scored) has a bound below the k-th score.
 */
export function rescoreTopK(w: RescoreWindow, k: number, s: RescoreScratch): { hits: VectorHit[]; proven: boolean } {
  const { rows, count, acc, scale, half, rowLabel } = w;
  if (s.ub.length < count) {
    s.ub = new Float64Array(Math.ceil(count * 1.5));
    s.order = new Uint32Array(s.ub.length);
  }
  if (s.score.length < k) {
    s.score = new Float64Array(k);
    s.label = new Int32Array(k);
  }
  const { ub, score, label } = s;
  for (let i = 0; i < count; i++) ub[i] = acc[rows[i]!]! + half * scale[rows[i]!]!;
  const order = s.order.subarray(0, count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => ub[b]! - ub[a]!);
  // A heap of the k best so far, the worst at the root (lower score, or an equal score and a higher label).
  let size = 0;
  let proven = false;
  for (let j = 0; j < count; j++) {
    const i = order[j]!;
    if (size === k && score[0]! > Math.max(ub[i]!, w.outside) + 1e-9) {
      proven = true;
      break;
    }
    const row = rows[i]!;
    const sc = w.exact(row);
    const l = rowLabel[row]!;
    if (size < k) {
      siftUp(score, label, size++, sc, l);
    } else if (worse(score[0]!, label[0]!, sc, l)) {
      siftDown(score, label, size, sc, l);
    }
  }
  if (!proven) proven = size < k || score[0]! > w.outside + 1e-9;
  const hits: VectorHit[] = [];
  for (let i = 0; i < size; i++) hits.push({ label: label[i]!, score: score[i]! });
  hits.sort((a, b) => b.score - a.score || a.label - b.label);
  return { hits, proven };
}

/** True when (s1, l1) ranks below (s2, l2). */
function worse(s1: number, l1: number, s2: number, l2: number): boolean {
  return s1 < s2 || (s1 === s2 && l1 > l2);
}

function siftUp(score: Float64Array, label: Int32Array, at: number, sc: number, l: number): void {
  let i = at;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(sc, l, score[p]!, label[p]!)) break;
    score[i] = score[p]!;
    label[i] = label[p]!;
    i = p;
  }
  score[i] = sc;
  label[i] = l;
}

/** Replaces the root with (sc, l) and restores the heap of `size`. */
function siftDown(score: Float64Array, label: Int32Array, size: number, sc: number, l: number): void {
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && worse(score[c + 1]!, label[c + 1]!, score[c]!, label[c]!)) c++;
    if (!worse(score[c]!, label[c]!, sc, l)) break;
    score[i] = score[c]!;
    label[i] = label[c]!;
    i = c;
  }
  score[i] = sc;
  label[i] = l;
}
