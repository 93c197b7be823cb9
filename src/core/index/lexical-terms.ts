// The lexical index's analysis of one field, in one place: tokenize, drop stop words, stem (memoised per token),
// count. The index analyses its fields with it; the index pool's workers analyse each embedded chunk text with the
// same processTerm (packed-terms.ts), so the main thread adds postings without analysing the text again.
import { isStopWord, stem, tokenize } from './text-analysis';

/** One field of a chunk as the index stores it: its index terms in order of first occurrence, with frequencies. */
export interface FieldTerms {
  /** Distinct raw tokens, stop words included (the BM25 field length, as MiniSearch counted it). */
  readonly length: number;
  readonly terms: readonly string[];
  /** Frequency of each term (same order). */
  readonly tfs: ArrayLike<number>;
  /** The terms' numbers in a thread's TermDictionary (packed-terms.ts), when they came from one. */
  readonly numbered?: { readonly by: object; readonly numbers: Uint32Array };
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
