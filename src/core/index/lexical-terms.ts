// The lexical index's analysis of one field, in one place: tokenize, drop stop words, stem (memoised per token),
// count. The index analyses its fields with it, and the index pool's workers analyse each embedded chunk text with
// it from the tokens the local embedder already cut, sending the result in a packed form (one string of terms and
// one array of counts per batch of texts), so the main thread adds postings without analysing the text again.
import { isStopWord, stem, tokenize } from './text-analysis';

/** One field of a chunk as the index stores it: its index terms in order of first occurrence, with frequencies. */
export interface FieldTerms {
  /** Distinct raw tokens, stop words included (the BM25 field length, as MiniSearch counted it). */
  readonly length: number;
  readonly terms: readonly string[];
  /** Frequency of each term (same order). */
  readonly tfs: ArrayLike<number>;
}

/**
 * Several texts' FieldTerms as one thread sends them to another (structured-clone-cheap): terms by number, each
 * new term spelled once (TermNumbering on the sending side, TermDictionary on the receiving side).
 */
export interface PackedTerms {
  /** Terms numbered for the first time by this message, in number order, space-separated (tokens hold none). */
  fresh: string;
  /** Per text: length, number of terms n, then n pairs (term number, frequency). */
  counts: Uint32Array;
}

/** Index terms of tokens seen so far (stemming is most of the analysis cost; vocabularies are small). */
const termCache = new Map<string, string | null>();
const TERM_CACHE_MAX = 500_000;

/** The index term of one token, or null for a stop word. */
export function processTerm(token: string): string | null {
  let term = termCache.get(token);
  if (term !== undefined) return term;
  term = isStopWord(token) ? null : stem(token) || null;
  if (termCache.size >= TERM_CACHE_MAX) termCache.clear();
  termCache.set(token, term);
  return term;
}

const EMPTY: FieldTerms = { length: 0, terms: [], tfs: [] };

/** The FieldTerms of a field already cut into tokens (tokenize's output). */
export function tokenTerms(tokens: readonly string[]): FieldTerms {
  if (tokens.length === 0) return EMPTY;
  // Raw tokens first (their first occurrences fix the terms' order), then each distinct token's term.
  const raw = new Map<string, number>();
  for (const token of tokens) raw.set(token, (raw.get(token) ?? 0) + 1);
  const counts = new Map<string, number>();
  for (const [token, n] of raw) {
    const term = processTerm(token);
    if (term !== null) counts.set(term, (counts.get(term) ?? 0) + n);
  }
  return { length: raw.size, terms: [...counts.keys()], tfs: [...counts.values()] };
}

/** The FieldTerms of a field's text. */
export function fieldTerms(text: string): FieldTerms {
  return tokenTerms(tokenize(text));
}

/** Recent short fields' FieldTerms: a note's title, folders and aliases recur on each of its chunks, a heading path
 * on each chunk of its section. */
const shortFields = new Map<string, FieldTerms>();
const SHORT_FIELDS_MAX = 4096;
const SHORT_FIELD_CHARS = 1024;

/** fieldTerms of a field that recurs across chunks (names, headings, folders): remembered while recent. */
export function recurringFieldTerms(text: string): FieldTerms {
  if (text.length > SHORT_FIELD_CHARS) return fieldTerms(text);
  let f = shortFields.get(text);
  if (f === undefined) {
    f = fieldTerms(text);
    if (shortFields.size >= SHORT_FIELDS_MAX) shortFields.clear();
    shortFields.set(text, f);
  }
  return f;
}

/** The sending side of PackedTerms: numbers terms in order of first sending. */
export class TermNumbering {
  private readonly ids = new Map<string, number>();

  /** Packs texts' FieldTerms; the receiver must unpack every message, in order. */
  pack(list: readonly FieldTerms[]): PackedTerms {
    let n = 0;
    for (const f of list) n += 2 + 2 * f.terms.length;
    const counts = new Uint32Array(n);
    const fresh: string[] = [];
    let at = 0;
    for (const f of list) {
      counts[at++] = f.length;
      counts[at++] = f.terms.length;
      for (let i = 0; i < f.terms.length; i++) {
        const term = f.terms[i]!;
        let id = this.ids.get(term);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(term, id);
          fresh.push(term);
        }
        counts[at++] = id;
        counts[at++] = f.tfs[i]!;
      }
    }
    return { fresh: fresh.join(' '), counts };
  }
}

/**
 * The receiving side of PackedTerms. Each term is one string object from then on, so the index's term lookups
 * find it by the hash it already carries and compare it by identity.
 */
export class TermDictionary {
  private readonly terms: string[] = [];

  /** The FieldTerms of a message, in order; throws on a packing that does not add up. */
  unpack(p: PackedTerms): FieldTerms[] {
    if (p.fresh !== '') for (const t of p.fresh.split(' ')) this.terms.push(t);
    const out: FieldTerms[] = [];
    const c = p.counts;
    const dict = this.terms;
    for (let at = 0; at < c.length;) {
      const length = c[at++]!;
      const n = c[at++]!;
      if (at + 2 * n > c.length) throw new Error('lexical-terms: packed terms do not add up');
      const terms = new Array<string>(n);
      const tfs = new Uint32Array(n);
      for (let i = 0; i < n; i++, at += 2) {
        const term = dict[c[at]!];
        if (term === undefined) throw new Error(`lexical-terms: unknown term number ${c[at]}`);
        terms[i] = term;
        tfs[i] = c[at + 1]!;
      }
      out.push({ length, terms, tfs });
    }
    return out;
  }
}
