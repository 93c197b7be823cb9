// Thesaurus query expansion: a content word of the question brings the other words of its likely WordNet senses
// ("add-on" → plug-in, "typeface" → font), so a question in other words than the notes still meets them in
// lexical search. Two things keep it from adding noise:
// - sense probability from WordNet's tagged-corpus counts ("add" is the verb, not the disorder ADD), and
// - the vault's own vocabulary: a word the notes use often needs no synonyms (the user already speaks the notes'
//   language), a word they never use needs them most; synonyms the notes never use are dropped.
import { bundledWordNet } from '../embed/bundled-wordnet';
import { tokenize, isStopWord, stem } from '../index/text-analysis';

/** Default weight of an expansion word relative to a question word. */
export const EXPANSION_WEIGHT = 0.4;
/** Most synonyms per question word. */
const PER_WORD = 3;
/** Senses less likely than this are ignored. */
const MIN_SENSE_P = 0.15;

/** How often the notes use a word: rarity 1 = never, 0 = in every chunk; `known` = the notes contain it. */
export interface Vocabulary {
  rarity(word: string): number;
  known(word: string): boolean;
}

/** A Vocabulary from document frequencies over n chunks (idf scaled to [0, 1]). */
export function vocabularyFrom(df: (word: string) => number, n: number): Vocabulary {
  const maxIdf = Math.log(1 + n);
  return {
    rarity: (word) => (n <= 1 ? 1 : Math.min(1, Math.max(0, Math.log((1 + n) / (1 + df(word))) / maxIdf))),
    known: (word) => df(word) > 0,
  };
}

/**
 * Expansion words with weights for a question: weight × P(sense) × rarity of the question word in the notes.
 * Without a vocabulary every question word counts as rare and every synonym as known.
 */
export function expandQuery(question: string, weight = EXPANSION_WEIGHT, vocab?: Vocabulary): Map<string, number> {
  const wordnet = bundledWordNet();
  const words = new Set(tokenize(question).filter((w) => !isStopWord(w) && /^[a-z][a-z-]{2,}$/.test(w)));
  const stems = new Set([...words].map(stem));
  const out = new Map<string, number>();
  for (const word of words) {
    const gate = vocab ? vocab.rarity(word) : 1;
    if (gate <= 0) continue;
    const cands = new Map<string, number>();
    for (const { id, p } of wordnet.senses(word)) {
      if (p < MIN_SENSE_P) break;
      for (const lemma of wordnet.synset(id)?.words ?? []) {
        if (lemma.includes('_')) continue;
        // "plug-in" is usually written "plugin" in notes: try both spellings.
        for (const w of lemma.includes('-') ? [lemma, lemma.replace(/-/g, '')] : [lemma]) {
          if (!/^[a-z][a-z-]{2,}$/.test(w) || stems.has(stem(w)) || (vocab && !vocab.known(w))) continue;
          cands.set(w, Math.max(cands.get(w) ?? 0, weight * gate * p));
        }
      }
    }
    const best = [...cands.entries()].sort((a, b) => b[1] - a[1]).slice(0, PER_WORD);
    for (const [w, v] of best) out.set(w, Math.max(out.get(w) ?? 0, v));
  }
  return out;
}
