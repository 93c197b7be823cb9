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

// Skeleton → vault terms per script, per index (rebuilt when the index size changes).
const cache = new WeakMap<
  LexicalIndex,
  { size: number; latin: Map<string, string[]>; cyrillic: Map<string, string[]> }
>();

function keyMaps(index: LexicalIndex): { latin: Map<string, string[]>; cyrillic: Map<string, string[]> } {
  const hit = cache.get(index);
  if (hit && hit.size === index.size()) return hit;
  const latin = new Map<string, string[]>();
  const cyrillic = new Map<string, string[]>();
  for (const term of index.terms()) {
    if (term.length < 4) continue;
    const map = LATIN.test(term) ? latin : CYRILLIC.test(term) ? cyrillic : null;
    const sk = map && translitKey(term);
    if (!map || !sk) continue;
    const list = map.get(sk);
    if (!list) map.set(sk, [term]);
    else if (list.length <= MAX_TERMS) list.push(term);
  }
  const entry = { size: index.size(), latin, cyrillic };
  cache.set(index, entry);
  return entry;
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
  const maps = keyMaps(index);
  for (const word of new Set(tokenize(question))) {
    if (word.length < 4 || isStopWord(word) || isQuestionWord(word)) continue;
    const cyr = CYRILLIC.test(word);
    if (!cyr && !LATIN.test(word)) continue;
    const sk = translitKey(cyr ? stem(word) : word);
    const terms = sk ? (cyr ? maps.latin : maps.cyrillic).get(sk) : undefined;
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
