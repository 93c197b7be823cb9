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

  it('keeps terms on pages and releases each page once all its chunks were taken or deleted', () => {
    const packer = new TermPacker();
    const dict = new TermDictionary();
    // ~2,000 terms a text, ~6 KB of varints: a page of 1 MiB holds ~170 texts.
    const texts = Array.from({ length: 600 }, (_, i) =>
      Array.from({ length: 2000 }, (_, k) => `t${(i * 31 + k) % 50_000}`).join(' '),
    );
    for (const t of texts) packer.add(tokenize(t));
    const fields = dict.unpack(packer.pack());
    const pending = new PendingTerms();
    fields.forEach((f, i) => pending.put(`c${i}`, f));
    // Re-putting a chunk forgets its old terms (the page count stays right).
    pending.put('c0', fields[0]!);
    const pages = pending.pagesHeld;
    expect(pages).toBeGreaterThan(2);
    // peek reads into reused arrays the same terms as get; with forget it takes them.
    const viaGet = pending.get('c7')!;
    const viaPeek = pending.peek('c7')!;
    expect([viaPeek.length, [...viaPeek.terms], Array.from(viaPeek.tfs)]).toEqual([
      viaGet.length,
      [...viaGet.terms],
      Array.from(viaGet.tfs),
    ]);
    expect(Array.from(pending.peek('c8', true)!.numbered!.numbers)).toEqual(Array.from(fields[8]!.numbered!.numbers));
    expect(pending.get('c8')).toBeUndefined();
    pending.put('c8', fields[8]!);
    for (let i = 0; i < 300; i++)
      expect(Array.from(pending.take(`c${i}`)!.numbered!.numbers)).toEqual(Array.from(fields[i]!.numbered!.numbers));
    expect(pending.pagesHeld).toBeLessThan(pages);
    expect(pending.pagesHeld).toBeGreaterThan(0);
    for (let i = 300; i < 600; i++) pending.delete(`c${i}`);
    expect(pending.size).toBe(0);
    // Only the page being written stays (it is reused by the next put).
    expect(pending.pagesHeld).toBe(1);
    pending.put('again', fields[5]!);
    expect(Array.from(pending.take('again')!.tfs)).toEqual(Array.from(fields[5]!.tfs));
  });
});
