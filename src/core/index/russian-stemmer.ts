// Russian suffix stripping after the Snowball Russian stemmer (snowballstem.org/algorithms/russian): endings of
// gerunds, reflexives, adjectives/participles, verbs and nouns are removed inside RV (the part after the first
// vowel), then a final и, -ость in R2, and нн/ь/superlatives. Input: a lowercase word with ё already folded to е.

const VOWELS = 'аеиоуыэюя';

/** Endings, each class split into "must follow а or я" (group 1) and unconditional (group 2). */
const GERUND = { after: ['в', 'вши', 'вшись'], plain: ['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись'] };
const REFLEXIVE = ['ся', 'сь'];
const ADJECTIVE = [
  'ее',
  'ие',
  'ые',
  'ое',
  'ими',
  'ыми',
  'ей',
  'ий',
  'ый',
  'ой',
  'ем',
  'им',
  'ым',
  'ом',
  'его',
  'ого',
  'ему',
  'ому',
  'их',
  'ых',
  'ую',
  'юю',
  'ая',
  'яя',
  'ою',
  'ею',
];
const PARTICIPLE = { after: ['ем', 'нн', 'вш', 'ющ', 'щ'], plain: ['ивш', 'ывш', 'ующ'] };
const VERB = {
  after: ['ла', 'на', 'ете', 'йте', 'ли', 'й', 'л', 'ем', 'н', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'ешь', 'нно'],
  plain: [
    'ила',
    'ыла',
    'ена',
    'ейте',
    'уйте',
    'ите',
    'или',
    'ыли',
    'ей',
    'уй',
    'ил',
    'ыл',
    'им',
    'ым',
    'ен',
    'ило',
    'ыло',
    'ено',
    'ят',
    'ует',
    'уют',
    'ит',
    'ыт',
    'ены',
    'ить',
    'ыть',
    'ишь',
    'ую',
    'ю',
  ],
};
const NOUN = [
  'а',
  'ев',
  'ов',
  'ие',
  'ье',
  'е',
  'иями',
  'ями',
  'ами',
  'еи',
  'ии',
  'и',
  'ией',
  'ей',
  'ой',
  'ий',
  'й',
  'иям',
  'ям',
  'ием',
  'ем',
  'ам',
  'ом',
  'о',
  'у',
  'ах',
  'иях',
  'ях',
  'ы',
  'ь',
  'ию',
  'ью',
  'ю',
  'ия',
  'ья',
  'я',
];
const SUPERLATIVE = ['ейше', 'ейш'];
const DERIVATIONAL = ['ость', 'ост'];

function isVowel(c: string | undefined): boolean {
  return c !== undefined && VOWELS.includes(c);
}

/** Start of the region after the first vowel that follows a consonant, searching from `from`. */
function regionAfter(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  return w.length;
}

/** Longest ending of `list` that lies inside [limit, end); undefined when none. */
function longest(w: string, limit: number, list: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const s of list) {
    if (w.length - s.length >= limit && w.endsWith(s) && (!best || s.length > best.length)) best = s;
  }
  return best;
}

/**
 * Removes the longest ending of a two-group class; group-1 endings only count after а/я (which stays). Like
 * Snowball, the longest match decides: if its condition fails, nothing is removed.
 */
function strip(w: string, limit: number, cls: { after: readonly string[]; plain: readonly string[] }): string | null {
  const a = longest(w, limit, cls.after);
  const p = longest(w, limit, cls.plain);
  if (p && (!a || p.length >= a.length)) return w.slice(0, -p.length);
  if (!a) return null;
  const before = w.length - a.length - 1;
  if (before < limit || (w[before] !== 'а' && w[before] !== 'я')) return null;
  return w.slice(0, -a.length);
}

/** Snowball-style stem of a lowercase Russian word. */
export function russianStem(word: string): string {
  let rv = 0;
  while (rv < word.length && !isVowel(word[rv])) rv++;
  rv = Math.min(rv + 1, word.length);
  const r1 = regionAfter(word, 0);
  const r2 = regionAfter(word, r1);
  let w = word;

  // Step 1: a perfective gerund, or else (after a reflexive ending) an adjectival, verb or noun ending.
  const gerund = strip(w, rv, GERUND);
  if (gerund !== null) {
    w = gerund;
  } else {
    const refl = longest(w, rv, REFLEXIVE);
    if (refl) w = w.slice(0, -refl.length);
    const adj = longest(w, rv, ADJECTIVE);
    if (adj) {
      w = w.slice(0, -adj.length);
      w = strip(w, rv, PARTICIPLE) ?? w;
    } else {
      const verb = strip(w, rv, VERB);
      if (verb !== null) w = verb;
      else {
        const noun = longest(w, rv, NOUN);
        if (noun) w = w.slice(0, -noun.length);
      }
    }
  }
  // Step 2: a final и.
  if (w.length > rv && w.endsWith('и')) w = w.slice(0, -1);
  // Step 3: a derivational ending inside R2.
  const der = longest(w, r2, DERIVATIONAL);
  if (der) w = w.slice(0, -der.length);
  // Step 4: нн → н, or a superlative (then нн → н), or a final soft sign.
  const sup = longest(w, rv, SUPERLATIVE);
  if (sup) w = w.slice(0, -sup.length);
  if (w.length - 2 >= rv && w.endsWith('нн')) w = w.slice(0, -1);
  else if (!sup && w.length > rv && w.endsWith('ь')) w = w.slice(0, -1);
  return w;
}
