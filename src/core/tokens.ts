// Exact token counts with gpt-tokenizer's o200k_base encoding (GPT-4o and later). Only this encoding is imported,
// statically, so the bundles carry its ranks alone (cl100k, p50k, r50k stay out) and nothing is required at run time.
// Special-token strings in text (`<|endoftext|>`) are ordinary text here: gpt-tokenizer would throw on them.
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { countExact, countReaches } from './token-memo';

/** Token encodings the project supports. */
export type Encoding = 'o200k_base';

/** Default encoding for every count the product shows. */
export const DEFAULT_ENCODING: Encoding = 'o200k_base';

interface Tokenizer {
  encode(text: string): number[];
  decode(tokens: number[]): string;
  countTokens(text: string): number;
}

/** Encode special-token strings as the text they are. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

const O200K: Tokenizer = {
  encode: (text) => o200k.encode(text, AS_TEXT),
  decode: (tokens) => o200k.decode(tokens),
  countTokens: countExact,
};

function tokenizer(_encoding: Encoding): Tokenizer {
  return O200K;
}

/**
 * Runs of non-space (or of space) characters longer than this are tokenised in slices of `LONG_RUN_SLICE`.
 * gpt-tokenizer merges the byte pairs of one pre-token in quadratic time, and a long run of letters (CJK
 * prose without punctuation, a lower-case blob) or of punctuation is one pre-token: 20k CJK characters took
 * 2.4 s, 100k about a minute. Slicing changes a count by at most a token or two per slice, and only for text
 * that has such runs (never ordinary prose, whose words are far shorter).
 */
const LONG_RUN = 1000;
const LONG_RUN_SLICE = 500;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

/**
 * Cuts `text` into parts that each have no run longer than LONG_RUN, or returns null when it has none (the
 * common case). One pass over the characters; no regex, so no backtracking on near-misses.
 */
function slicedParts(text: string): string[] | null {
  if (text.length <= LONG_RUN || !hasRunOver(text, LONG_RUN)) return null;
  const parts: string[] = [];
  let from = 0;
  let runStart = 0;
  let runSpace = isSpace(text.charCodeAt(0));
  for (let i = 1; i <= text.length; i++) {
    const space = i < text.length ? isSpace(text.charCodeAt(i)) : !runSpace;
    if (space === runSpace) continue;
    if (i - runStart > LONG_RUN) {
      if (runStart > from) parts.push(text.slice(from, runStart));
      for (let k = runStart; k < i;) {
        let end = Math.min(i, k + LONG_RUN_SLICE);
        const c = text.charCodeAt(end - 1);
        if (end < i && c >= 0xd800 && c <= 0xdbff) end++; // never half a surrogate pair
        parts.push(text.slice(k, end));
        k = end;
      }
      from = i;
    }
    runStart = i;
    runSpace = space;
  }
  if (parts.length === 0) return null;
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/**
 * Whether `text` has a run (of spaces or of non-spaces, as slicedParts cuts them) longer than `limit`, reading
 * only a few characters around every (limit/2)-th one: such a run covers at least one of those positions, and in
 * prose the run around a position ends within a few characters. Exact; slicedParts's full pass then runs only for
 * the rare text that has one.
 */
function hasRunOver(text: string, limit: number): boolean {
  const stride = Math.max(1, limit >> 1);
  for (let p = 0; p < text.length; p += stride) {
    const space = isSpace(text.charCodeAt(p));
    let a = p;
    while (a > 0 && isSpace(text.charCodeAt(a - 1)) === space) a--;
    let b = p + 1;
    while (b < text.length && isSpace(text.charCodeAt(b)) === space) b++;
    if (b - a > limit) return true;
    // The next position to look at lies past this run.
    if (b > p + stride) p = b - stride;
  }
  return false;
}

/** True when `text` has a run that countTokens counts in slices (its count is then not a sum over its lines). */
export function hasLongRun(text: string): boolean {
  return slicedParts(text) !== null;
}

/** Exact number of tokens in `text` (repeated lines and pre-tokens are counted from memory, token-memo.ts). */
export function countTokens(text: string, encoding: Encoding = DEFAULT_ENCODING): number {
  if (text.length === 0) return 0;
  const t = tokenizer(encoding);
  const parts = slicedParts(text);
  if (!parts) return t.countTokens(text);
  let n = 0;
  for (const p of parts) n += t.countTokens(p);
  return n;
}

/** Whether `text` has fewer than `limit` tokens (countTokens < limit), counted only as far as it takes to say. */
export function fewerTokensThan(text: string, limit: number): boolean {
  if (text.length === 0) return limit > 0;
  if (slicedParts(text)) return countTokens(text) < limit;
  return !countReaches(text, limit);
}

/** Token ids of `text`. */
export function encodeTokens(text: string, encoding: Encoding = DEFAULT_ENCODING): number[] {
  const t = tokenizer(encoding);
  const parts = slicedParts(text);
  if (!parts) return t.encode(text);
  return parts.flatMap((p) => t.encode(p));
}

/** Text of the first `max` tokens of `text` (for cutting an over-long piece to a budget). */
export function truncateToTokens(text: string, max: number, encoding: Encoding = DEFAULT_ENCODING): string {
  const t = tokenizer(encoding);
  const ids = encodeTokens(text, encoding);
  if (ids.length <= max) return text;
  return t.decode(ids.slice(0, Math.max(0, max)));
}
