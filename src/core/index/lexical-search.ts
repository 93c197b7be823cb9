// Top-k BM25+ over MiniSearch's own postings, with the scores MiniSearch would give (same formula, field boosts,
// term boosts and coordination), but without its per-match objects and full sort: scores accumulate in typed
// arrays, terms are processed rarest first, and once no unseen chunk can reach the current k-th score the
// remaining (common) terms only update the chunks already in play (MaxScore-style early termination).
// Document frequencies are exact: chunks discarded but not yet vacuumed are not counted.
import type MiniSearch from 'minisearch';
import { kthLargestInPlace } from '../util/quickselect';

/** The parts of MiniSearch 7's state this module reads (the package has no public postings API). */
export interface MiniSearchInternals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined; keys(): IterableIterator<string> };
  _fieldIds: Record<string, number>;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _dirtCount: number;
  _nextId: number;
}

/** Views a MiniSearch instance through its internals; throws if the installed version lays them out otherwise. */
export function internals(ms: MiniSearch<never> | MiniSearch<unknown>): MiniSearchInternals {
  const x = ms as unknown as MiniSearchInternals;
  const index = x._index as Partial<MiniSearchInternals['_index']> | undefined;
  const ok =
    typeof index?.get === 'function' &&
    typeof index.keys === 'function' &&
    x._documentIds instanceof Map &&
    x._idToShortId instanceof Map &&
    x._fieldLength instanceof Map &&
    Array.isArray(x._avgFieldLength);
  if (!ok) {
    throw new Error('lexical-search: unexpected MiniSearch internals (version changed?)');
  }
  return x;
}

/** One query term: the index term, its weight (1 for a question word) and its position in the query. */
export interface QueryTerm {
  term: string;
  weight: number;
}

/** Scoring parameters: per-field boosts, BM25+ (k, b, d), and MiniSearch's coordination factor. */
export interface ScoreParams {
  boost: Record<string, number>;
  bm25: { k: number; b: number; d: number };
  coordination: boolean;
}

/** A scored chunk: MiniSearch's short id, the score, and the distinct matched terms in query order. */
export interface ScoredDoc {
  shortId: number;
  score: number;
  terms: string[];
}

/** Chunks discarded from MiniSearch whose postings may still be in its index (until its vacuum runs). */
export class Discarded {
  private readonly ids = new Set<number>();

  /** How many ids are held. */
  get size(): number {
    return this.ids.size;
  }

  /** A copy of the ids now held (ids discarded before a vacuum starts are gone from postings when it ends). */
  snapshot(): number[] {
    return [...this.ids];
  }

  /** Forgets ids whose postings a finished vacuum removed. */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.ids.delete(id);
  }

  /** Records a short id just before MiniSearch discards it. */
  add(shortId: number): void {
    this.ids.add(shortId);
  }

  /** After loading: every id below nextId that is not a live document may still sit in postings. */
  static fromIndex(x: MiniSearchInternals): Discarded {
    const d = new Discarded();
    if (x._dirtCount > 0) for (let i = 0; i < x._nextId; i++) if (!x._documentIds.has(i)) d.add(i);
    return d;
  }

  /** Live documents in a posting list (exact): the list's size less discarded ids still in it. */
  liveCount(x: MiniSearchInternals, postings: Map<number, number>): number {
    if (x._dirtCount === 0 && this.ids.size > 0) this.ids.clear(); // vacuumed: every posting is live again
    if (this.ids.size === 0) return postings.size;
    if (this.ids.size < postings.size) {
      let dead = 0;
      for (const id of this.ids) if (postings.has(id)) dead++;
      return postings.size - dead;
    }
    let live = 0;
    for (const id of postings.keys()) if (x._documentIds.has(id)) live++;
    return live;
  }
}

/** In how many live chunks `term` (an index term) occurs in `field`. */
export function fieldFrequency(x: MiniSearchInternals, discarded: Discarded, term: string, field: string): number {
  const postings = x._index.get(term)?.get(x._fieldIds[field]!);
  return postings ? discarded.liveCount(x, postings) : 0;
}

interface TermPlan {
  term: string;
  /** The term's weight (boostTerm): what it adds to the coordination factor. */
  weight: number;
  /** How often the term is in the query: MiniSearch scores each occurrence. */
  times: number;
  fields: { postings: Map<number, number>; fieldId: number; boost: number; idf: number; avg: number }[];
  /** Largest score this term can add to one chunk. */
  upper: number;
}

/**
 * The k best chunks for the query terms (a repeated term is scored each time, as MiniSearch does), best first;
 * equal scores in MiniSearch's order (first matched query term, then field, then insertion order).
 */
