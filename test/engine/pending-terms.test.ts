// The workers' terms kept while a new lexical index is deferred come back exactly as they were put.
import { describe, expect, it } from 'vitest';
import { PendingTerms } from '../../src/engine/pending-terms';
import { TermDictionary, TermPacker } from '../../src/core/index/packed-terms';
import { fieldTerms } from '../../src/core/index/lexical-terms';
import { tokenize } from '../../src/core/index/text-analysis';

describe('PendingTerms', () => {
  it('gives back each chunk’s numbered terms once, and keeps none it was not given numbered', () => {
    const packer = new TermPacker();
    const dict = new TermDictionary();
    // Enough distinct terms that numbers and counts take several varint bytes.
    const big = Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' ');
    const texts = [big, `tomato ${'tomato '.repeat(300)} garden`, 'the and of', 'w19999 soil'];
    for (const t of texts) packer.add(tokenize(t));
    const fields = dict.unpack(packer.pack());
    const pending = new PendingTerms();
    fields.forEach((f, i) => pending.put(`c${i}`, f));
    pending.put('plain', fieldTerms('not numbered'));
    expect(pending.size).toBe(4);
    expect(pending.postings).toBe(fields.reduce((n, f) => n + f.terms.length, 0));
    pending.delete('c2');
    // get() reads without forgetting (a bulk build reads every chunk twice).
    expect(Array.from(pending.get('c3')!.tfs)).toEqual(Array.from(fields[3]!.tfs));
    expect(pending.size).toBe(4 - 1);
    for (const i of [3, 0, 1]) {
      const got = pending.take(`c${i}`)!;
      expect([got.length, got.terms, Array.from(got.tfs)]).toEqual([
        fields[i]!.length,
        fields[i]!.terms,
        Array.from(fields[i]!.tfs),
      ]);
      expect(got.numbered?.by).toBe(dict);
    }
    expect(pending.take('c0')).toBeUndefined();
    expect(pending.take('c2')).toBeUndefined();
    expect(pending.take('plain')).toBeUndefined();
  });
});
