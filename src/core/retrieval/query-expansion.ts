// Thesaurus query expansion: each content word of the question brings the other words of its most common
// WordNet senses ("add-on" → plug-in, "typeface" → font), so a question in other words than the note still
// meets it in lexical search. Expansion words weigh less than the user's own words.
import { WordNet } from '../embed/wordnet';
import { tokenize, isStopWord } from '../index/text-analysis';

/** Default weight of an expansion word relative to a question word. */
export const EXPANSION_WEIGHT = 0.35;
const PER_WORD = 4;

let shared: WordNet | null = null;

/** Expansion words with weights for a question. */
export function expandQuery(question: string, weight = EXPANSION_WEIGHT): Map<string, number> {
  shared ??= WordNet.load();
  const words = new Set(tokenize(question).filter((w) => !isStopWord(w) && /^[a-z][a-z-]{2,}$/.test(w)));
  const out = new Map<string, number>();
  for (const word of words) {
    let added = 0;
    for (const { id, rank } of shared.lookup(word)) {
      if (rank > 0 || added >= PER_WORD) continue;
      for (const lemma of shared.synset(id)?.words ?? []) {
        const w = lemma.replace(/_/g, ' ');
        if (w === word || w.includes(' ') || words.has(w) || out.has(w) || added >= PER_WORD) continue;
        out.set(w, weight);
        added++;
      }
    }
  }
  return out;
}
