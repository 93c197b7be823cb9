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
/** A word with no apostrophe, connector, capital or non-ASCII letter. */
const PLAIN = /^[a-z0-9]+$/;
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

/**
 * Splits text into lowercase search tokens. A compound identifier yields itself and then its parts, e.g.
 * "processFrontMatter" → ["processfrontmatter", "process", "front", "matter"] and "app.vault.getFiles" →
 * ["app.vault.getfiles", "app", "vault", "getfiles", "get", "files"].
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').matchAll(WORD)) {
    const word = match[0];
    // Most words are plain lowercase ASCII: nothing to drop, fold or split, so the word is its only token.
    if (PLAIN.test(word)) {
      if (word.length <= MAX_TOKEN) out.push(word);
      continue;
    }
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
    out.push(...pieces);
  }
  return out;
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