export function topK(
  x: MiniSearchInternals,
  discarded: Discarded,
  query: readonly QueryTerm[],
  k: number,
  p: ScoreParams,
): ScoredDoc[] {
  const n = x._documentCount;
  if (k <= 0 || n === 0 || query.length === 0) return [];
  const { k: k1, b, d } = p.bm25;
  const fields = Object.entries(p.boost);
  const unique = new Map<string, { weight: number; times: number }>();
  for (const q of query) {
    const u = unique.get(q.term);
    if (u) u.times++;
    else unique.set(q.term, { weight: q.weight, times: 1 });
  }
  const plans: TermPlan[] = [];
  for (const [term, { weight, times }] of unique) {
    const data = x._index.get(term);
    if (!data) continue;
    const plan: TermPlan = { term, weight, times, fields: [], upper: 0 };
    for (const [field, boost] of fields) {
      const fieldId = x._fieldIds[field]!;
      const postings = data.get(fieldId);
      if (!postings) continue;
      const df = discarded.liveCount(x, postings);
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      plan.fields.push({ postings, fieldId, boost, idf, avg: x._avgFieldLength[fieldId]! });
      // tf·(k+1)/(tf + k·norm) stays below k+1, so this bounds the term's contribution to any chunk.
      plan.upper += times * weight * boost * idf * (d + k1 + 1);
    }
    if (plan.fields.length > 0) plans.push(plan);
  }
  if (plans.length === 0) return [];
  // Rarest (highest bound) first: their short posting lists find the candidates, common terms come last.
  plans.sort((a, c) => c.upper - a.upper);
  const restUpper = new Float64Array(plans.length + 1);
  const restWeight = new Float64Array(plans.length + 1);
  for (let i = plans.length - 1; i >= 0; i--) {
    restUpper[i] = restUpper[i + 1]! + plans[i]!.upper;
    restWeight[i] = restWeight[i + 1]! + plans[i]!.weight;
  }
  const size = x._nextId;
  const acc = new Float64Array(size);
  const coord = new Float64Array(size);
  const lastTerm = new Int32Array(size).fill(-1);
  const touched: number[] = [];
  const final = (id: number): number => (p.coordination ? acc[id]! * coord[id]! : acc[id]!);
  let closed = false;
  for (let t = 0; t < plans.length; t++) {
    const plan = plans[t]!;
    const w = plan.times * plan.weight;
    for (const f of plan.fields) {
      const add = (id: number, tf: number): void => {
        const len = x._fieldLength.get(id)![f.fieldId]!;
        acc[id]! += w * f.boost * f.idf * (d + (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / f.avg)));
        if (lastTerm[id] !== t) {
          if (lastTerm[id] === -1) touched.push(id);
          coord[id]! += plan.weight;
          lastTerm[id] = t;
        }
      };
      if (!closed) {
        for (const [id, tf] of f.postings) if (x._documentIds.has(id)) add(id, tf);
      } else if (f.postings.size <= touched.length) {
        for (const [id, tf] of f.postings) if (lastTerm[id] !== -1 && x._documentIds.has(id)) add(id, tf);
      } else {
        for (const id of touched) {
          const tf = f.postings.get(id);
          if (tf !== undefined) add(id, tf);
        }
      }
    }
    if (!closed && touched.length >= k && t + 1 < plans.length) {
      // An unseen chunk scores at most restUpper (× restWeight with coordination): below the k-th it cannot enter.
      const bound = p.coordination ? restUpper[t + 1]! * restWeight[t + 1]! : restUpper[t + 1]!;
      if (bound < kthLargest(touched, final, k)) closed = true;
    }
  }
  // Every chunk scoring at least the k-th, then MiniSearch's order among equals.
  const kth = touched.length > k ? kthLargest(touched, final, k) : -Infinity;
  const order = [...unique.keys()];
  const out: (ScoredDoc & { first: number })[] = [];
  for (const id of touched) {
    const s = final(id);
    if (s < kth) continue;
    const terms: string[] = [];
    let first = Infinity;
    order.forEach((term, qi) => {
      const data = x._index.get(term);
      if (!data) return;
      const fi = fields.findIndex(([field]) => data.get(x._fieldIds[field]!)?.has(id));
      if (fi < 0) return;
      terms.push(term);
      first = Math.min(first, qi * fields.length + fi);
    });
    out.push({ shortId: id, score: s, terms, first });
  }
  out.sort((a, c) => c.score - a.score || a.first - c.first || a.shortId - c.shortId);
  return out.slice(0, k).map(({ shortId, score, terms }) => ({ shortId, score, terms }));
}

/** The k-th largest (1-based) of f over ids, by quickselect on a copy. */
function kthLargest(ids: readonly number[], f: (id: number) => number, k: number): number {
  if (ids.length < k) return -Infinity;
  const arr = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) arr[i] = f(ids[i]!);
  return kthLargestInPlace(arr, k);
}
