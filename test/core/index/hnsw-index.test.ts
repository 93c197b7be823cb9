import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HNSW, HnswIndex } from '../../../src/core/index/hnsw-index';
import { ExactIndex } from '../../../src/core/index/exact-index';
import { recallAtK } from '../../../src/core/index/recall';
import { lowRankVectors } from './random-vectors';
import { CHURN_DIMS, heavyChurn } from './vector-index-checks';

const dir = mkdtempSync(join(tmpdir(), 'hnsw-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('HnswIndex recall and persistence', () => {
  const dims = 128;
  // 16 latent dims carry 80% of the energy, isotropic noise the rest.
  const data = lowRankVectors(2000, dims, 16, 0.5, 11);
  const queries = lowRankVectors(100, dims, 16, 0.5, 12);
  const hnsw = new HnswIndex(dims);
  const exact = new ExactIndex(dims);
  data.forEach((x, i) => {
    hnsw.upsert(i, x);
    exact.upsert(i, x);
  });

  it('finds ≥ 95% of the exact top-10 at efSearch 128', () => {
    expect(DEFAULT_HNSW).toEqual({ m: 16, efConstruction: 200, efSearch: 128, initialCapacity: 1024 });
    expect(hnsw.size()).toBe(2000); // grew past initialCapacity 1024
    expect(recallAtK(hnsw, exact, queries, 10)).toBeGreaterThanOrEqual(0.95);
    // The data is hard enough for the measure to discriminate: a narrow beam loses many true neighbours.
    hnsw.setEfSearch(10);
    const narrow = recallAtK(hnsw, exact, queries, 10);
    hnsw.setEfSearch(DEFAULT_HNSW.efSearch);
    expect(narrow).toBeLessThan(0.9);
  });

  it('reports cosine similarities equal to the exact ones', () => {
    const q = queries[0]!;
    const truth = new Map(exact.search(q, 2000).map((h) => [h.label, h.score]));
    const hits = hnsw.search(q, 10);
    expect(hits).toHaveLength(10);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    for (const h of hits) expect(h.score).toBeCloseTo(truth.get(h.label)!, 4);
  });

  it('round-trips through save/load with identical results', () => {
    const file = join(dir, 'sub', 'vectors.hnsw');
    hnsw.save(file);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['vectors.hnsw']); // no temp file left behind
    const loaded = HnswIndex.load(file, dims);
    expect(loaded.size()).toBe(2000);
    expect(loaded.labels()).toEqual(hnsw.labels());
    for (const q of queries.slice(0, 20)) expect(loaded.search(q, 10)).toEqual(hnsw.search(q, 10));
    const back = loaded.getVector(17)!;
    expect(back).toBeInstanceOf(Float32Array);
    back.forEach((x, i) => expect(x).toBeCloseTo(data[17]![i]!, 6));
  });

  it('refuses a file of another dimension, a missing file, and garbage, with typed errors', () => {
    const file = join(dir, 'vectors-dims.hnsw');
    hnsw.save(file);
    expect(() => HnswIndex.load(file, 64)).toThrow(
      /^hnsw-index: cannot load .*dims differ \(file has 128, expected 64\)/,
    );
    expect(() => HnswIndex.load(join(dir, 'nope.hnsw'), dims)).toThrow(/^hnsw-index: cannot load .*ENOENT/);
    const junk = join(dir, 'junk.hnsw');
    writeFileSync(junk, Buffer.from('this is not an index at all, not even close'.repeat(10)));
    expect(() => HnswIndex.load(junk, dims)).toThrow(/^hnsw-index: cannot load/);
  });

  it('refuses truncated and bit-flipped files without crashing the process', () => {
    const file = join(dir, 'vectors-cut.hnsw');
    hnsw.save(file);
    const good = readFileSync(file);
    const bad = join(dir, 'bad.hnsw');
    for (const len of [0, 50, 96, 5000, Math.floor(good.length / 2), good.length - 1]) {
      writeFileSync(bad, good.subarray(0, len));
      expect(() => HnswIndex.load(bad, dims), `truncated to ${len}`).toThrow(/^hnsw-index: cannot load/);
    }
    writeFileSync(bad, Buffer.concat([good, Buffer.from([1, 2, 3, 4])]));
    expect(() => HnswIndex.load(bad, dims)).toThrow(/trailing bytes/);
    // A neighbour id far out of range in element 5's level-0 list: native search would read out of bounds.
    const flipped = Buffer.from(good);
    const sizeData = Number(flipped.readBigUInt64LE(24));
    flipped.writeUInt32LE(0x7fffffff, 96 + 5 * sizeData + 4);
    writeFileSync(bad, flipped);
    expect(() => HnswIndex.load(bad, dims)).toThrow(/links to missing element/);
    // A NaN inside a stored vector.
    const nan = Buffer.from(good);
    nan.writeFloatLE(Number.NaN, 96 + 3 * sizeData + 4 + 4 * 32);
    writeFileSync(bad, nan);
    expect(() => HnswIndex.load(bad, dims)).toThrow(/non-finite/);
    // A header whose M disagrees with the element layout.
    const header = Buffer.from(good);
    header.writeBigUInt64LE(3n, 72);
    writeFileSync(bad, header);
    expect(() => HnswIndex.load(bad, dims)).toThrow(/bad header \(M\)/);
    const mult = Buffer.from(good);
    mult.writeDoubleLE(0.5, 80);
    writeFileSync(bad, mult);
    expect(() => HnswIndex.load(bad, dims)).toThrow(/bad header \(mult\)/);
    // Two slots claiming the same label.
    const dup = Buffer.from(good);
    const labelAt = (i: number): number => 96 + i * sizeData + sizeData - 8;
    dup.writeBigUInt64LE(dup.readBigUInt64LE(labelAt(0)), labelAt(1));
    writeFileSync(bad, dup);
    expect(() => HnswIndex.load(bad, dims)).toThrow(/duplicate label/);
    // Still usable afterwards.
    expect(HnswIndex.load(file, dims).size()).toBe(2000);
  });
});

