// Words that make a sentence a question or a request ("how do I", "what is the way to", "как сделать, чтобы",
// "какую команду нужно") but say nothing about its subject. In a note they are content; in a question they only
// pull in chunks that happen to use them, so the retriever drops them from the question before searching. Our
// own selection; function words (stop-words.ts) are dropped anyway.
// Not in the list: the words of advice "should", "shouldn't", "must", "instead". Guides answer in them ("you should
// use trashFile instead of delete"), so a question that asks what one should do instead meets its answer through
// them: measured on the English dev set, dropping them moved three gold notes from first place to 2nd–10th and
// took the first answer bullet off a gold note three times (docs/retrieval-quality.md).

const ENGLISH = `able anybody anyone anything anyway can cant could couldnt describe did do does doing done explain
exactly find happen happens help how id ill im ive kind know let lets like make making may might need needed needs
ok one possible possibly probably really right says seem seems show somebody someone something somehow sort
supposed sure tell thing things trying want wanted wants way ways whats whatever whenever whether wherever whichever
why will wonder wondering would`;

// Russian: interrogatives and their case forms, modal words, "do/make" verbs of a request, and vague pronouns.
const RUSSIAN = `где зачем как какая какие каким какими каких какого какое какой каком какому какою какую каков
какова каково каковы когда котор которая которое которые который которым которых куда ли можно надо нужно
нужен нужна нужны обязательно откуда почему сделать делать скажите сколько сколькими скольких стоит хочу хочется
хотим хотел хотела чего чем что чтоб чтобы чья чье чьи чей кто кого кому кем вообще именно например просто
пожалуйста примерно какой-то какое-то как-то что-то где-то кто-то`;

const WORDS = new Set([...ENGLISH.split(/\s+/), ...RUSSIAN.split(/\s+/)].filter((w) => w.length > 0));

/** A word run in any script, with inner apostrophes and hyphens (so "what's" and "какой-то" are one word). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/** True for a question or request word (expects lowercase with ё folded to е; apostrophes removed). */
export function isQuestionWord(word: string): boolean {
  return WORDS.has(word);
}

/**
 * The question with its question words blanked out (identifiers such as `app.vault.read` stay whole, because a
 * word joined to others by . or _ is never dropped). When nothing but question words remains, returns the text.
 */
export function stripQuestionWords(text: string): string {
  let kept = 0;
  const out = text.replace(WORD, (w, offset: number, all: string) => {
    const before = all[offset - 1];
    const after = all[offset + w.length];
    const joined = (c: string | undefined) => c === '.' || c === '_' || (c !== undefined && /[\p{L}\p{N}]/u.test(c));
    const key = w.toLowerCase().replace(/ё/g, 'е').replace(/['’]/g, '');
    if (!joined(before) && !joined(after) && WORDS.has(key)) return ' ';
    kept++;
    return w;
  });
  return kept > 0 ? out : text;
}
