// Short stop-word lists (our own selection): function words that match almost every chunk and so only add noise
// to BM25. Kept short on purpose — content words such as "new", "file" or "note" stay searchable.

const ENGLISH = `a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing dont down during each few for from further had has have having he her
here hers herself him himself his how i if in into is isnt it its itself just me more most my myself no nor not of off
on once only or other our ours ourselves out over own same she should so some such than that thats the their theirs
them themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves s t d ll m re ve`;

// Russian: pronouns, prepositions, conjunctions, particles and forms of быть (after the Snowball Russian list,
// without its numbers and evaluative words); ё is folded to е by the tokenizer.
const RUSSIAN = `а без более бы был была были было быть в вам вас ведь весь во вот впрочем все всего всех всю вы где да
даже для до его ее ей если есть еще же за здесь и из или им их к как когда кто ли либо между меня мне мной мы на над
нам нас не него нее ней нет ни нибудь них но ну о об однако он она они оно от очень перед по под при про с себе себя
со так также такой там те тем то того тоже той только том ты у уж уже хоть хотя чего чей чем через что чтоб чтобы чье
чья эта эти это этого этой этом этот эту я`;

const STOP = new Set([...ENGLISH.split(/\s+/), ...RUSSIAN.split(/\s+/)].filter((w) => w.length > 0));

/** True for an English or Russian function word (expects a lowercased term, ё folded to е). */
export function isStopWord(term: string): boolean {
  return STOP.has(term);
}
