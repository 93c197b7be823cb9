// Features of the zero-download embedder that carry meaning across Russian inflection and across scripts:
// - character 3-grams over the Snowball stem (not the inflected word), so "установка", "установить" and
//   "установленный" share most of their features, while their endings add none;
// - a transliteration skeleton (Cyrillic → Latin, then consonants only, with c/k/q, ph/f, w/v, x/ks, doubled
//   letters folded), shared by a name in either script: "Докер" and "Docker" → "dkr", "Флатпак" and "Flatpak" →
//   "fltpk". It is added for Latin words too, so a Russian question meets an English note and vice versa.
// WordNet covers English only; these give Russian text what synsets give English: a bridge between word forms.

/** Weights of the cross-inflection and cross-script features (part of the embedder's fingerprint). */
export interface RussianFeatureOptions {
  /** Weight of a Cyrillic word's stem 3-grams (spread over them). */
  stemGramWeight: number;
  /** Weight of the transliteration skeleton of a word in either script. */
  translitWeight: number;
}

/** Defaults measured on the development sets (docs/retrieval-quality.md). */
export const DEFAULT_RUSSIAN_FEATURES: RussianFeatureOptions = { stemGramWeight: 0.35, translitWeight: 0.3 };

/** Shorter skeletons match too many unrelated words. */
const MIN_SKELETON = 3;

// GOST-like romanisation, chosen so that the common spellings of borrowed technical words line up.
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

const CYRILLIC = /^[а-яё]+$/;
const LATIN = /^[a-z]+$/;

/** Latin spelling of a lowercase Cyrillic word (other characters unchanged). */
export function transliterate(word: string): string {
  let out = '';
  for (const ch of word) out += TRANSLIT[ch] ?? ch;
  return out;
}

/** Latin spelling with the letters transliteration cannot decide folded to one (c/k/q, ph/f, w/v, x/ks, sh/s…). */
function foldSpelling(word: string): string | null {
  let w: string;
  if (CYRILLIC.test(word)) w = transliterate(word);
  else if (LATIN.test(word)) w = word;
  else return null;
  return w
    .replace(/ph/g, 'f')
    .replace(/zh|sch|sh|ch|ts|th/g, (m) => m[0]!)
    .replace(/ck|q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/w/g, 'v')
    .replace(/x/g, 'ks')
    .replace(/(.)\1+/g, '$1');
}

/**
 * Consonant skeleton of a lowercase word in Latin or Cyrillic script, or null for other words and for skeletons
 * shorter than 3 letters: loose on purpose (a soft dense feature), "steam" and "system" share one.
 */
export function translitSkeleton(word: string): string | null {
  const w = foldSpelling(word)
    ?.replace(/[aeiouy]/g, '')
    .replace(/(.)\1+/g, '$1');
  return w && w.length >= MIN_SKELETON ? w : null;
}

/**
 * A stricter key for exact matching across scripts: the folded spelling with every vowel run as one "a", so vowel
 * positions count but their spelling does not ("докер" and "docker" → "dakar"; "стим" → "stam" but "system" →
 * "sastam"). Null below 5 letters.
 */
export function translitKey(word: string): string | null {
  const w = foldSpelling(word)?.replace(/[aeiouy]+/g, 'a');
  return w && w.length >= 5 ? w : null;
}

/** Extra features of one word (lowercase, ё folded) given its stem; empty for words these rules do not cover. */
export function russianFeatures(word: string, stem: string, o: RussianFeatureOptions): [string, number][] {
  const out: [string, number][] = [];
  if (o.stemGramWeight > 0 && CYRILLIC.test(word) && stem.length >= 3) {
    const padded = `^${stem}`;
    const grams: string[] = [];
    for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
    const per = o.stemGramWeight / Math.sqrt(grams.length);
    for (const g of grams) out.push([`r:${g}`, per]);
  }
  if (o.translitWeight > 0 && word.length >= 4) {
    // The stem of a Cyrillic word, so "докера" and "докером" both meet "docker".
    const sk = translitSkeleton(CYRILLIC.test(word) ? stem : word);
    if (sk) out.push([`t:${sk}`, o.translitWeight]);
  }
  return out;
}
