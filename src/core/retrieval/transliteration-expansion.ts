// Cross-script query expansion: a question word written in one script brings the vault's terms that spell the same
// name in the other ("докер" → docker, "Flatpak" → флатпак), matched by their transliteration key
// (russian-features.ts). Only words the notes rarely use are expanded, and only to a few terms, so that a common
// word never drags in look-alikes.
import type { LexicalIndex } from '../index/lexical-index';
import { isStopWord, stem, tokenize } from '../index/text-analysis';
import { isQuestionWord } from '../index/question-words';
import { translitKey } from '../embed/russian-features';
import type { Vocabulary } from './query-expansion';

/** Default weight of a cross-script spelling relative to the question word. */
export const TRANSLIT_EXPANSION_WEIGHT = 0.8;
/** A key shared by more vault terms than this is too common to mean one name. */
const MAX_TERMS = 3;

const CYRILLIC = /^[а-я]+$/;
const LATIN = /^[a-z]+$/;

// Skeleton → vault terms of one script, per index, built the first time a question word of the other script needs
// it (an English question on an English vault only scans the terms for Cyrillic ones, and keys none), and again
// when the index size changes.
const cache = new WeakMap<LexicalIndex, { latin?: KeyMap; cyrillic?: KeyMap }>();

interface KeyMap {
  size: number;
  map: Map<string, string[]>;
}

function keyMap(index: LexicalIndex, script: 'latin' | 'cyrillic'): Map<string, string[]> {
  let entry = cache.get(index);
  if (!entry) cache.set(index, (entry = {}));
  const hit = entry[script];
  if (hit && hit.size === index.size()) return hit.map;
  const re = script === 'latin' ? LATIN : CYRILLIC;
  const map = new Map<string, string[]>();
  for (const term of index.terms()) {
    if (term.length < 4 || !re.test(term)) continue;
    const sk = translitKey(term);
    if (!sk) continue;
    const list = map.get(sk);
    if (!list) map.set(sk, [term]);
    else if (list.length <= MAX_TERMS) list.push(term);
  }
  entry[script] = { size: index.size(), map };
  return map;
}

/**
 * A word that the index stems to `term` (expansion words are stemmed again by the index, and stemming a stem
 * can cut it further: "телеграм" → "телегр"); null when no simple form does.
 */
function surfaceOf(term: string): string | null {
  const endings = CYRILLIC.test(term) ? ['', 'а', 'ы', 'ом'] : ['', 'e', 's'];
  for (const e of endings) if (stem(term + e) === term) return term + e;
  return null;
}

/** Other-script spellings of the question's rare words, with weights (weight × rarity of the question word). */
export function transliterationExpansions(
  question: string,
  index: LexicalIndex,
  vocab: Vocabulary,
  weight = TRANSLIT_EXPANSION_WEIGHT,
): Map<string, number> {
  const out = new Map<string, number>();
  if (weight <= 0) return out;
  for (const word of new Set(tokenize(question))) {
    if (word.length < 4 || isStopWord(word) || isQuestionWord(word)) continue;
    const cyr = CYRILLIC.test(word);
    if (!cyr && !LATIN.test(word)) continue;
    const sk = translitKey(cyr ? stem(word) : word);
    const terms = sk ? keyMap(index, cyr ? 'latin' : 'cyrillic').get(sk) : undefined;
    if (!terms || terms.length > MAX_TERMS) continue;
    const w = weight * vocab.rarity(word);
    if (w <= 0) continue;
    for (const t of terms) {
      const surface = surfaceOf(t);
      if (surface) out.set(surface, Math.max(out.get(surface) ?? 0, w));
    }
  }
  return out;
}
