// Top-k BM25+ over the lexical postings, with the scores MiniSearch 7's OR search gave (same formula, field boosts,
// term boosts and coordination, live document frequencies) but without per-match objects or a full sort: scores
// accumulate in typed arrays, terms are processed rarest first, and once no unseen chunk can reach the current
// k-th score the remaining (common) terms only update the chunks already in play, and only those that can still
// reach it (MaxScore-style early termination and pruning). `exhaustive` turns that off: every match is scored (the
// reference the early exit is tested against).
import { kthLargestInPlace } from '../util/quickselect';
import type { Postings } from './lexical-postings';

/** One query term: the index term and its weight (1 for a question word). */
export interface QueryTerm {
  term: string;
  weight: number;
}

/** Scoring parameters: boosts of the searched fields (field index, boost), BM25+ (k, b, d), coordination. */
export interface ScoreParams {
  fields: readonly (readonly [number, number])[];
  bm25: { k: number; b: number; d: number };
  coordination: boolean;
  exhaustive?: boolean;
}

/** A scored chunk: its number, the score, and the distinct matched terms in query order. */
export interface ScoredDoc {
  shortId: number;
  score: number;
  terms: string[];
}

interface TermPlan {
  termId: number;
  /** The term's weight: what it adds to the coordination factor. */
  weight: number;
  /** How often the term is in the query: each occurrence is scored. */
  times: number;
  fields: { f: number; boost: number; idf: number; avg: number; size: number }[];
  /** Largest score this term can add to one chunk. */
  upper: number;
}

/**
 * The k best chunks for the query terms (a repeated term is scored each time, as MiniSearch did), best first;
 * equal scores in MiniSearch's order (first matched query term, then field, then insertion order).
 */
export function topK(x: Postings, query: readonly QueryTerm[], k: number, p: ScoreParams): ScoredDoc[] {
  const n = x.size;
  if (k <= 0 || n === 0 || query.length === 0) return [];
  const { k: k1, d } = p.bm25;
  const unique = new Map<string, { weight: number; times: number }>();
  for (const q of query) {
    const u = unique.get(q.term);
    if (u) u.times++;
    else unique.set(q.term, { weight: q.weight, times: 1 });
  }
  const plans: TermPlan[] = [];
  for (const [term, { weight, times }] of unique) {
    const termId = x.termId(term);
    if (termId === undefined) continue;
    const plan: TermPlan = { termId, weight, times, fields: [], upper: 0 };
    for (const [f, boost] of p.fields) {
      const df = x.listSize(termId, f);
      if (df === 0) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      plan.fields.push({ f, boost, idf, avg: x.avg[f]!, size: df });
      // tf·(k+1)/(tf + k·norm) stays below k+1, so this bounds the term's contribution to any chunk.
      plan.upper += times * weight * boost * idf * (d + k1 + 1);
    }
    if (plan.fields.length > 0) plans.push(plan);
  }
  if (plans.length === 0) return [];
  // Rarest (highest bound) first: their short posting lists find the candidates, common terms come last.
  plans.sort((a, c) => c.upper - a.upper);
  const { ac, lastTerm } = scratchFor(x.nextId);
  const touched: number[] = [];
  try {
    return scoreTopK(x, unique, plans, k, p, ac, lastTerm, touched);
  } finally {
    // Only the touched entries were written: reset them, and the next question reuses the arrays as new.
    for (const id of touched) {
      ac[2 * id] = 0;
      ac[2 * id + 1] = 0;
      lastTerm[id] = -1;
    }
  }
}

/**
 * Per-chunk accumulators, kept between questions (at 200k chunks a fresh set was 4 MB zeroed per question): a
 * chunk's score at ac[2·id] and its coordination beside it at ac[2·id + 1], so that the random accesses of a
 * posting's update, of the k-th score and of pruning find both on one cache line.
 */
let scratch: { ac: Float64Array; lastTerm: Int32Array } | null = null;

function scratchFor(size: number): { ac: Float64Array; lastTerm: Int32Array } {
  if (!scratch || scratch.lastTerm.length < size) {
    const cap = Math.max(size, Math.ceil((scratch?.lastTerm.length ?? 0) * 1.5));
    scratch = { ac: new Float64Array(2 * cap), lastTerm: new Int32Array(cap).fill(-1) };
  }
  return scratch;
}

