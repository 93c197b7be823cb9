// What the chunker tests share: reproducible prose and chunking a note from its text.
import { chunkNote, type ChunkerOptions } from '../../../src/core/markdown/chunk-note';
import { parseNote } from '../../../src/core/markdown/parse-note';
import type { Chunk } from '../../../src/core/types';

/** The vocabulary of `prose`. */
const WORDS = 'vault note link graph token budget chunk heading embed index query answer energy context memory'.split(
  ' ',
);

/** Deterministic pseudo-random prose (a small LCG), so the long-note tests are reproducible. */
export function prose(words: number, seed: number, sentenceEvery = 12): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length] ?? 'word');
    if (sentenceEvery > 0 && i % sentenceEvery === sentenceEvery - 1) out[out.length - 1] += '.';
  }
  return out.join(' ');
}

/** The chunks of a note with this path and text. */
export function chunks(path: string, text: string, opts?: ChunkerOptions): Chunk[] {
  return chunkNote(parseNote(path, text), opts);
}