describe('HnswIndex updates', () => {
  it('upserts, removes, re-adds and reports live labels only', () => {
    const idx = new HnswIndex(3, { initialCapacity: 4 });
    idx.upsert(1, v(1, 0, 0));
    idx.upsert(2, v(0, 1, 0));
    idx.upsert(3, v(0, 0, 1));
    expect(idx.size()).toBe(3);
    idx.upsert(1, v(0, 1, 0.1)); // replace in place
    expect(idx.size()).toBe(3);
    const q = v(1, 0, 0);
    expect(idx.search(q, 3).every((h) => h.score < 0.5)).toBe(true);
    idx.remove(2);
    idx.remove(2);
    idx.remove(42);
    expect(idx.has(2)).toBe(false);
    expect(idx.size()).toBe(2);
    expect(idx.labels()).toEqual([1, 3]);
    expect(idx.getVector(2)).toBeNull();
    expect(idx.search(v(0, 1, 0), 5).map((h) => h.label)).toEqual([1, 3]);
    idx.upsert(2, v(1, 0, 0)); // re-add a deleted label, new vector
    expect(idx.labels()).toEqual([1, 2, 3]);
    expect(idx.search(q, 1)).toEqual([{ label: 2, score: expect.closeTo(1, 5) }]);
  });

  it('reuses deleted slots for new labels and keeps every label reachable', () => {
    const data = lowRankVectors(64, 8, 3, 0.3, 5);
    const idx = new HnswIndex(8, { initialCapacity: 16 });
    const exact = new ExactIndex(8);
    const put = (label: number, x: Float32Array): void => {
      idx.upsert(label, x);
      exact.upsert(label, x);
    };
    const del = (label: number): void => {
      idx.remove(label);
      exact.remove(label);
    };
    for (let i = 0; i < 16; i++) put(i, data[i]!);
    for (let i = 0; i < 8; i++) del(i);
    for (let i = 16; i < 24; i++) put(i, data[i]!); // fills the 8 freed slots, no growth needed
    for (let i = 0; i < 4; i++) put(i, data[40 + i]!); // labels whose slots were taken by others
    del(20);
    put(20, data[50]!); // label revived in its own slot
    for (let i = 24; i < 40; i++) put(i, data[i]!); // growth beyond capacity
    expect(idx.labels()).toEqual(exact.labels());
    expect(idx.size()).toBe(exact.size());
    for (const label of exact.labels()) {
      const got = idx.getVector(label)!;
      const want = exact.getVector(label)!;
      got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 5));
      expect(idx.search(want, 1)[0]!.label).toBe(label);
    }
    del(25);
    const file = join(dir, 'churn.hnsw');
    idx.save(file);
    const loaded = HnswIndex.load(file, 8);
    expect(loaded.labels()).toEqual(exact.labels());
    expect(loaded.has(25)).toBe(false);
    loaded.upsert(25, data[60]!); // a label deleted before the save comes back after a load, in its own slot
    loaded.upsert(99, data[61]!); // and a new one grows the loaded index
    loaded.remove(30);
    expect(loaded.labels()).toEqual([...exact.labels().filter((l) => l !== 30), 25, 99].sort((a, b) => a - b));
    expect(loaded.search(data[60]!, 1)[0]!.label).toBe(25);
    expect(loaded.search(data[61]!, 1)[0]!.label).toBe(99);
  });

  it('stays consistent under heavy churn (slot reuse and tombstone pruning)', () => {
    const idx = new HnswIndex(CHURN_DIMS, { m: 8, efConstruction: 40 });
    const { data, exact } = heavyChurn(idx);
    expect(idx.labels()).toEqual(exact.labels());
    for (const label of [5, 1099, 2000, 2500, 1150]) expect(idx.search(data[label]!, 1)[0]!.label).toBe(label);
    const file = join(dir, 'heavy-churn.hnsw');
    idx.save(file);
    expect(HnswIndex.load(file, CHURN_DIMS).labels()).toEqual(exact.labels());
  });

  it('honours the filter callback and clamps k to the live count', () => {
    const data = lowRankVectors(300, 16, 4, 0.3, 9);
    const idx = new HnswIndex(16);
    data.forEach((x, i) => idx.upsert(i, x));
    const odd = idx.search(data[10]!, 15, (l) => l % 2 === 1);
    expect(odd).toHaveLength(15);
    expect(odd.every((h) => h.label % 2 === 1)).toBe(true);
    expect(
      idx
        .search(data[10]!, 10, (l) => l < 3)
        .map((h) => h.label)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(idx.search(data[10]!, 5000)).toHaveLength(300);
    expect(idx.search(data[10]!, 0)).toEqual([]);
    expect(() =>
      idx.search(data[10]!, 5, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(new HnswIndex(16).search(data[0]!, 10)).toEqual([]);
  });

  it('setEfSearch changes the beam and rejects nonsense', () => {
    const idx = new HnswIndex(4);
    idx.upsert(0, v(1, 0, 0, 0));
    idx.setEfSearch(10);
    expect(idx.search(v(1, 0, 0, 0), 1)[0]!.label).toBe(0);
    expect(() => idx.setEfSearch(0)).toThrow(/^hnsw-index: efSearch/);
  });

  it('rejects bad input with module-prefixed errors and loses nothing', () => {
    const idx = new HnswIndex(3);
    idx.upsert(7, v(1, 0, 0));
    expect(() => idx.upsert(8, v(1, 0))).toThrow(/^hnsw-index: vector has 2 dims, index has 3/);
    expect(() => idx.upsert(8, v(1, Number.POSITIVE_INFINITY, 0))).toThrow(/^hnsw-index: vector has a non-finite/);
    expect(() => idx.upsert(2 ** 32, v(1, 0, 0))).toThrow(/^hnsw-index: label/);
    expect(() => idx.search(v(1, 0, 0), 1.5)).toThrow(/^hnsw-index: k/);
    expect(() => new HnswIndex(3, { m: 1 })).toThrow(/^hnsw-index: m must be/);
    expect(() => new HnswIndex(-3)).toThrow(/^hnsw-index: dims/);
    expect(idx.labels()).toEqual([7]);
  });

  it('saves and loads an empty index and an index whose vectors were all removed', () => {
    const empty = new HnswIndex(5);
    const f1 = join(dir, 'empty.hnsw');
    empty.save(f1);
    expect(statSync(f1).size).toBe(96);
    const e2 = HnswIndex.load(f1, 5);
    expect(e2.size()).toBe(0);
    e2.upsert(3, v(1, 2, 3, 4, 5));
    expect(e2.search(v(1, 2, 3, 4, 5), 3)[0]!.label).toBe(3);
    e2.remove(3);
    const f2 = join(dir, 'emptied.hnsw');
    e2.save(f2);
    const e3 = HnswIndex.load(f2, 5);
    expect(e3.size()).toBe(0);
    expect(e3.search(v(1, 0, 0, 0, 0), 3)).toEqual([]);
  });
});
