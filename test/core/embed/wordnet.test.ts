import { describe, expect, it } from 'vitest';
import { bundledWordNet } from '../../../src/core/embed/bundled-wordnet';

const wn = bundledWordNet();

describe('WordNet (the bundled compact artifact)', () => {
  it('is decoded once per process', () => {
    expect(bundledWordNet()).toBe(wn);
  });

  it('finds synsets through inflections and compact compounds, most frequent sense first', () => {
    const font = wn.synsetIds('typefaces', 'noun');
    expect(wn.synset(font[0]!)!.words).toEqual(expect.arrayContaining(['font', 'typeface']));
    const plugin = wn.synsetIds('add-ons', 'noun')[0]!;
    expect(wn.synset(plugin)!.words).toContain('plug-in');
    expect(wn.synsetIds('plugin', 'noun')).toContain(plugin); // "plugin" is the compact form of "plug-in"
    expect(wn.synsetIds('zzyzx', 'noun')).toEqual([]);
  });

  it('weights senses by their tagged-corpus frequency, so a rare noun sense does not dominate', () => {
    const add = wn.senses('add');
    expect(add[0]!.id.startsWith('v')).toBe(true); // the verb, not the noun ADD (attention deficit disorder)
    expect(add[0]!.p).toBeGreaterThan(0.4);
    const adhd = add.find((s) => s.id.startsWith('n'));
    expect(adhd!.p).toBeLessThan(0.01);
    expect(add.reduce((s, x) => s + x.p, 0)).toBeCloseTo(1, 6);
    // An untagged word falls back to sense order.
    const addOn = wn.senses('add-on');
    expect(addOn.map((s) => s.rank)).toEqual([0, 1, 2]);
    expect(addOn[0]!.p).toBeGreaterThan(addOn[1]!.p);
    expect(wn.senses('zzyzx')).toEqual([]);
  });

  it('reads the hypernyms of a synset, and the words of a hypernym', () => {
    const font = wn.synset(wn.synsetIds('font', 'noun')[0]!)!;
    expect(font.hypernyms.length).toBeGreaterThan(0);
    const parent = wn.synset(font.hypernyms[0]!)!;
    expect(parent.id).toBe(font.hypernyms[0]);
    expect(parent.words.length).toBeGreaterThan(0);
    expect(wn.synset('n99999999')).toBeNull();
    expect(wn.synset('bogus')).toBeNull();
  });
});
