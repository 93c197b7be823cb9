// tokenize as it was first written (one global WORD search, no plain-ASCII shortcut, no walk by hand): the
// reference the faster paths (text-analysis.ts forEachToken, word-ids.ts idsOfText) must equal token for token.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*(?:[._-][\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)*/gu;
const CAMEL = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
const fold = (s: string): string => s.toLowerCase().replace(/ё/g, 'е');

/** The tokens of `text` by the first tokenizer. */
export function referenceTokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').matchAll(WORD)) {
    const cleaned = match[0].replace(/['’]s(?=$|[._-])/gu, '').replace(/['’]/gu, '');
    const segments = cleaned.split(/[._-]/).filter((seg) => seg.length > 0);
    const pieces: string[] = [];
    const push = (s: string): void => {
      if (s.length > 0 && s.length <= 64 && !pieces.includes(s)) pieces.push(s);
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
