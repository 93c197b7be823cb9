import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPACT_KEY,
  compressCompactWordNet,
  encodeCompactWordNet,
  loadCompactWordNet,
} from '../../../src/core/embed/compact-wordnet';
import { WORDNET_POS, type WordNet } from '../../../src/core/embed/wordnet';
import { WordNetDbTables } from '../../../scripts/wordnet/wordnet-db';
import { WordNet as WordNetClass } from '../../../src/core/embed/wordnet';
import { WORDNET_ARTIFACT } from '../../../scripts/wordnet/build-wordnet';

// The full WordNet straight from the wordnet-db files: the reference the compact artifact must reproduce.
const tables = new WordNetDbTables();
const full: WordNet = new WordNetClass(tables);
const bytes = encodeCompactWordNet({ keys: () => tables.keys(), tables });
const shipped = compressCompactWordNet(bytes);
const compact = loadCompactWordNet(shipped);

/** Every n-th reachable key, plus inflected forms and words chosen for known traps. */
function sample(): string[] {
  const keys = [...tables.keys()].map((k) => k.key).filter((k) => COMPACT_KEY.test(k));
  const out = new Set(keys.filter((_, i) => i % 97 === 0));
  for (const k of keys.filter((_, i) => i % 991 === 0))
    for (const suffix of ['s', 'es', 'ed', 'ing', 'er', 'est']) out.add(k + suffix);
  for (const w of [
    'add',
    'add-on',
    'add-ons',
    'plugin',
    'plugins',
    'typefaces',
    'font',
    'run',
    'running',
    'women',
    'zzyzx',
    'hotdog',
  ])
    out.add(w);
  return [...out];
}

describe('compact WordNet artifact', () => {
  const words = sample();

  it('gives the same senses, probabilities and synset ids as the full WordNet for a sample of words', () => {
    expect(words.length).toBeGreaterThan(2000);
    for (const w of words) {
      expect(compact.senses(w), w).toEqual(full.senses(w));
      for (const pos of WORDNET_POS) expect(compact.synsetIds(w, pos), `${w}/${pos}`).toEqual(full.synsetIds(w, pos));
    }
  });

  it('gives the same words (multi-word lemmas aside) and hypernyms for each sense and hypernym synset', () => {
    let checked = 0;
    for (const w of words) {
      for (const { id } of full.senses(w)) {
        const a = full.synset(id)!;
        const b = compact.synset(id)!;
        expect(b.hypernyms, id).toEqual(a.hypernyms);
        expect(b.words, id).toEqual(a.words.filter((x) => !x.includes('_')));
        for (const h of a.hypernyms) {
          expect(compact.synset(h)!.words, h).toEqual(full.synset(h)!.words.filter((x) => !x.includes('_')));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('is deterministic, and the artifact the build wrote is the current one', () => {
    const again = encodeCompactWordNet({ keys: () => tables.keys(), tables });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
    const built = readFileSync(join(import.meta.dirname, '../../..', WORDNET_ARTIFACT));
    expect(Buffer.compare(built, Buffer.from(shipped))).toBe(0);
    // It must stay small enough to ship inside main.js (base64 adds a third).
    expect(shipped.length).toBeLessThan(2.5 * 2 ** 20);
  });

  it('loads the uncompressed layout too, with the same lookups', () => {
    const raw = loadCompactWordNet(bytes);
    for (const w of words.slice(0, 300)) expect(raw.senses(w), w).toEqual(compact.senses(w));
  });

  it('refuses bytes that are not an artifact, or are cut short', () => {
    expect(() => loadCompactWordNet(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/compact-wordnet: not a compact WordNet/);
    expect(() => loadCompactWordNet(shipped.subarray(0, shipped.length >> 1))).toThrow(/compact-wordnet: /);
    expect(() => loadCompactWordNet(bytes.subarray(0, bytes.length >> 1))).toThrow(/compact-wordnet: /);
    expect(() => loadCompactWordNet(bytes.subarray(0, bytes.length - 1))).toThrow(/compact-wordnet: /);
  });
});
