// Cutting text at token boundaries measured with the real tokenizer: the longest prefix that fits a budget,
// and the tail of a text within a budget (for overlap between pieces).
import { countTokens } from '../tokens';

/** Whether a text fits a token budget (the caller decides what else shares the budget). */
export type Fits = (text: string) => boolean;

/** Length of the longest prefix of `text` that fits (at least 1 character, never half a surrogate pair). */
export function longestFittingPrefix(text: string, fits: Fits): number {
  let lo = 1;
  if (!fits(text.slice(0, 1))) return surrogateSafe(text, 1);
  let hi = text.length;
  // Grow exponentially first, so a short prefix of a huge text costs only a few counts.
  for (let probe = 256; probe < text.length; probe *= 2) {
    if (!fits(text.slice(0, probe))) {
      hi = probe;
      break;
    }
    lo = probe;
  }
  if (hi === text.length && fits(text)) return text.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return surrogateSafe(text, lo);
}

/**
 * Length of a long prefix of `text` within `room` tokens, found from a guess (`charsPerToken`) refined by the
 * secant rule: about three counts of a piece-sized prefix, never of the whole text, so cutting a huge text into
 * pieces stays linear. The prefix fills at least ~90% of the room (or is the whole text, or 1 character).
 */
export function prefixWithin(text: string, room: number, charsPerToken: number): number {
  if (text.length === 0) return 0;
  let lo = 0; // longest length known to fit
  let hi = text.length + 1; // shortest length known not to fit
  let k = Math.min(text.length, Math.max(1, Math.floor(room * Math.max(0.5, charsPerToken))));
  for (let iter = 0; iter < 12 && hi - lo > 1; iter++) {
    const c = countTokens(text.slice(0, k));
    if (c <= room) {
      lo = k;
      if (k === text.length || c >= room * 0.9 || room - c <= 1) break;
      k = Math.floor((k * room) / Math.max(1, c));
    } else {
      hi = k;
      k = Math.floor((k * room * 0.97) / c);
    }
    // Keep the next probe strictly inside the open interval; bisect when the secant step leaves it.
    if (k <= lo || k >= hi) k = (lo + hi) >> 1;
    k = Math.min(k, text.length);
  }
  return lo === 0 ? surrogateSafe(text, 1) : surrogateSafe(text, lo);
}

function surrogateSafe(text: string, k: number): number {
  const c = text.charCodeAt(k - 1);
  if (c >= 0xd800 && c <= 0xdbff) return k > 1 ? k - 1 : Math.min(text.length, k + 1);
  return k;
}

/** The last part of `text` of at most `maxTokens` tokens, starting at a word boundary ('' if none fits). */
export function tailWithin(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return '';
  let lo = Math.max(0, text.length - maxTokens * 16);
  let hi = text.length;
  if (countTokens(text.slice(lo)) <= maxTokens) hi = lo;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (countTokens(text.slice(mid)) <= maxTokens) hi = mid;
    else lo = mid;
  }
  let start = hi;
  if (start > 0 && !/\s/.test(text[start - 1] ?? '')) {
    const ws = text.slice(start).search(/\s/);
    start = ws < 0 ? text.length : start + ws;
  }
  return text.slice(start).trim();
}
