// Tokenisation, stop words and stemming shared by lexical search and the local embedder. Words are runs of
// letters, marks and digits in any script (Latin and Cyrillic are what we tune for); identifiers joined by . _ -
// or written in camelCase are kept whole and also split into their parts, so "processFrontMatter" is found by
// "front matter" and by itself. Markdown punctuation (#, *, [[ ]], |, backticks) never ends up in a token.
import { porterStem } from './porter-stemmer';
import { russianStem } from './russian-stemmer';
export { isStopWord } from './stop-words';

/** A word, or several joined by connectors that sit between two word characters ("a.b", "snake_case", "x-y"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*(?:[._-][\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)*/gu;
const CONNECTOR = /[._-]/;
/** camelCase boundaries: lower/digit→Upper ("frontMatter"), and the last capital of an acronym ("HTTPServer"). */
const CAMEL = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
/** Longer tokens are hashes, base64 or URLs glued together: noise for search. */
const MAX_TOKEN = 64;

/** Lowercases and folds ё to е (Russian text uses both spellings for the same word). */
function fold(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е');
}

/** Drops apostrophes: a possessive "'s" goes, a contraction is joined ("don't" → "dont"). */
function dropApostrophes(s: string): string {
  return s.replace(/['’]s(?=$|[._-])/gu, '').replace(/['’]/gu, '');
}

/** Where the next word starts (a run of other characters skipped), and a word at a given position. */
const GAP = /[^\p{L}\p{M}\p{N}]*/uy;
const WORD_AT = new RegExp(WORD.source, 'uy');

/**
 * Splits text into lowercase search tokens. A compound identifier yields itself and then its parts, e.g.
 * "processFrontMatter" → ["processfrontmatter", "process", "front", "matter"] and "app.vault.getFiles" →
 * ["app.vault.getfiles", "app", "vault", "getfiles", "get", "files"].
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  forEachToken(
    text,
    (s, start, end) => out.push(s.slice(start, end)),
    (t) => out.push(t),
  );
  return out;
}

/**
 * The tokens of tokenize(text), in order, without building them all: a plain word (most words: lowercase ASCII
 * letters and digits, nothing to drop, fold or split) is passed as its range of `s`, the normalised text, to
 * `plain(s, start, end)`; any other token as a string to `other`. The indexing path numbers plain words by their
 * range (word-ids.ts) and so never makes their strings.
 */
export function forEachToken(
  text: string,
  plain: (s: string, start: number, end: number) => void,
  other: (token: string) => void,
): void {
  const s = text.normalize('NFKC');
  const n = s.length;
  for (let at = 0; at < n;) {
    let c = s.charCodeAt(at);
    // ASCII text is walked by hand: an ASCII character other than a letter or digit is never in a word, and a run
    // of [a-z0-9] followed by such a character (not a joiner ' . _ -) or the end is a whole plain word.
    if (c < 128) {
      if (!isAsciiAlnum(c)) {
        at++;
        continue;
      }
      let i = at;
      while (i < n && (((c = s.charCodeAt(i)) >= 97 && c <= 122) || (c >= 48 && c <= 57))) i++;
      if (i > at && (i === n || (c < 128 && !isAsciiAlnum(c) && c !== 39 && c !== 46 && c !== 95 && c !== 45))) {
        if (i - at <= MAX_TOKEN) plain(s, at, i);
        at = i;
        continue;
      }
    }
    // Otherwise by WORD itself: a match starts at the first word character after any others (every word character
    // starts one), so skipping the others and matching there walks the same matches as a global search.
    GAP.lastIndex = at;
    GAP.test(s);
    const start = GAP.lastIndex;
    if (start >= n) break;
    WORD_AT.lastIndex = start;
    if (!WORD_AT.test(s)) throw new Error('text-analysis: no word where a word character is');
    const end = WORD_AT.lastIndex;
    at = end;
    let isPlain = true;
    for (let i = start; i < end && isPlain; i++) {
      const d = s.charCodeAt(i);
      isPlain = (d >= 97 && d <= 122) || (d >= 48 && d <= 57);
    }
    if (isPlain) {
      if (end - start <= MAX_TOKEN) plain(s, start, end);
      continue;
    }
    for (const t of compoundTokens(s.slice(start, end))) other(t);
  }
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** The tokens of a word that is not plain: itself folded, then its connector-separated and camelCase parts. */
function compoundTokens(word: string): string[] {
  const cleaned = dropApostrophes(word);
  const segments = cleaned.split(CONNECTOR).filter((seg) => seg.length > 0);
  const pieces: string[] = [];
  const push = (s: string): void => {
    if (s.length > 0 && s.length <= MAX_TOKEN && !pieces.includes(s)) pieces.push(s);
  };
  push(fold(cleaned));
  for (const seg of segments) {
    const parts = seg.split(CAMEL);
    if (segments.length > 1) push(fold(seg));
    if (parts.length > 1) for (const p of parts) push(fold(p));
  }
  return pieces;
}

/**
 * Light stemming: the Porter stemmer for plain Latin words, a Snowball-style one for Cyrillic words; identifiers
 * with digits or connectors, and other scripts, are returned unchanged so that they only match themselves.
 */
export function stem(term: string): string {
  if (/^[a-z]+$/.test(term)) return porterStem(term);
  if (/^[а-я]+$/.test(term)) return russianStem(term);
  return term;
}
