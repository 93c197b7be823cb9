// Words for the extractive scorer: Unicode word tokens, lower-cased, stop words dropped, and a light suffix
// stemmer for English and Russian so "notes"/"note" and "заметки"/"заметка" meet. Not a full stemmer on purpose:
// it only has to make a question's words meet the context's words.

const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Function words of English and Russian that say nothing about what a sentence is about. */
const STOP_WORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been ' +
    'being am do does did done have has had having it its this that these those there here what which who whom ' +
    'whose when where why how can could should would will shall may might must not no yes so than too very just ' +
    'also only i me my we our you your he him his she her they them their us all any some each such own same ' +
    'other more most few both up down out over under again once s t don doesn isn aren wasn weren please tell ' +
    'explain describe show give know want need use used using get got make made way thing things' +
    ' и в во на не с со по к ко у о об от до за из для что как где когда почему зачем какой какая какое какие ' +
    'каков такой такая такое такие это этот эта эти тот та те то же ли бы был была было были быть есть а но или да нет ни все всё вся ' +
    'весь его её ее их им ими мне меня мы вы ты он она оно они я себя свой своя свои так там тут здесь уже ' +
    'ещё еще только очень можно нужно надо при без над под про через между чем кто чего кого который которая ' +
    'которое которые скажи расскажи объясни'
  ).split(/\s+/),
);

/** Russian endings, longest first, removed when at least 3 letters remain. */
const RU_ENDINGS = [
  'иями',
  'ями',
  'ами',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ться',
  'тся',
  'ешь',
  'ете',
  'ите',
  'ает',
  'яет',
  'ует',
  'ишь',
  'ить',
  'ать',
  'ять',
  'еть',
  'уть',
  'ие',
  'ия',
  'ий',
  'ый',
  'ой',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ом',
  'ем',
  'ам',
  'ям',
  'ах',
  'ях',
  'ов',
  'ев',
  'ей',
  'ию',
  'ью',
  'ть',
  'ет',
  'ут',
  'ют',
  'ит',
  'ат',
  'ят',
  'ю',
  'у',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'ь',
  'й',
];

/** English suffixes, longest first, removed when at least 4 letters remain (3 for a plural 's'). */
const EN_SUFFIXES = [
  'ational',
  'ization',
  'fulness',
  'iveness',
  'ations',
  'ation',
  'ments',
  'ment',
  'ness',
  'ings',
  'ing',
  'ies',
  'ied',
  'ers',
  'er',
  'ed',
  'es',
  'ly',
  's',
];

const CYRILLIC = /[\u0400-\u04ff]/;

/** A light stem: one suffix removed (keeping at least three letters), then a final 'e' and doubled consonant dropped. */
export function stem(word: string): string {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (CYRILLIC.test(w)) {
    for (const e of RU_ENDINGS) if (w.endsWith(e) && w.length - e.length >= 3) return w.slice(0, -e.length);
    return w;
  }
  let s = w;
  for (const e of EN_SUFFIXES) {
    // Only a plural 's' may leave three letters ("tools" → "tool"); "embed" must not lose "ed".
    if (!w.endsWith(e) || w.length - e.length < (e === 's' ? 3 : 4)) continue;
    const rest = w.slice(0, -e.length);
    // "es" is a plural ending only after s/x/z/ch/sh ("boxes"); in "notes" only the "s" goes.
    if (e === 'es' && !/(s|x|z|ch|sh)$/.test(rest)) continue;
    // "studies" → "study", "copied" → "copy".
    s = e === 'ies' || e === 'ied' ? `${rest}y` : rest;
    break;
  }
  // "store"/"stored" and "note"/"notes" meet without their final 'e'; "embedd(ing)" meets "embed".
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  if (s.length > 3 && /([b-df-hj-np-rtv-y])\1$/.test(s)) s = s.slice(0, -1);
  return s;
}

/** Lower-cased word tokens of `text` (letters and digits of any script). */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD_RE) ?? []).map((w) => w.replace(/['’].*$/, ''));
}

/** True for a function word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase().replace(/ё/g, 'е')) || STOP_WORDS.has(word.toLowerCase());
}

/** Stems of the content words of `text`, in order, with repeats (for term frequency). */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (isStopWord(w)) continue;
    out.push(stem(w));
  }
  return out;
}