function scoreTopK(
  x: Postings,
  unique: ReadonlyMap<string, { weight: number; times: number }>,
  plans: readonly TermPlan[],
  k: number,
  p: ScoreParams,
  ac: Float64Array,
  lastTerm: Int32Array,
  touched: number[],
): ScoredDoc[] {
  const { k: k1, b, d } = p.bm25;
  const restUpper = new Float64Array(plans.length + 1);
  const restWeight = new Float64Array(plans.length + 1);
  for (let i = plans.length - 1; i >= 0; i--) {
    restUpper[i] = restUpper[i + 1]! + plans[i]!.upper;
    restWeight[i] = restWeight[i + 1]! + plans[i]!.weight;
  }
  const final = (id: number): number => (p.coordination ? ac[2 * id]! * ac[2 * id + 1]! : ac[2 * id]!);
  let closed = false;
  // Once closed, the chunks that can still reach the k-th score (the others are marked PRUNED in lastTerm).
  let alive: number[] = touched;
  // A k-th score so far: scores only grow, so every later k-th score is at least this one.
  let floor = -Infinity;
  const k1p = k1 + 1;
  const omb = 1 - b;
  for (let t = 0; t < plans.length; t++) {
    const plan = plans[t]!;
    const w = plan.times * plan.weight;
    for (const f of plan.fields) {
      // The per-posting score with the field's constants hoisted, in the same operations and order (same bits).
      const c = w * f.boost * f.idf;
      const { f: field, avg } = f;
      const add = (id: number, tf: number): void => {
        const len = x.fieldLength(id, field);
        ac[2 * id]! += c * (d + (tf * k1p) / (tf + k1 * (omb + (b * len) / avg)));
        if (lastTerm[id] !== t) {
          if (lastTerm[id] === -1) touched.push(id);
          ac[2 * id + 1]! += plan.weight;
          lastTerm[id] = t;
        }
      };
      if (!closed) x.forEach(plan.termId, f.f, add);
      else if (f.size <= alive.length) {
        x.forEach(plan.termId, f.f, (id, tf) => {
          if (lastTerm[id]! >= 0) add(id, tf);
        });
      } else {
        for (const id of alive) {
          const tf = x.tf(plan.termId, f.f, id);
          if (tf > 0) add(id, tf);
        }
      }
    }
    if (p.exhaustive === true || t + 1 >= plans.length || alive.length < k) continue;
    // An unseen chunk scores at most restUpper (× restWeight with coordination): below the k-th it cannot enter.
    // Nor can a chunk in play whose score plus what is left stays below it: it leaves play (MaxScore pruning).
    const bound = p.coordination ? restUpper[t + 1]! * restWeight[t + 1]! : restUpper[t + 1]!;
    if (!closed) {
      // No chunk has scored more than the terms so far allow: when that is not above the bound, neither is the
      // k-th score, and the quickselect over every touched chunk is skipped.
      const sofar = restUpper[0]! - restUpper[t + 1]!;
      const most = p.coordination ? sofar * (restWeight[0]! - restWeight[t + 1]!) : sofar;
      if (most * (1 + 1e-9) <= bound) continue;
    }
    const kth = kthLargest(alive, final, k, floor);
    floor = kth;
    if (bound < kth) closed = true;
    // The first pruning copies (touched lists every chunk to reset), later ones filter the copy in place.
    if (closed) {
      const from = alive;
      alive = stillInPlay(
        from,
        from === touched ? [] : from,
        ac,
        lastTerm,
        restUpper[t + 1]!,
        restWeight[t + 1]!,
        kth,
        p,
      );
    }
  }
  const candidates = alive;
  // Every chunk scoring at least the k-th, then MiniSearch's order among equals.
  const kth = candidates.length > k ? kthLargest(candidates, final, k, floor) : -Infinity;
  const order = [...unique.keys()].map((term) => x.termId(term));
  const terms = [...unique.keys()];
  const out: (ScoredDoc & { first: number })[] = [];
  for (const id of candidates) {
    const s = final(id);
    if (s < kth) continue;
    const matched: string[] = [];
    let first = Infinity;
    order.forEach((termId, qi) => {
      if (termId === undefined) return;
      const fi = p.fields.findIndex(([f]) => x.tf(termId, f, id) > 0);
      if (fi < 0) return;
      matched.push(terms[qi]!);
      first = Math.min(first, qi * p.fields.length + fi);
    });
    out.push({ shortId: id, score: s, terms: matched, first });
  }
  out.sort((a, c) => c.score - a.score || a.first - c.first || a.shortId - c.shortId);
  return out.slice(0, k).map(({ shortId, score, terms: matched }) => ({ shortId, score, terms: matched }));
}

/** Scores copied for quickselect, kept between calls (a question's touched chunks reach tens of thousands). */
let kthScratch = new Float64Array(1024);

/**
 * The k-th largest (1-based) of f over ids, by quickselect on a copy of the values not below `floor`, a k-th
 * largest known earlier (most touched chunks score far below it).
 */
function kthLargest(ids: readonly number[], f: (id: number) => number, k: number, floor = -Infinity): number {
  if (ids.length < k) return -Infinity;
  if (kthScratch.length < ids.length) kthScratch = new Float64Array(Math.max(ids.length, kthScratch.length * 2));
  let m = 0;
  for (let i = 0; i < ids.length; i++) {
    const v = f(ids[i]!);
    if (v >= floor) kthScratch[m++] = v;
  }
  if (m < k) return floor === -Infinity ? -Infinity : kthLargest(ids, f, k);
  return kthLargestInPlace(kthScratch.subarray(0, m), k);
}

/** lastTerm of a chunk out of play: touched (so reset after the question) but no longer scored. */
const PRUNED = -2;

/**
 * The chunks of `ids` that may still reach `kth`, written to `out` (which may be `ids` itself: filtered in place):
 * the rest are marked PRUNED. A chunk's score only grows, by at most `restUpper` (and its coordination by
 * `restWeight`); kth is a k-th score so far, so at most the final one. The small margin keeps float rounding of
 * the bound from ever dropping a chunk that could tie.
 */
function stillInPlay(
  ids: readonly number[],
  out: number[],
  ac: Float64Array,
  lastTerm: Int32Array,
  restUpper: number,
  restWeight: number,
  kth: number,
  p: ScoreParams,
): number[] {
  let n = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const acc = ac[2 * id]!;
    const best = p.coordination ? (acc + restUpper) * (ac[2 * id + 1]! + restWeight) : acc + restUpper;
    if (best * (1 + 1e-9) < kth) lastTerm[id] = PRUNED;
    else out[n++] = id;
  }
  out.length = n;
  return out;
}
